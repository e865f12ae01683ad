"""The loop from feedback to a change, in Chromium inside Moodle's cross-site iframe: the instructor tags an open answer
of the course's feedback form and opens a revision request on the course's module from it; the module's author sees
the request beside the module's versions, answers it "addressed in version 2" and freezes version 2; the feedback
side then shows the request addressed in version 2, and the course overview counts it."""
from loop_support import store_answers
from modules_pages_support import MODULE_V1, MODULE_V2
from playwright.sync_api import expect

from lti_tool.activities.services import create_activity
from lti_tool.feedback.models import FeedbackItem
from lti_tool.feedback.services.forms import form_for
from lti_tool.lti.models import Course

TIMEOUT_MS = 20_000


def _nav(frame, endpoint):
    frame.locator(f"[data-testid='staff-nav-{endpoint}']").click()


def _open_as(site, page, activity, kind="instructor"):
    """Moodle's link now shows ``activity`` (its custom parameter), launched again from the course page."""
    site.platform.link_custom = {"latih_activity": str(activity.id)}
    page.goto(site.course_url(kind))
    return page.frame_locator("#contentframe")


def _freeze(frame, markdown):
    _nav(frame, "modules.editor")
    editor = frame.locator("[data-testid=markdown]")
    expect(editor).to_be_visible(timeout=TIMEOUT_MS)
    editor.fill(markdown)
    frame.locator("[data-testid=save-and-freeze]").click()
    frame.locator("[data-testid=confirm-freeze]").click()
    expect(frame.locator("[data-testid=version-text]")).to_be_visible(timeout=TIMEOUT_MS)


def test_a_tagged_answer_becomes_a_request_that_version_2_addresses(site, new_context):
    page = new_context(viewport={"width": 1100, "height": 900}).new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(site.course_url("instructor"))  # the course exists from the first launch on
    expect(page.frame_locator("#contentframe").locator("[data-testid=instructor-setup]")).to_be_visible(
        timeout=TIMEOUT_MS)
    course = Course.query.one()
    feedback = create_activity(course.id, None, "feedback", "Evaluasi Penyelenggaraan Angkatan 5", form={
        "feedback_form": "1", "feedback_template": "penyelenggaraan", "feedback_anonymous": "0"})
    module = create_activity(course.id, None, "modules", "Modul Perencanaan Desa")
    form_for(feedback)
    improve = FeedbackItem.query.filter_by(form_id=feedback.id, key="improve").one().id
    store_answers(feedback.id, improve, ["Contoh kasus dari desa kami kurang", "Ruang kelas dingin"])

    frame = _open_as(site, page, module)
    _freeze(frame, MODULE_V1)

    # The instructor tags an open answer and opens a revision request on the module from it.
    frame = _open_as(site, page, feedback)
    _nav(frame, "feedback.open_answers")
    answer = frame.locator("[data-testid=open-answer]").filter(has_text="Contoh kasus dari desa kami kurang")
    expect(answer).to_be_visible(timeout=TIMEOUT_MS)
    answer.locator("[data-testid=tag-form] input[name=tag]").fill("materi")
    answer.locator("[data-testid=tag-form] button").click()
    answer = frame.locator("[data-testid=open-answer]").filter(has_text="Contoh kasus dari desa kami kurang")
    expect(answer.locator("[data-testid=answer-tag]")).to_contain_text("materi", timeout=TIMEOUT_MS)
    expect(frame.locator("[data-testid=tag-counts] [data-tag=materi]")).to_have_attribute("data-count", "1")
    answer.locator("[data-testid=answer-finding]").click()
    finding = frame.locator("[data-testid=finding-form]")
    expect(finding.locator("[data-testid=finding-quote]")).to_contain_text("Contoh kasus", timeout=TIMEOUT_MS)
    finding.locator("[data-testid=finding-target]").select_option(str(module.id))
    finding.locator("[name=figure]").fill("3 dari 20 peserta meminta contoh desa")
    finding.locator("[data-testid=finding-change]").fill("Tambahkan studi kasus musyawarah desa.")
    finding.locator("[data-testid=finding-submit]").click()
    request = frame.locator("[data-testid=revision-request]")
    expect(request.locator("[data-testid=revision-state]")).to_have_attribute("data-state", "open",
                                                                              timeout=TIMEOUT_MS)

    # The module's author answers it beside the versions, then freezes version 2.
    frame = _open_as(site, page, module)
    mine = frame.locator("[data-testid=module-revision-request]")
    expect(mine).to_contain_text("Tambahkan studi kasus musyawarah desa.", timeout=TIMEOUT_MS)
    expect(mine.locator("[name=version]")).to_have_value("2")
    mine.locator("[name=answer]").fill("Bab Materi Pokok: studi kasus Musdes ditambahkan.")
    mine.locator("[data-testid=revision-answer-save]").click()
    expect(frame.locator("[data-testid=module-revision-request] [data-testid=revision-state]")).to_have_text(
        "addressed in version 2", timeout=TIMEOUT_MS)
    _freeze(frame, MODULE_V2)

    # The feedback side: addressed in version 2; the course overview counts it.
    frame = _open_as(site, page, feedback)
    _nav(frame, "feedback.revisions")
    state = frame.locator("[data-testid=revision-request] [data-testid=revision-state]")
    expect(state).to_have_text("addressed in version 2", timeout=TIMEOUT_MS)
    expect(frame.locator("[data-testid=revision-answer]")).to_contain_text("studi kasus Musdes")
    _nav(frame, "activities.course_overview")
    line = frame.locator(f"[data-testid=run-lines] tr[data-activity='{feedback.id}']")
    expect(line.locator("[data-testid=run-revisions]")).to_contain_text("1 addressed", timeout=TIMEOUT_MS)
    expect(line.locator("[data-testid=run-version]")).to_have_text("Modul Perencanaan Desa: version 2")
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
