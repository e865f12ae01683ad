"""Browser tests: Debian's Chromium driven by Playwright, the tool framed cross-site by a fake Moodle.

The tool is served on http://localhost:<port> and the fake Moodle on http://127.0.0.1:<port>: two different
sites, so the tool sits in a cross-site iframe exactly as in Moodle, and its cookies are third-party cookies
(kept only because they are Partitioned). Chromium accepts Secure cookies on http://localhost.

Both servers also answer a few ``/_e2e/...`` URLs (outside the tool's own app), used by
``CrossSite.framed_cookie_probe`` to show which kinds of cookies the browser keeps inside the cross-site frame.
"""
import json
import os
import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from fakeplatform import FakePlatform
from servers import ThreadedServer
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.wrappers import Request, Response

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    # Without these Chromium keeps trying to reach Google on a closed network.
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TIMEOUT_MS = 15_000
PROBE_NON_PARTITIONED = "e2e-np"  # SameSite=None; Secure: a classic third-party cookie
PROBE_PARTITIONED = "e2e-pc"      # SameSite=None; Secure; Partitioned (CHIPS), like every cookie of the tool


@pytest.fixture(scope="session")
def chromium_path():
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing (install Debian's chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + ": CI must run the browser tests")
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def playwright(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture
def chromium(playwright, chromium_path):
    """A fresh browser per test. Its contexts are off-the-record profiles, where Chromium blocks third-party
    cookies by default (as in Chrome's incognito; the cookie probe sees only the partitioned cookie there), so
    launches in them also depend on the tool's cookies being Partitioned."""
    browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_context(chromium):
    """``new_context(**options)``: a context of ``chromium`` with the tests' timeouts."""

    def make(**options):
        context = chromium.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        return context

    return make


@pytest.fixture
def profile(playwright, chromium_path, tmp_path):
    """``profile(prefs)``: a persistent browser context on a new user-data-dir whose Default/Preferences
    is ``prefs`` (how a user's settings are stored), closed at the end of the test."""
    contexts = []

    def launch(prefs, **options):
        user_data_dir = tmp_path / f"profile-{len(contexts)}"
        (user_data_dir / "Default").mkdir(parents=True)
        (user_data_dir / "Default" / "Preferences").write_text(json.dumps(prefs))
        context = playwright.chromium.launch_persistent_context(
            str(user_data_dir), executable_path=chromium_path, args=CHROMIUM_ARGS, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield launch
    for context in contexts:
        context.close()


# --- the two sites ------------------------------------------------------------------------------------


@Request.application
def _tool_side_probe(request):
    """On the tool's site (localhost): set one cookie of each kind, then show which ones come back."""
    if request.path == "/set":
        response = Response("", 302, headers={"Location": "/_e2e/echo"})
        response.headers.add("Set-Cookie", f"{PROBE_NON_PARTITIONED}=1; Path=/; Secure; SameSite=None")
        response.headers.add("Set-Cookie", f"{PROBE_PARTITIONED}=1; Path=/; Secure; SameSite=None; Partitioned")
        return response
    if request.path == "/echo":
        return Response(json.dumps(sorted(request.cookies)), mimetype="text/plain")
    return Response("not found", 404)


@Request.application
def _platform_side_probe(request):
    """On the platform's site (127.0.0.1): a top-level page framing ?src= in an iframe named "probe"."""
    src = request.args.get("src", "")
    if request.path != "/frame" or not re.match(r"^https?://", src):
        return Response("not found", 404)
    body = f'<!DOCTYPE html><title>probe</title><iframe name="probe" src="{src}" width="300"></iframe>'
    return Response(body, mimetype="text/html")


class ProbingPlatform(FakePlatform):
    """The fake Moodle, plus /_e2e/frame for the cookie probe."""

    def wsgi_app(self):
        return DispatcherMiddleware(super().wsgi_app(), {"/_e2e": _platform_side_probe})


@dataclass
class CrossSite:
    NON_PARTITIONED = PROBE_NON_PARTITIONED
    PARTITIONED = PROBE_PARTITIONED

    tool_base: str          # http://localhost:<port>, the tool's origin
    platform: FakePlatform  # serving on http://127.0.0.1:<port> (platform.issuer, its origin)

    @property
    def platform_origin(self):
        return self.platform.issuer

    def course_url(self, kind):
        return f"{self.platform.issuer}/course/view.php?kind={kind}"

    def framed_cookie_probe(self, page):
        """Names of the probe cookies that come back to the tool's site inside a frame on the platform's
        site, after that frame was answered with one non-partitioned and one partitioned SameSite=None
        cookie (/_e2e/set redirects to /_e2e/echo, which lists the cookies it received)."""
        page.goto(f"{self.platform_origin}/_e2e/frame?src={quote(self.tool_base + '/_e2e/set', safe='')}")
        frame = page.frame(name="probe")
        frame.wait_for_url(re.compile(r"/_e2e/echo$"))
        return set(json.loads(frame.locator("body").inner_text()))

    def top_level_cookie_probe(self, page):
        """The same with the tool's site as the top-level page (no frame)."""
        page.goto(self.tool_base + "/_e2e/set")
        assert page.url.endswith("/_e2e/echo"), page.url
        return set(json.loads(page.locator("body").inner_text()))


@pytest.fixture
def site(app):
    """The tool (the clean ``app`` fixture) on http://localhost:<port>, and a registered fake Moodle framing
    it from http://127.0.0.1:<port>: two sites."""
    from support import register

    server = ThreadedServer(DispatcherMiddleware(app, {"/_e2e": _tool_side_probe}), host="127.0.0.1")
    tool_base = f"http://localhost:{server.port}"
    platform = ProbingPlatform(tool_base=tool_base)
    platform.serve()
    assert platform.issuer.startswith("http://127.0.0.1:")
    register(platform)
    yield CrossSite(tool_base=tool_base, platform=platform)
    platform.shutdown()
    server.stop()
