"""Level 3 in Chromium: the instructor, in Moodle's cross-site iframe, invites an external alumnus to a form built
from the level-3 template and gets a personal link to copy (no email set up); the alumnus opens it on a phone-sized
screen — standalone, not framed, no Moodle account — reads whether the form is anonymous and answers; the
instructor's invitations page then shows them as answered."""
from playwright.sync_api import expect

from lti_tool.extensions import db
from lti_tool.feedback.invitation_models import FeedbackInvitation
from lti_tool.feedback.models import FeedbackItem

TIMEOUT_MS = 15_000


def _create_level3(site, page):
    page.goto(f"{site.platform.issuer}/course/view.php?kind=deep_linking&dialog=1")
    dialog = page.frame_locator("#contentframe")
    expect(dialog.locator("[data-testid=select-content]")).to_be_visible(timeout=TIMEOUT_MS)
    dialog.locator("#kind").select_option("feedback")
    dialog.locator("#title").fill("Evaluasi Pasca Pelatihan Latsar")
    dialog.locator("[data-testid=feedback-template]").select_option("pasca_alumni")
    dialog.locator("[data-testid=create-activity] button[type=submit]").click()
    expect(dialog.locator("[data-testid=pick-activities] input[name=activity]")).to_be_checked(timeout=TIMEOUT_MS)
    dialog.locator("[data-testid=add-to-course]").click()
    expect(dialog.locator("[data-testid=moodle-selected] li")).to_have_text(["Evaluasi Pasca Pelatihan Latsar"],
                                                                             timeout=TIMEOUT_MS)
    (item,) = site.platform.deep_link_items
    return int(item["custom"]["latih_activity"])


def test_an_external_alumnus_answers_a_level3_link_on_a_phone(site, new_context):
    page = new_context(viewport={"width": 1100, "height": 900}).new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    activity_id = _create_level3(site, page)
    site.platform.adopt_deep_link_item()

    page.goto(site.course_url("instructor"))
    frame = page.frame_locator("#contentframe")
    frame.get_by_role("link", name="Invitations").click()
    add = frame.locator("[data-testid=add-external]")
    expect(add).to_be_visible(timeout=TIMEOUT_MS)
    add.locator("[name=name]").fill("Ani Lestari")
    add.locator("[name=unit]").fill("Dinas Kesehatan Kab. Bogor")
    add.locator("[data-testid=add-external-submit]").click()
    link_field = frame.locator("[data-testid=invitation-link]")
    expect(link_field).to_be_visible(timeout=TIMEOUT_MS)
    link = link_field.input_value()
    expect(frame.locator("[data-testid=invitation-text]")).to_contain_text("Ani Lestari")
    assert "/feedback/i/" in link
    row = FeedbackInvitation.query.one()
    assert link.split("/feedback/i/")[1].split("/")[0] not in row.token_hash  # only the hash is stored

    phone = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                        locale="id-ID").new_page()  # a phone in Indonesia
    phone.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    response = phone.goto(link)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    expect(phone.locator("[data-testid=mode-notice]")).to_contain_text("anonim", timeout=TIMEOUT_MS)
    assert phone.evaluate("window.top === window.self")  # standalone, not in an iframe
    assert phone.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    keys = {i.key: i.id for i in FeedbackItem.query.filter_by(form_id=activity_id)}
    for key in ("apply_knowledge", "apply_skills", "work_quality", "share"):
        phone.locator(f"#q{keys[key]}-4").check()
    phone.locator(f"[name=q{keys['obstacles']}]").fill("Peralatan di puskesmas belum tersedia")
    phone.locator("[data-testid=send-answers]").click()
    expect(phone.locator("[data-testid=invitation-thanks]")).to_be_visible(timeout=TIMEOUT_MS)

    page.goto(site.course_url("instructor"))
    frame.get_by_role("link", name="Invitations").click()
    expect(frame.locator("[data-testid=invitees-table] tr[data-status=answered]")).to_contain_text(
        "Ani Lestari", timeout=TIMEOUT_MS)
    db.session.expire_all()
    assert FeedbackInvitation.query.one().answered_at is not None
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
