"""Own templates in Chromium, inside Moodle's cross-site iframe: the instructor saves a form as a template from its
"Save or copy" page, and the "Select content" dialog then offers it and builds a new form from it."""
from playwright.sync_api import expect

from lti_tool.extensions import db
from lti_tool.feedback.models import FeedbackForm, FeedbackItem
from lti_tool.feedback.own_models import FeedbackOwnTemplate

TIMEOUT_MS = 30_000  # a loaded CI machine (two test legs, every core) once needed more than 15 s


def _dialog(site, page):
    page.goto(f"{site.platform.issuer}/course/view.php?kind=deep_linking&dialog=1")
    dialog = page.frame_locator("#contentframe")
    expect(dialog.locator("[data-testid=select-content]")).to_be_visible(timeout=TIMEOUT_MS)
    dialog.locator("#kind").select_option("feedback")
    return dialog


def test_save_as_template_then_the_dialog_offers_it(site, new_context):
    page = new_context(viewport={"width": 770, "height": 575}).new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    dialog = _dialog(site, page)
    expect(dialog.locator("[data-testid=feedback-own-templates]")).to_have_count(0)
    dialog.locator("#title").fill("Evaluasi Materi Latsar")
    dialog.locator("[data-testid=feedback-template]").select_option("materi")
    dialog.locator("[data-testid=create-activity] button[type=submit]").click()
    expect(dialog.locator("[data-testid=pick-activities] input[name=activity]")).to_be_checked(timeout=TIMEOUT_MS)
    dialog.locator("[data-testid=add-to-course]").click()
    expect(dialog.locator("[data-testid=moodle-selected] li")).to_have_count(1, timeout=TIMEOUT_MS)
    site.platform.adopt_deep_link_item()

    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(site.course_url("instructor"))
    frame = page.frame_locator("#contentframe")
    frame.locator("[data-testid='staff-nav-feedback.copy_home']").click()
    expect(frame.locator("[data-testid=save-template]")).to_be_visible(timeout=TIMEOUT_MS)
    frame.locator("[data-testid=template-name]").fill("Evaluasi Materi BPSDM")
    frame.locator("[data-testid=save-template-button]").click()
    expect(frame.locator("[data-testid=own-templates]")).to_contain_text("Evaluasi Materi BPSDM", timeout=TIMEOUT_MS)
    template = FeedbackOwnTemplate.query.one()

    page.set_viewport_size({"width": 770, "height": 575})
    dialog = _dialog(site, page)
    own = dialog.locator("[data-testid=feedback-own-templates] option")
    expect(own).to_have_text(["Evaluasi Materi BPSDM (version 1)"])
    dialog.locator("#title").fill("Evaluasi Materi angkatan II")
    dialog.locator("[data-testid=feedback-template]").select_option(template.key)
    dialog.locator("[data-testid=create-activity] button[type=submit]").click()
    expect(dialog.locator("[data-testid=pick-activities] input[name=activity]:checked")).to_have_count(
        1, timeout=TIMEOUT_MS)
    db.session.expire_all()
    built = FeedbackForm.query.filter_by(template_key=template.key).one()
    assert built.template_version == 1
    assert FeedbackItem.query.filter_by(form_id=built.activity_id, key="hard_parts").one().condition is not None
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
