"""Moodle's "Add LTI Advantage": the registration page in Moodle's dialog registers the tool and closes it."""
from urllib.parse import quote

from playwright.sync_api import expect

from lti_tool.lti import regtokens
from lti_tool.lti.models import Platform

TIMEOUT_MS = 15_000


def test_registration_in_moodles_dialog_then_close(app, site, new_context):
    url = f"{site.tool_base}/lti/register?reg={regtokens.create(60)}"
    page = new_context(viewport={"width": 900, "height": 800}).new_page()
    page.goto(f"{site.platform.issuer}/admin/dynreg?url={quote(url, safe='')}")
    dialog = page.frame_locator("#dynreg")
    expect(dialog.locator("[data-testid=registered]")).to_be_visible(timeout=TIMEOUT_MS)
    dialog.locator("[data-lti-close]").click()
    expect(page.locator("body[data-lti-closed=closed]")).to_have_count(1, timeout=TIMEOUT_MS)
    registered = Platform.query.filter_by(registered_via="dynamic").one()
    assert registered.client_id == site.platform.registrations[-1]["client_id"]
