"""The budget editor as a compact table in Moodle's cross-site iframe (issue 16, "Editor in the iframe"): a
40-line budget fits in about 60 px a line, Enter moves to the next field, Ctrl+Enter adds a line, and saving keeps
the learner where they were (no page load) and says *tersimpan*."""
import re

from playwright.sync_api import expect
from test_budget_editor import TIMEOUT_MS, open_exercise, saved_lines

LINES = 40
ROW_PX = 60
CHROME_PX = 120  # the column headings and the account's heading


def forty_lines():
    """Lines without findings (the exercise's one allowed account), so that each is a row and nothing more."""
    return [{"account": "5.1.02.02.01.0003", "component": f"Honor narasumber {n}", "specification": "Eselon III",
             "koefisien": f"{n} orang × 1 jam", "abbreviation": "OJ", "unit_price": "50,000", "ppn": False}
            for n in range(1, LINES + 1)]


def top(locator):
    """Where an element is in the frame's window (the frame scrolls inside Moodle's page): where the learner sees it."""
    return locator.evaluate("e => e.getBoundingClientRect().top")


def focused(frame):
    return frame.evaluate("document.activeElement && document.activeElement.name")


def test_forty_lines_compact_keyboard_and_saving_in_place(site, new_context):
    page = new_context(viewport={"width": 1000, "height": 900}).new_page()
    work = open_exercise(site, page, forty_lines())
    frame = page.frame(name="contentframe")
    expect(work.locator("[data-line-amount='40']")).to_have_text("Rp2,000,000", timeout=TIMEOUT_MS)
    frame.wait_for_load_state("load")  # measured with the style sheets applied
    height = work.locator("[data-lines]").bounding_box()["height"]
    assert height <= LINES * ROW_PX + CHROME_PX, height
    assert work.locator("[data-line]").count() == LINES
    frame.evaluate("window.latihSamePage = true")

    # Enter: the next field, never a post
    work.locator("[name=lines-1-account]").focus()
    page.keyboard.press("Enter")
    assert focused(frame) == "lines-1-component"
    page.keyboard.press("Enter")
    assert focused(frame) == "lines-1-koefisien"

    # Ctrl+Enter: a new line, numbered after the last, its first field focused
    page.keyboard.press("Control+Enter")
    expect(work.locator("[data-line='41']")).to_be_visible(timeout=TIMEOUT_MS)
    assert focused(frame) == "lines-41-account"

    # Ctrl+S on line 30: saved where the learner is, said as "Saved at …" (Tersimpan pukul …)
    field = work.locator("[name=lines-30-component]")
    field.fill("Honor narasumber tiga puluh")
    field.scroll_into_view_if_needed()
    before = top(field)
    assert 0 <= before < frame.evaluate("window.innerHeight") and frame.evaluate("window.scrollY") > 0
    page.keyboard.press("Control+s")
    expect(work.locator("form[data-save-state=saved]")).to_have_count(1, timeout=TIMEOUT_MS)
    expect(work.locator("[data-autosave-status]")).to_have_text(re.compile(r"^Saved at \d"))
    assert abs(top(field) - before) <= 2, (top(field), before)
    assert focused(frame) == "lines-30-component"
    assert {line["component"] for line in saved_lines()} >= {"Honor narasumber tiga puluh"}
    assert next(line["no"] for line in saved_lines() if line["component"] == "Honor narasumber tiga puluh") == 30

    # the Save button: no page load either, the position kept
    field.fill("Honor narasumber 30")
    save = work.locator("[data-save]")
    save.scroll_into_view_if_needed()
    before = top(save)
    frame.evaluate("document.querySelector('form[data-budget-editor]').removeAttribute('data-save-state')")
    save.click()
    expect(work.locator("form[data-save-state=saved]")).to_have_count(1, timeout=TIMEOUT_MS)
    assert abs(top(save) - before) <= 2
    assert frame.evaluate("window.latihSamePage === true")  # no page was loaded
    assert "Honor narasumber 30" in {line["component"] for line in saved_lines()}
