"""Issue 15's follow-up session in Chromium, inside Moodle's cross-site iframe: the instructor schedules it in
"Select content"; a learner signs up; the instructor shows the attendance code (with its QR) on the projector page;
the learner enters it, and their learning record shows the session's JP."""
import re

from followup_support import local_input
from playwright.sync_api import expect

TIMEOUT_MS = 15_000


def test_sign_up_show_the_code_enter_it_and_the_record_credits_the_jp(site, new_context):
    page = new_context(viewport={"width": 1100, "height": 900}).new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto(f"{site.platform.issuer}/course/view.php?kind=deep_linking&dialog=1")
    dialog = page.frame_locator("#contentframe")
    expect(dialog.locator("[data-testid=select-content]")).to_be_visible(timeout=TIMEOUT_MS)
    dialog.locator("#kind").select_option("followup")
    dialog.locator("#title").fill("Seminar SIPD")
    dialog.locator("[data-testid=followup-starts]").fill(local_input(-1))
    dialog.locator("[data-testid=followup-ends]").fill(local_input(2))
    dialog.locator("[data-testid=followup-url]").fill("https://zoom.example/j/42")
    dialog.locator("[data-testid=followup-jp]").fill("3")
    dialog.locator("[data-testid=create-activity] button[type=submit]").click()
    expect(dialog.locator("[data-testid=pick-activities] input[name=activity]:checked")).to_have_count(
        1, timeout=TIMEOUT_MS)
    dialog.locator("[data-testid=add-to-course]").click()
    expect(dialog.locator("[data-testid=moodle-selected] li")).to_have_text(["Seminar SIPD"], timeout=TIMEOUT_MS)
    site.platform.adopt_deep_link_item()

    # The learner signs up.
    page.goto(site.course_url("student"))
    frame = page.frame_locator("#contentframe")
    frame.locator("[data-testid=followup-signup]").click()
    expect(frame.locator("[data-testid=followup-signed-up]")).to_be_visible(timeout=TIMEOUT_MS)

    # The instructor sees the sign-up and shows the code on the projector.
    page.goto(site.course_url("instructor"))
    expect(frame.locator("[data-testid=followup-seats-list] tbody tr")).to_have_count(1, timeout=TIMEOUT_MS)
    frame.locator("[data-testid='staff-nav-followup.projector']").click()
    shown = frame.locator("[data-testid=followup-shown-code]")
    expect(shown).to_be_visible(timeout=TIMEOUT_MS)
    expect(frame.locator("[data-testid=followup-qr]")).to_have_attribute("src", re.compile(r"^data:image/svg\+xml"))
    code = shown.get_attribute("data-code")

    # The learner enters it; the record shows the JP.
    page.goto(site.course_url("student"))
    frame.locator("[data-testid=followup-code]").fill(code)
    frame.locator("[data-testid=followup-code-send]").click()
    expect(frame.locator("[data-testid=followup-attended]")).to_be_visible(timeout=TIMEOUT_MS)
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
    frame.locator("[data-testid=record-link]").click()
    expect(frame.locator("[data-testid=record-total]")).to_contain_text("3 of 20 JP", timeout=TIMEOUT_MS)
    expect(frame.locator("[data-testid=record-entries]")).to_contain_text("Seminar SIPD")
