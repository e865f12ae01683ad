"""The budget editor's JavaScript in Moodle's cross-site iframe: amounts and totals while typing, drafts saved
automatically, and unsaved work offered back after a reload when the network dropped.

The copy of unsaved work lives in sessionStorage, which Chromium denies to a cross-site frame when third-party
cookies are blocked (the tests' off-the-record contexts): there the editor does without it (the first test), and the
restore test uses a profile that allows them, as most browsers do by default."""
import re
import time
from types import SimpleNamespace

import pytest
from budgeting_support import ACCOUNTS, PRICES
from playwright.sync_api import expect

from lti_tool.activities.services import create_activity
from lti_tool.budgeting.models import BudgetSubmission
from lti_tool.budgeting.services import exercises, settings, submissions
from lti_tool.extensions import db
from lti_tool.lti.models import Course, LtiUser, ResourceLink

TIMEOUT_MS = 15_000
AUTOSAVE_EVERY_MS = 10_000  # static/budgeting/editor.js autosaves this often; the tests move the page's clock on
# Chromium's "Allow third-party cookies" (chrome://settings/cookies), as stored in a profile: framed storage allowed.
ALLOW_THIRD_PARTY = {"profile": {"cookie_controls_mode": 0, "block_third_party_cookies": False}}


@pytest.fixture
def network(app):
    """The network between the page and the editor's endpoints: ``network.down = True`` and they fail as behind a
    gateway that lost the tool (502). Playwright's routing and offline mode cannot stand in: the autosave a page
    sends while it unloads (a keepalive request) bypasses both."""
    state = SimpleNamespace(down=False)
    inner = app.wsgi_app

    def wsgi_app(environ, start_response):
        if state.down and environ.get("PATH_INFO", "").startswith("/budgeting/api/"):
            start_response("502 Bad Gateway", [("Content-Type", "text/plain")])
            return [b"the tool cannot be reached"]
        return inner(environ, start_response)

    app.wsgi_app = wsgi_app
    yield state
    app.wsgi_app = inner


def autosave_time(page):
    """Move the page's clock (Playwright's fake timers, installed by ``open_exercise``) past the autosave interval:
    the autosave runs now instead of after ten seconds of waiting."""
    page.clock.fast_forward(AUTOSAVE_EVERY_MS)


def open_exercise(site, page, lines=()):
    """The learner opens the course page, then the exercise is set up and bound to their link (Moodle's link "3")
    and the course page is opened again: a new launch, landing in the budget editor. The page's timers are
    Playwright's (time flows as usual; ``autosave_time`` jumps ahead)."""
    page.clock.install()
    page.goto(site.course_url("student"))
    expect(page.frame_locator("#contentframe").locator("[data-testid=learner-waiting]")).to_be_visible(
        timeout=TIMEOUT_MS)
    activity = create_activity(Course.query.one().id, None, "budgeting", "Anggaran lokakarya")
    exercise = exercises.exercise_for(activity)
    settings.import_reference(exercise, "accounts", "accounts.csv", ACCOUNTS.encode(), None, "id")
    settings.import_reference(exercise, "prices", "prices.csv", PRICES.encode(), None, "id")
    exercise.ceiling = 5_000_000
    exercise.allowed_accounts = ["5.1.02.02.01.0003"]  # not the meals account the tests type
    ResourceLink.query.filter_by(resource_link_id="3").one().activity_id = activity.id
    db.session.commit()
    if lines:
        draft = submissions.current_submission(activity.id, LtiUser.query.one().id)
        submissions.save_draft(draft, {"header": {}, "indicators": [], "lines": list(lines)}, 0, "en")
    page.reload()
    work = page.frame_locator("#contentframe")
    expect(work.locator("[data-testid=budget-form]")).to_be_visible(timeout=TIMEOUT_MS)
    return work


def saved_lines():
    db.session.expire_all()
    return BudgetSubmission.query.one().document["lines"]


def test_amounts_update_while_typing_and_the_draft_survives_a_reload(site, new_context):
    page = new_context(viewport={"width": 1000, "height": 900}).new_page()
    work = open_exercise(site, page)
    work.locator("button[name=action][value=add]").click()  # a line added in the page
    expect(work.locator("[name=lines-1-account]")).to_be_visible(timeout=TIMEOUT_MS)
    work.locator("button[name=action][value=save]").click()  # saved in place: the checks' findings are listed now
    expect(work.locator("form[data-save-state=saved]")).to_have_count(1, timeout=TIMEOUT_MS)
    page.frame(name="contentframe").evaluate("window.latihSamePage = true")

    # The learner's launch asks for English pages: numbers are written the English way.
    work.locator("[name=lines-1-account]").fill("5.1.02.01.01.0052")
    work.locator("[name=lines-1-component]").fill("Makan siang")
    work.locator("[name=lines-1-koefisien]").fill("30 orang × 2 hari")
    work.locator("[name=lines-1-unit_price]").fill("50,000")
    expect(work.locator("[data-line-amount='1']")).to_have_text("Rp3,000,000", timeout=TIMEOUT_MS)
    expect(work.locator("[data-testid=total]")).to_have_text("Rp3,000,000")
    expect(work.locator("[data-testid=totals]")).to_contain_text("remaining Rp2,000,000")
    expect(work.locator("[data-testid=totals] [data-group-row]")).to_have_count(1)
    expect(work.locator("[data-testid=totals] [data-group-row]")).to_contain_text(
        "5.1.02.01.01.0052 Belanja Makanan dan Minuman Rapat")

    # A mistake shows on its line at once, and goes when corrected; over the ceiling shows in the totals.
    work.locator("[name=lines-1-unit_price]").fill("lima puluh")
    expect(work.locator("[data-line-error='1']")).to_contain_text("is not a number", timeout=TIMEOUT_MS)
    expect(work.locator("[data-line-amount='1']")).to_be_hidden()
    work.locator("[name=lines-1-unit_price]").fill("100,000")
    expect(work.locator("[data-line-error='1']")).to_be_hidden(timeout=TIMEOUT_MS)
    expect(work.locator("[data-testid=total]")).to_have_text("Rp6,000,000")
    expect(work.locator("[data-testid=totals]")).to_contain_text("over by Rp1,000,000")
    # The checks run while typing: on the line (an account this exercise does not allow) and on the whole budget.
    expect(work.locator("[data-line-findings='1']")).to_contain_text("may not be used in this exercise")
    expect(work.locator("[data-checks-general]")).to_contain_text("is over the ceiling of Rp5,000,000")
    work.locator("[name=lines-1-unit_price]").fill("50,000")
    expect(work.locator("[data-checks-general]")).not_to_contain_text("over the ceiling", timeout=TIMEOUT_MS)
    work.locator("[name=lines-1-unit_price]").fill("100,000")
    expect(work.locator("[data-testid=total]")).to_have_text("Rp6,000,000", timeout=TIMEOUT_MS)
    # The total against the ceiling stays in sight while the learner works on the first line.
    expect(work.locator("[data-totalbar-balance]")).to_have_text("over by Rp1,000,000")
    expect(work.locator("[data-totalbar-total]")).to_have_text("Rp6,000,000")
    work.locator("[name=lines-1-account]").scroll_into_view_if_needed()
    expect(work.locator("[data-testid=totalbar]")).to_be_in_viewport()
    expect(work.locator("[data-testid=totals]")).not_to_be_in_viewport()
    assert page.frame(name="contentframe").evaluate("window.latihSamePage === true")  # nothing was submitted

    # Saved automatically within about ten seconds, with the time in the status line.
    status = work.locator("[data-autosave-status]")
    autosave_time(page)
    expect(status).to_have_text(re.compile(r"Saved automatically at \d"), timeout=TIMEOUT_MS)
    assert saved_lines()[0]["unit_price"] == "100,000"
    assert work.locator("input[name=revision]").input_value() == str(BudgetSubmission.query.one().revision)

    # Moodle reloads the page (a new launch): the line is still there, with its amount.
    page.reload()
    expect(work.locator("[name=lines-1-koefisien]")).to_have_value("30 orang × 2 hari", timeout=TIMEOUT_MS)
    expect(work.locator("[name=lines-1-unit_price]")).to_have_value("100,000")
    expect(work.locator("[data-line-amount='1']")).to_have_text("Rp6,000,000", timeout=TIMEOUT_MS)
    expect(work.locator("[data-restore-banner]")).to_be_hidden()
    # The line sits under its account's heading, whose subtotal follows the typing too.
    subtotal = work.locator("[data-testid=line-group] [data-group-subtotal]")
    expect(subtotal).to_have_text("Rp6,000,000")
    work.locator("[name=lines-1-unit_price]").fill("40,000")
    expect(subtotal).to_have_text("Rp2,400,000", timeout=TIMEOUT_MS)


def test_work_typed_while_the_network_is_down_is_offered_back_after_a_reload(site, profile, network):
    page = profile(ALLOW_THIRD_PARTY, viewport={"width": 1000, "height": 900}).pages[0]
    line = {"account": "5.1.02.01.01.0052", "component": "Makan siang", "koefisien": "30 orang × 2 hari",
            "unit_price": "50,000"}
    work = open_exercise(site, page, [line])
    expect(work.locator("[data-line-amount='1']")).to_have_text("Rp3,000,000", timeout=TIMEOUT_MS)

    network.down = True
    work.locator("[name=lines-1-component]").fill("Makan siang dan snack")
    status = work.locator("[data-autosave-status]")
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while "Not saved" not in (status.text_content() or "") and time.monotonic() < deadline:
        autosave_time(page)  # again while the page has not tried yet (a loaded machine: the jump came first)
        page.wait_for_timeout(200)
    expect(status).to_contain_text("Not saved", timeout=TIMEOUT_MS)
    page.reload()  # the autosave on leaving the page fails too
    expect(work.locator("[data-restore-banner]")).to_be_visible(timeout=TIMEOUT_MS)
    expect(work.locator("[name=lines-1-component]")).to_have_value("Makan siang")
    assert saved_lines()[0]["component"] == "Makan siang"

    network.down = False
    work.locator("[data-restore]").click()
    expect(work.locator("[name=lines-1-component]")).to_have_value("Makan siang dan snack")
    expect(work.locator("[data-restore-banner]")).to_be_hidden()
    expect(work.locator("[data-autosave-status]")).to_contain_text("Saved automatically", timeout=TIMEOUT_MS)
    assert saved_lines()[0]["component"] == "Makan siang dan snack"
    expect(work.locator("[data-line-amount='1']")).to_have_text("Rp3,000,000")

    page.reload()  # the server has it now: nothing to offer
    expect(work.locator("[name=lines-1-component]")).to_have_value("Makan siang dan snack", timeout=TIMEOUT_MS)
    expect(work.locator("[data-line-amount='1']")).to_have_text("Rp3,000,000", timeout=TIMEOUT_MS)
    expect(work.locator("[data-restore-banner]")).to_be_hidden()


def test_a_stale_autosave_asks_to_reload_and_overwrites_nothing(site, new_context):
    page = new_context(viewport={"width": 1000, "height": 900}).new_page()
    line = {"account": "5.1.02.01.01.0052", "component": "Makan siang", "koefisien": "30 orang × 2 hari",
            "unit_price": "50,000"}
    work = open_exercise(site, page, [line])
    expect(work.locator("[data-line-amount='1']")).to_have_text("Rp3,000,000", timeout=TIMEOUT_MS)
    draft = BudgetSubmission.query.one()  # another window saves a newer version
    submissions.save_draft(draft, {"header": {}, "indicators": [], "lines": [dict(line, component="Newer")]},
                        draft.revision, "en")

    work.locator("[name=lines-1-component]").fill("Older")
    autosave_time(page)
    expect(work.locator("[data-autosave-status]")).to_contain_text("another window", timeout=TIMEOUT_MS)
    assert saved_lines()[0]["component"] == "Newer"


def test_printable_page_in_the_frame_at_360_px(site, new_context):
    page = new_context(viewport={"width": 360, "height": 740}).new_page()
    line = {"account": "5.1.02.01.01.0052", "component": "Makan siang", "koefisien": "30 orang × 2 hari",
            "unit_price": "50,000"}
    work = open_exercise(site, page, [line])
    work.locator("a[href*='/budgeting/print']").click()
    expect(work.locator("[data-testid=rka-total]")).to_have_text("Rp3,000,000", timeout=TIMEOUT_MS)
    frame = page.frame(name="contentframe")
    frame.wait_for_load_state("load")  # measured with its style sheets applied (a loaded machine is slow to get them)
    # The wide table scrolls inside its box; the page itself does not scroll sideways.
    assert frame.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"), \
        frame.evaluate("""[document.documentElement.scrollWidth, document.documentElement.clientWidth,
            [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right >
             document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className)]""")
    frame.evaluate("window.print = function () { window.latihPrinted = true; }")
    work.locator("[data-print]").click()  # shown by static/js/print.js
    assert frame.evaluate("window.latihPrinted === true")


def test_the_empty_editor_lists_no_errors_even_after_its_first_live_check(site, new_context):
    """Issue 16: the page's own check on load must not list the empty form's errors before the first save."""
    page = new_context().new_page()
    open_exercise(site, page)
    with page.expect_response(lambda r: "/budgeting/api/check" in r.url and r.status == 200, timeout=TIMEOUT_MS):
        page.reload()
    work = page.frame_locator("#contentframe")
    expect(work.locator("[data-testid=checks-later]")).to_be_visible(timeout=TIMEOUT_MS)
    expect(work.locator("[data-checks-general] li")).to_have_count(0)
    expect(work.locator("[data-checks-clear]")).to_be_hidden()
