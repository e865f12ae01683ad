"""The grading page in Moodle's iframe: the final grade shows live as rubric levels are chosen, and the browser's
figure is the server's (the preview button asks the server, without saving; saving stores that figure); comment
boxes grow with their text."""
from decimal import Decimal

from playwright.sync_api import expect
from test_budget_flow import TIMEOUT_MS, _setup_exercise

from lti_tool.budgeting.models import SUBMITTED, BudgetSubmission
from lti_tool.budgeting.services.documents import empty_document
from lti_tool.budgeting.services.exercises import exercise_for
from lti_tool.extensions import db
from lti_tool.lti.models import LtiUser, ResourceLink


def test_live_final_grade_matches_the_server_and_comments_grow(app, site, new_context):
    page = new_context(viewport={"width": 770, "height": 575}).new_page()
    frame = page.frame_locator("#contentframe")
    page.goto(site.course_url("instructor"))
    expect(frame.locator("[data-testid=instructor-setup]")).to_be_visible(timeout=TIMEOUT_MS)
    activity = _setup_exercise(ResourceLink.query.filter_by(resource_link_id="1").one())
    exercise = exercise_for(activity)
    levels = [("Kurang", "0"), ("Cukup", "2.5"), ("Baik", "8")], [("Tidak", "0"), ("Ya", "3")]
    exercise.rubric = [{"criterion": name, "levels": [{"label": label, "points": points} for label, points in rows]}
                       for name, rows in zip(("Volume wajar", "Indikator"), levels, strict=True)]
    exercise.automatic_weight_pct = 60
    learner = LtiUser.query.first()
    db.session.add(BudgetSubmission(activity_id=activity.id, user_id=learner.id, status=SUBMITTED,
                                    document=empty_document(), automatic_score=Decimal("72.35"), findings=[],
                                    check_units={}))
    db.session.commit()
    submission = BudgetSubmission.query.one()

    page.goto(site.course_url("instructor"))
    frame.locator("[data-testid=submissions] a.btn").first.click()
    form = frame.locator("[data-testid=grade-form][data-live-preview=ready]")
    expect(form).to_be_visible(timeout=TIMEOUT_MS)
    preview = frame.locator("[data-testid=final-preview]")
    expect(preview).to_have_attribute("data-value", "")
    frame.locator("input[name=criterion-0][value='0']").check()
    frame.locator("input[name=criterion-1][value='1']").check()
    # rubric 3 / 11 = 27.27 %; 72.35 × 60 % + 27.27 × 40 % = 54.318 → 54.32, live in the browser
    expect(preview).to_have_attribute("data-value", "54.32", timeout=TIMEOUT_MS)
    live = preview.text_content()
    frame.locator("input[name=criterion-0][value='1']").check()
    expect(preview).to_have_attribute("data-value", "63.41", timeout=TIMEOUT_MS)  # 5.5 / 11 = 50 %

    box = frame.locator("textarea[name=comment]")
    before = box.bounding_box()["height"]
    box.fill("Baris satu\nBaris dua\nBaris tiga\nBaris empat\nBaris lima\nBaris enam")
    assert box.bounding_box()["height"] > before + 30

    frame.locator("input[name=criterion-0][value='0']").check()
    frame.locator("[data-testid=preview-grade]").click()  # the server's figure, nothing saved
    expect(frame.locator("[data-testid=grade-form][data-live-preview=ready]")).to_be_visible(timeout=TIMEOUT_MS)
    expect(preview).to_have_attribute("data-value", "54.32")
    assert preview.text_content() == live
    db.session.expire_all()
    assert db.session.get(BudgetSubmission, submission.id).final_score is None
    frame.locator("[data-testid=grade-form] button.btn-primary[type=submit]").click()
    expect(frame.locator("[data-testid=exercise-settings]")).to_be_visible(timeout=TIMEOUT_MS)
    db.session.expire_all()
    assert db.session.get(BudgetSubmission, submission.id).final_score == Decimal("54.32")
