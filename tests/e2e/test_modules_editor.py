"""The module editor's script in Moodle's cross-site iframe, under the tool's CSP (script-src 'self'): the preview and
the table of contents follow the typing, rendered and sanitized by the server; saving is a plain post."""
from playwright.sync_api import expect

from lti_tool.activities.services import create_activity
from lti_tool.extensions import db
from lti_tool.lti.models import Course, ResourceLink
from lti_tool.modules.models import ModuleDraft

TIMEOUT_MS = 15_000


def test_the_preview_follows_the_typing_and_the_draft_saves(site, new_context):
    page = new_context(viewport={"width": 1200, "height": 900}).new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(site.course_url("instructor"))
    frame = page.frame_locator("#contentframe")
    expect(frame.locator("[data-testid=context]")).to_be_visible(timeout=TIMEOUT_MS)
    activity = create_activity(Course.query.one().id, None, "modules", "Perencanaan partisipatif")
    ResourceLink.query.filter_by(resource_link_id="1").one().activity_id = activity.id
    db.session.commit()
    page.reload()
    expect(frame.locator("[data-testid=module-status]")).to_be_visible(timeout=TIMEOUT_MS)
    frame.locator("[data-testid='staff-nav-modules.editor']").click()
    editor = frame.locator("[data-testid=markdown]")
    expect(editor).to_be_visible(timeout=TIMEOUT_MS)

    expect(frame.locator("form[data-editor-ready]")).to_have_count(1, timeout=TIMEOUT_MS)
    editor.fill("# Pendahuluan\n\nWarga **desa** <script>window.pwned = 1</script>\n\n## Tujuan\n\n- satu")
    preview = frame.locator("[data-testid=preview]")
    expect(preview.locator("strong")).to_have_text("desa", timeout=TIMEOUT_MS)
    expect(preview).to_contain_text("<script>window.pwned = 1</script>")  # shown as typed, never run
    expect(frame.locator("[data-toc-target] a")).to_have_text(["Pendahuluan", "Tujuan"])
    expect(frame.locator("[data-editor-status]")).to_contain_text("2 sections")
    assert page.frame(name="contentframe").evaluate("window.pwned === undefined")

    frame.locator("[data-testid=save]").click()
    expect(frame.locator(".alert-success")).to_contain_text("The draft is saved.", timeout=TIMEOUT_MS)
    db.session.expire_all()
    assert db.session.get(ModuleDraft, activity.id).markdown.startswith("# Pendahuluan\n\nWarga **desa**")
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors


def test_the_module_fields_fit_moodles_select_content_dialog(site, new_context):
    page = new_context(viewport={"width": 900, "height": 700}).new_page()
    page.goto(f"{site.platform.issuer}/course/view.php?kind=deep_linking&dialog=1")
    dialog = page.frame_locator("#contentframe")
    expect(dialog.locator("[data-testid=select-content]")).to_be_visible(timeout=TIMEOUT_MS)
    dialog.locator("#kind").select_option("modules")
    expect(dialog.locator("[data-testid=create-fields-modules]")).to_be_visible()
    frame = page.frame(name="contentframe")
    assert frame.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    dialog.locator("#title").fill("Perencanaan partisipatif")
    dialog.locator("[data-testid=modules-jp]").fill("6")
    dialog.locator("[data-testid=create-activity] button[type=submit]").click()
    expect(dialog.locator("[data-testid=pick-activities] input[name=activity]")).to_be_checked(timeout=TIMEOUT_MS)
    dialog.locator("[data-testid=add-to-course]").click()
    expect(dialog.locator("[data-testid=moodle-selected] li")).to_have_text(["Perencanaan partisipatif"],
                                                                             timeout=TIMEOUT_MS)
    (item,) = site.platform.deep_link_items
    assert item["lineItem"]["scoreMaximum"] == 100 and item["lineItem"]["tag"] == "modules"
