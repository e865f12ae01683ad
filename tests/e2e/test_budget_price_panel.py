"""The standard-price panel in Moodle's cross-site iframe (issue 16): the learner searches the SSH/SBU list while
typing, picks an item with the keyboard and the line gets its account, component, specification, unit and price;
a price typed above the ceiling is still taken, and flagged by the checks."""
from playwright.sync_api import expect
from test_budget_editor import TIMEOUT_MS, open_exercise


def test_pick_a_standard_price_into_a_line_with_the_keyboard(site, new_context):
    page = new_context(viewport={"width": 1000, "height": 900}).new_page()
    work = open_exercise(site, page, lines=[{"koefisien": "2 orang × 3 jam"}])
    panel = work.locator("[data-testid=price-panel]")
    expect(panel).to_have_attribute("data-price-ready", "0", timeout=TIMEOUT_MS)  # the panel's script has run
    expect(panel.locator("[data-price-rows] tr")).to_have_count(2)

    work.locator("[name=lines-1-koefisien]").focus()  # the line the learner works on
    expect(panel.locator("[data-price-target]")).to_have_text("Fills line 1")
    panel.locator("summary").click()
    panel.locator("#price-q").fill("honor")
    expect(panel.locator("[data-price-rows] tr")).to_have_count(1, timeout=TIMEOUT_MS)
    use = panel.locator("[data-price-use]")
    expect(use).to_have_attribute("aria-label", "Use SBU-01 in line 1")
    use.focus()
    page.keyboard.press("Enter")

    expect(work.locator("[name=lines-1-account]")).to_have_value("5.1.02.02.01.0003")  # the only allowed one
    expect(work.locator("[name=lines-1-reference_code]")).to_have_value("SBU-01")
    expect(work.locator("[name=lines-1-component]")).to_have_value("Honor narasumber")
    expect(work.locator("[name=lines-1-specification]")).to_have_value("Eselon III")
    expect(work.locator("[name=lines-1-abbreviation]")).to_have_value("OJ")
    expect(work.locator("[name=lines-1-unit_price]")).to_have_value("1,000,000")  # the page's language (English)
    expect(work.locator("[name=lines-1-koefisien]")).to_be_focused()  # next: the koefisien
    expect(work.locator("[data-line-amount='1']")).to_have_text("Rp6,000,000", timeout=TIMEOUT_MS)
    expect(panel.locator("[data-price-status]")).to_have_text("Line 1 filled from SBU-01.")

    # A price above the ceiling can still be typed: the checks flag it on the line.
    work.locator("[name=lines-1-unit_price]").fill("1,500,000")
    expect(work.locator("[data-line-amount='1']")).to_have_text("Rp9,000,000", timeout=TIMEOUT_MS)
    expect(work.locator("[data-line-findings='1']")).to_contain_text("1,500,000", timeout=TIMEOUT_MS)
