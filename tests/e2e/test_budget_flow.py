"""The budgeting exercise end to end in Moodle's iframe: a learner drafts and submits, the instructor grades,
and the final grade reaches the (fake) Moodle gradebook."""
import time

from budgeting_support import ACCOUNTS, PRICES
from playwright.sync_api import expect

from lti_tool.activities.services import create_activity
from lti_tool.budgeting.services import exercises, settings
from lti_tool.extensions import db
from lti_tool.lti.models import Course, ResourceLink

TIMEOUT_MS = 15_000


def _setup_exercise(instructor_link):
    """An exercise with both lists, a ceiling and a rubric, shown by both Moodle links (instructor's and learner's)."""
    course = Course.query.one()
    activity = create_activity(course.id, None, "budgeting", "Anggaran lokakarya Plaju")
    exercise = exercises.exercise_for(activity)
    settings.import_reference(exercise, "accounts", "accounts.csv", ACCOUNTS.encode(), None, "id")
    settings.import_reference(exercise, "prices", "prices.csv", PRICES.encode(), None, "id")
    exercise.ceiling, exercise.review_required = 10_000_000, True
    exercise.rubric = [{"criterion": "Volume wajar", "levels": [{"label": "Kurang", "points": "0"},
                                                               {"label": "Baik", "points": "10"}]}]
    exercise.automatic_weight_pct = 50
    instructor_link.activity_id = activity.id
    db.session.add(ResourceLink(issuer=course.issuer, resource_link_id="3", course_id=course.id,
                                title="LTI Lab activity (embedded)", activity_id=activity.id))
    db.session.commit()
    return activity


def test_learner_submits_instructor_grades_grade_reaches_moodle(app, site, new_context):
    page = new_context(viewport={"width": 1000, "height": 900}).new_page()
    frame = page.frame_locator("#contentframe")
    page.goto(site.course_url("instructor"))  # the course and the instructor's link now exist
    expect(frame.locator("[data-testid=instructor-setup]")).to_be_visible(timeout=TIMEOUT_MS)
    _setup_exercise(ResourceLink.query.filter_by(resource_link_id="1").one())

    # The learner drafts a budget inside the iframe, with plain form posts.
    learner = new_context(viewport={"width": 1000, "height": 900}).new_page()
    work = learner.frame_locator("#contentframe")
    learner.goto(site.course_url("student"))
    expect(work.locator("[data-testid=budget-form]")).to_be_visible(timeout=TIMEOUT_MS)
    for field in ("urusan", "program", "kegiatan", "sub_kegiatan", "organisasi", "sumber_dana", "lokasi",
                  "waktu_pelaksanaan", "kelompok_sasaran"):
        work.locator(f"[name=header-{field}]").fill(f"Isi {field}")
    for kind in ("capaian", "masukan", "keluaran", "hasil"):
        work.locator(f"[name=ind-{kind}-measure]").fill("Jumlah peserta")
        work.locator(f"[name=ind-{kind}-target]").fill("30 orang")
    work.locator("button[name=action][value=add]").click()
    expect(work.locator("[name=lines-1-account]")).to_be_visible(timeout=TIMEOUT_MS)
    work.locator("[name=lines-1-account]").fill("5.1.02.01.01.0052")
    work.locator("#line-1 details summary").click()  # the line's other fields fold open under it
    work.locator("[name=lines-1-reference_code]").fill("SSH-01")
    work.locator("[name=lines-1-component]").fill("Makan siang")
    work.locator("[name=lines-1-koefisien]").fill("30 orang × 2 hari")
    work.locator("[name=lines-1-abbreviation]").fill("OK")
    work.locator("[name=lines-1-unit_price]").fill("50000")  # the captured launch asks for English pages
    work.locator("button[name=action][value=save]").click()
    expect(work.locator("[data-testid=total]")).to_have_text("Rp3,000,000", timeout=TIMEOUT_MS)
    work.locator("button[name=action][value=submit]").click()
    expect(work.locator("[data-testid=confirm-submit]")).to_be_visible(timeout=TIMEOUT_MS)
    work.locator("[data-testid=confirm-submit] button[type=submit]").click()
    expect(work.locator("[data-testid=result]")).to_be_visible(timeout=TIMEOUT_MS)
    expect(work.locator("[data-testid=my-grade]")).to_contain_text("waiting for your instructor", timeout=TIMEOUT_MS)

    # The instructor grades it; the final grade goes to Moodle.
    page.goto(site.course_url("instructor"))
    expect(frame.locator("[data-testid=exercise-settings]")).to_be_visible(timeout=TIMEOUT_MS)
    frame.locator("[data-testid=submissions] a.btn").first.click()
    expect(frame.locator("[data-testid=grade-form]")).to_be_visible(timeout=TIMEOUT_MS)
    frame.locator("input[name=criterion-0][value='1']").check()
    frame.locator("textarea[name=comment]").fill("Bagus, volume wajar.")
    frame.locator("[data-testid=grade-form] button.btn-primary[type=submit]").click()
    expect(frame.locator("[data-testid=exercise-settings]")).to_be_visible(timeout=TIMEOUT_MS)

    deadline = time.time() + 15
    while time.time() < deadline:
        grade = site.platform.ags.gradebook.get((6, "4"))
        if grade and grade["gradingProgress"] == "FullyGraded":
            break
        time.sleep(0.1)
    assert grade and grade["gradingProgress"] == "FullyGraded" and grade["comment"] == "Bagus, volume wajar."
    assert grade["scoreGiven"] > 50  # rubric 100 % at 50 % weight, plus the automatic part
