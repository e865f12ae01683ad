"""The tool in Moodle's iframe, in a real Chromium: launches land, the session survives, cookie refusals degrade.

The fake Moodle (http://127.0.0.1:<port>) frames the tool (http://localhost:<port>): a cross-site iframe, so
every cookie of the tool is a third-party cookie that Chromium keeps only because it is Partitioned.
See conftest.py for the servers and the cookie probe.
"""
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

TIMEOUT_MS = 15_000
SCREENSHOT = "/tmp/latih-e2e-360.png"

# Chromium's own setting "Block third-party cookies" (chrome://settings/cookies), as stored in a profile.
# cookie_controls_mode: 0 allow, 1 block third-party cookies, 2 block them in incognito only.
ALLOW_THIRD_PARTY = {"profile": {"cookie_controls_mode": 0, "block_third_party_cookies": False}}
BLOCK_THIRD_PARTY = {"profile": {"cookie_controls_mode": 1, "block_third_party_cookies": True}}


def block_all_cookies_when_framed(site):
    """Chromium's per-site exception "Not allowed to use cookies" (chrome://settings/content/cookies) for the
    tool's origin, scoped to the platform as top-level site (a content-settings pattern pair
    "<cookie origin>,<top-level origin>", setting 2 = block). The same tool origin keeps its cookies as a
    top-level window. Third-party cookies in general are allowed, so only this exception refuses them."""
    pattern = f"{site.tool_base},{site.platform_origin}"
    prefs = {"profile": dict(ALLOW_THIRD_PARTY["profile"])}
    prefs["profile"]["content_settings"] = {"exceptions": {"cookies": {pattern: {"setting": 2}}}}
    return prefs


def assert_landed(site, url):
    """A page of the tool after the launch: it carries the launch token, and is no longer the LTI exchange."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == site.tool_base, url
    assert "launch" in parse_qs(parts.query) and not parts.path.startswith("/lti/"), url


def content(page):
    return page.frame_locator("#contentframe")


def no_refusal(locator_root):
    expect(locator_root.locator("[data-refusal]")).to_have_count(0, timeout=1)


@pytest.mark.parametrize("kind, testid", [("student", "learner-waiting"), ("instructor", "instructor-setup")])
def test_launch_in_cross_site_iframe_keeps_its_session(site, new_context, kind, testid):
    context = new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site.course_url(kind))
    expect(content(page).locator(f"[data-testid={testid}]")).to_be_visible(timeout=TIMEOUT_MS)
    frame = page.frame(name="contentframe")
    assert_landed(site, frame.url)
    assert page.url.startswith(site.platform_origin)  # still the Moodle page around it

    # The session cookie lives in the tool's partition under Moodle's site.
    session = [c for c in context.cookies(site.tool_base) if c["name"] == "latih_session"]
    assert session and session[0].get("partitionKey") == "http://127.0.0.1", session

    # 360 px wide phone: nothing wider than the frame.
    scroll_width, client_width = frame.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll_width <= client_width, (scroll_width, client_width)
    if kind == "student":
        page.screenshot(path=SCREENSHOT, full_page=True)

    # A second navigation in the frame needs the session: the landing URL alone (launch token) finds
    # nothing without the cookie (401 "expired").
    landing = frame.url
    response = frame.goto(landing)
    assert response.status == 200, response.status
    expect(content(page).locator(f"[data-testid={testid}]")).to_be_visible(timeout=TIMEOUT_MS)
    no_refusal(content(page))


def test_launch_works_with_third_party_cookies_blocked(site, profile):
    # The probe tells the two kinds of cookies apart: with third-party cookies allowed both come back ...
    allowing = profile(ALLOW_THIRD_PARTY)
    assert site.framed_cookie_probe(allowing.pages[0]) == {site.NON_PARTITIONED, site.PARTITIONED}
    allowing.close()

    # ... and with "Block third-party cookies" only the partitioned one does: blocking is in effect.
    blocking = profile(BLOCK_THIRD_PARTY)
    page = blocking.pages[0]
    assert site.framed_cookie_probe(page) == {site.PARTITIONED}

    page.goto(site.course_url("student"))
    expect(content(page).locator("[data-testid=learner-waiting]")).to_be_visible(timeout=TIMEOUT_MS)
    frame = page.frame(name="contentframe")
    assert frame.goto(frame.url).status == 200
    expect(content(page).locator("[data-testid=learner-waiting]")).to_be_visible(timeout=TIMEOUT_MS)


def test_frame_refusing_all_cookies_offers_a_new_window_that_works(site, profile):
    context = profile(block_all_cookies_when_framed(site))
    page = context.pages[0]
    # In effect: framed by the platform's site the tool's origin keeps no cookie at all, not even a
    # partitioned one; as a top-level page it keeps both.
    # (One tab only: a click in a tab that is not in front sometimes opens no popup in headless Chromium.)
    assert site.framed_cookie_probe(page) == set()
    assert site.top_level_cookie_probe(page) == {site.NON_PARTITIONED, site.PARTITIONED}

    page.goto(site.course_url("student"))
    offer = content(page).locator("[data-testid=new-window-offer]")
    expect(offer).to_be_visible(timeout=TIMEOUT_MS)
    no_refusal(content(page))
    assert site.platform.auth_requests == []  # the frame never went on to Moodle's auth.php

    link = offer.locator("a[target=_blank]")
    page.bring_to_front()
    with page.expect_popup(timeout=TIMEOUT_MS) as popup_info:
        link.click()
    popup = popup_info.value
    # The new window walks login → Moodle auth.php → launch → landing page as a top-level window.
    expect(popup.locator("[data-testid=learner-waiting]")).to_be_visible(timeout=TIMEOUT_MS)
    assert_landed(site, popup.url)
    assert len(site.platform.auth_requests) == 1 and len(site.platform.launches) == 1
    assert site.platform.launches[0]["kind"] == "student"
    # The iframe still shows the offer.
    expect(offer).to_be_visible()
