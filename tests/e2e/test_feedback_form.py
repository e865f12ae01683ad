"""The feedback kind in Chromium, inside Moodle's cross-site iframe and under the tool's CSP (script-src 'self'):
its fields fit the "Select content" dialog; in the builder only the chosen type's fields show and dragging an item's
number reorders a page; on the learner's page a conditional item appears only for its answer and text fields count
their characters."""
from playwright.sync_api import expect

from lti_tool.extensions import db
from lti_tool.feedback.models import FeedbackItem

TIMEOUT_MS = 15_000


def _dialog_create(site, page):
    page.goto(f"{site.platform.issuer}/course/view.php?kind=deep_linking&dialog=1")
    dialog = page.frame_locator("#contentframe")
    expect(dialog.locator("[data-testid=select-content]")).to_be_visible(timeout=TIMEOUT_MS)
    dialog.locator("#kind").select_option("feedback")
    expect(dialog.locator("[data-testid=create-fields-feedback]")).to_be_visible()
    expect(dialog.locator("[data-testid=create-fields-modules]")).to_be_hidden()
    frame = page.frame(name="contentframe")
    assert frame.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    dialog.locator("#title").fill("Evaluasi Materi Latsar")
    dialog.locator("[data-testid=feedback-template]").select_option("materi")
    dialog.locator("[data-testid=create-activity] button[type=submit]").click()
    expect(dialog.locator("[data-testid=pick-activities] input[name=activity]")).to_be_checked(timeout=TIMEOUT_MS)
    dialog.locator("[data-testid=add-to-course]").click()
    expect(dialog.locator("[data-testid=moodle-selected] li")).to_have_text(["Evaluasi Materi Latsar"],
                                                                             timeout=TIMEOUT_MS)
    (item,) = site.platform.deep_link_items
    assert item["lineItem"]["tag"] == "feedback"
    return item


def test_dialog_builder_and_learner_page(site, new_context):
    page = new_context(viewport={"width": 770, "height": 575}).new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    item = _dialog_create(site, page)
    activity_id = int(item["custom"]["latih_activity"])
    site.platform.adopt_deep_link_item()  # Moodle's link now carries the activity (custom parameter)

    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(site.course_url("instructor"))
    frame = page.frame_locator("#contentframe")
    expect(frame.locator("[data-testid=page-1]")).to_be_visible(timeout=TIMEOUT_MS)
    add = frame.locator("[data-testid=add-item]")
    expect(add.locator("[name=options]")).to_be_hidden()
    add.locator("[data-testid=item-type]").select_option("dropdown")
    expect(add.locator("[name=options]")).to_be_visible()
    expect(add.locator("[name=max_length]")).to_be_hidden()

    rows = FeedbackItem.query.filter_by(form_id=activity_id).order_by(FeedbackItem.position).all()
    first, second = rows[0], rows[1]
    frame.locator(f"#item-{second.id} [data-drag-handle]").drag_to(frame.locator(f"#item-{first.id}"),
                                                                   target_position={"x": 5, "y": 2})
    expect(frame.locator("[data-testid=page-1] li").first).to_have_attribute("data-item-id", str(second.id),
                                                                             timeout=TIMEOUT_MS)
    db.session.expire_all()
    assert [r.id for r in FeedbackItem.query.filter_by(form_id=activity_id)
            .order_by(FeedbackItem.position)][:2] == [second.id, first.id]

    # The learner: the conditional question appears only for "too difficult"; the text field counts.
    page.goto(site.course_url("student"))
    keys = {r.key: r.id for r in rows}
    expect(frame.locator("[data-testid=answer-form]")).to_be_visible(timeout=TIMEOUT_MS)
    hard_parts = frame.locator(f"#q{keys['hard_parts']}")
    expect(hard_parts).to_be_hidden()
    frame.locator(f"#q{keys['difficulty']}-hard").check()
    expect(hard_parts).to_be_visible()
    frame.locator(f"#q{keys['difficulty']}-right").check()
    expect(hard_parts).to_be_hidden()
    field = frame.locator(f"[name=q{keys['add']}]")
    field.fill("Studi kasus")
    counter = frame.locator(f"#q{keys['add']} [data-counter]")
    expect(counter).to_have_text("11 of 200 characters")  # the captured launch asks for English
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
