"""The language switch in Moodle's cross-site iframe, in a real Chromium: the choice sticks in the session."""
from playwright.sync_api import expect

TIMEOUT_MS = 15_000


def test_switch_language_inside_the_iframe(site, new_context):
    context = new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site.course_url("student"))  # the fake Moodle launches in English
    frame = page.frame_locator("#contentframe")
    waiting = frame.locator("[data-testid=learner-waiting]")
    expect(waiting).to_contain_text("Your instructor has not set up this activity yet", timeout=TIMEOUT_MS)

    frame.get_by_role("button", name="Bahasa Indonesia").click()
    expect(waiting).to_contain_text("Instruktur Anda belum menyiapkan aktivitas ini", timeout=TIMEOUT_MS)
    expect(frame.locator("html")).to_have_attribute("lang", "id")
    assert page.url.startswith(site.platform_origin)  # still inside Moodle's page

    inner = page.frame(name="contentframe")
    inner.goto(inner.url)  # another page of the same launch: the choice holds
    expect(waiting).to_contain_text("Instruktur Anda belum menyiapkan aktivitas ini", timeout=TIMEOUT_MS)
    scroll_width, client_width = inner.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll_width <= client_width, (scroll_width, client_width)  # the switch fits a 360 px phone
