"""The feedback report in Chromium, inside Moodle's cross-site iframe and under the tool's CSP (script-src 'self'):
a form made from the level-1 template in the "Select content" dialog, answered (12 responses, 3 of the 4 learners
of the roster done) and closed; the instructor opens "Report" from the staff navigation and sees the distribution
table, the median, the NPS and the response rate, and the diverging bar chart drawn by Chart.js from the vendored
file, with no CSP error in the console."""
from feedback_report_support import close, complete, respond
from playwright.sync_api import expect

from lti_tool.feedback.models import FeedbackItem

TIMEOUT_MS = 15_000


def _dialog_create(site, page):
    page.goto(f"{site.platform.issuer}/course/view.php?kind=deep_linking&dialog=1")
    dialog = page.frame_locator("#contentframe")
    expect(dialog.locator("[data-testid=select-content]")).to_be_visible(timeout=TIMEOUT_MS)
    dialog.locator("#kind").select_option("feedback")
    dialog.locator("#title").fill("Evaluasi Penyelenggaraan Latsar")
    dialog.locator("[data-testid=feedback-template]").select_option("penyelenggaraan")
    dialog.locator("[data-testid=create-activity] button[type=submit]").click()
    expect(dialog.locator("[data-testid=pick-activities] input[name=activity]")).to_be_checked(timeout=TIMEOUT_MS)
    dialog.locator("[data-testid=add-to-course]").click()
    expect(dialog.locator("[data-testid=moodle-selected] li")).to_have_count(1, timeout=TIMEOUT_MS)
    (item,) = site.platform.deep_link_items
    return int(item["custom"]["latih_activity"])


def test_the_report_in_the_iframe(site, new_context):
    page = new_context(viewport={"width": 1100, "height": 900}).new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    activity_id = _dialog_create(site, page)
    site.platform.adopt_deep_link_item()
    site.platform.ags.add_members(2)  # 4 learners: Sam, Sally and two more
    keys = {i.key: i.id for i in FeedbackItem.query.filter_by(form_id=activity_id)}
    for n in range(12):
        respond(activity_id, [(keys["org_information"], None, (1, 2, 3, 3, 4, 4)[n % 6]),
                              (keys["nps"], None, (10, 9, 7, 3)[n % 4])])
    for sub in ("4", "5", "1000"):
        complete(activity_id, sub)
    close(activity_id)

    page.goto(site.course_url("instructor"))
    frame = page.frame_locator("#contentframe")
    frame.locator("[data-testid='staff-nav-feedback.report']").click()
    report = frame.locator("[data-testid=feedback-report]")
    expect(report).to_be_visible(timeout=TIMEOUT_MS)
    item = frame.locator(f"#report-item-{keys['org_information']}")
    expect(item.locator("[data-testid=distribution] [data-testid=count]")).to_have_text(["2", "2", "4", "4"])
    expect(item.locator("[data-testid=median]")).to_have_text("3")
    expect(frame.locator("[data-testid=nps-score]")).to_have_text("25")  # 6 promoters, 3 detractors of 12
    expect(frame.locator("[data-testid=response-rate]")).to_contain_text("75%")
    canvas = item.locator("canvas[data-chart]")
    expect(canvas).to_have_attribute("data-drawn", "1", timeout=TIMEOUT_MS)
    painted = canvas.evaluate("""c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i]) { n++; } } return [c.width, c.height, n]; }""")
    assert painted[0] > 200 and painted[1] > 50 and painted[2] > 1000, painted
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
