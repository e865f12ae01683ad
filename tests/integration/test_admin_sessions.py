"""Admin sessions end on the server: a copied cookie is useless after sign-out, after a new password, and after the
idle timeout (the clock is moved, never waited for)."""
import re
from datetime import timedelta
from html import unescape

import pytest

from lti_tool import create_app
from lti_tool.admin.services import upsert_admin
from lti_tool.lti.models import RegistrationToken

PASSWORD = "correct horse battery"
COOKIE = "latih_session"


def browser(app, language="en"):
    from support import HttpsClient

    app.test_client_class = HttpsClient
    client = app.test_client()
    client.environ_base.update(HTTP_ACCEPT_LANGUAGE=language)
    return client


def token_on(client, path):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def signed_in(app, username="ana"):
    client = browser(app)
    data = {"username": username, "password": PASSWORD, "csrf_token": token_on(client, "/admin/login")}
    assert client.post("/admin/login", data=data).status_code == 302
    return client


def sign_out(client):
    resp = client.post("/admin/logout", data={"csrf_token": token_on(client, "/admin/")})
    assert resp.status_code == 302


def replay(app, cookie_value):
    """Another browser (the attacker's) carrying a copy of the cookie."""
    other = browser(app)
    other.set_cookie(COOKIE, cookie_value, domain="localhost")
    return other


def on_login_page(resp):
    return resp.status_code == 302 and resp.location.startswith("/admin/login")


@pytest.fixture
def ana(app):
    upsert_admin("ana", PASSWORD)


@pytest.fixture
def clock(monkeypatch):
    from lti_tool import clock as module

    class Clock:
        now = module.utcnow()

        def advance(self, **delta):
            self.now += timedelta(**delta)

    fake = Clock()
    monkeypatch.setattr(module, "utcnow", lambda: fake.now)
    return fake


def test_a_copied_cookie_stops_working_when_the_admin_signs_out(app, ana):
    admin = signed_in(app)
    copy = admin.get_cookie(COOKIE, domain="localhost").value
    thief = replay(app, copy)
    assert thief.get("/admin/").status_code == 200  # the copy works while the session lasts ...
    sign_out(admin)
    resp = thief.get("/admin/")
    assert on_login_page(resp)  # ... and not after the sign-out
    assert "Your session has ended. Sign in again." in unescape(thief.get(resp.location).get_data(as_text=True))
    # Nor for a change: a form posted with the copied cookie and its own valid CSRF token does nothing.
    thief = replay(app, copy)
    token = token_on(thief, "/admin/login")
    assert on_login_page(thief.post("/admin/registration-link", data={"csrf_token": token}))
    assert RegistrationToken.query.count() == 0


def test_a_new_password_ends_every_session_of_the_account(app, ana):
    laptop, phone = signed_in(app), signed_in(app)
    upsert_admin("budi", PASSWORD)
    budi = signed_in(app, "budi")
    upsert_admin("ana", "a brand new password")  # what `flask admin create-user ana` does
    assert on_login_page(laptop.get("/admin/")) and on_login_page(phone.get("/admin/"))
    assert budi.get("/admin/").status_code == 200  # another admin's session is not touched


def test_an_unused_session_ends_after_the_idle_timeout(app, ana, clock):
    admin = signed_in(app)
    clock.advance(minutes=29)
    assert admin.get("/admin/").status_code == 200  # in use: the idle time starts again
    clock.advance(minutes=29)
    assert admin.get("/admin/").status_code == 200
    clock.advance(minutes=31)
    resp = admin.get("/admin/grades/failures")
    assert on_login_page(resp) and "next=/admin/grades/failures" in resp.location
    page = unescape(admin.get(resp.location).get_data(as_text=True))
    assert "You were signed out after 30 minutes without activity. Sign in again." in page
    clock.advance(minutes=1)
    assert on_login_page(admin.get("/admin/"))  # it stays ended


def test_the_idle_timeout_is_configurable_and_said_in_the_readers_language(app, ana, clock):
    app.config["LATIH_ADMIN_IDLE_MINUTES"] = 5
    admin = signed_in(app)
    admin.environ_base["HTTP_ACCEPT_LANGUAGE"] = "id"
    clock.advance(minutes=6)
    resp = admin.get("/admin/")
    assert on_login_page(resp)
    page = unescape(admin.get(resp.location).get_data(as_text=True))
    assert "Anda dikeluarkan setelah 5 menit tanpa aktivitas." in page


def test_a_session_in_use_still_ends_after_its_lifetime(app, ana, clock):
    admin = signed_in(app)
    for _ in range(8 * 3):  # every 20 minutes for 8 hours
        clock.advance(minutes=20)
        assert admin.get("/admin/").status_code == 200
    clock.advance(minutes=20)
    assert on_login_page(admin.get("/admin/"))


def test_the_server_keeps_only_a_hash_of_the_token_and_forgets_ended_sessions(app, ana, clock):
    from lti_tool.admin.models import AdminSession

    admin = signed_in(app)
    row = AdminSession.query.one()
    cookie = admin.get_cookie(COOKIE, domain="localhost").value
    assert row.id not in cookie  # the stored id is the token's SHA-256, not the token in the cookie
    sign_out(admin)
    assert AdminSession.query.count() == 0
    signed_in(app)
    clock.advance(hours=9)
    signed_in(app)  # signing in clears away the sessions that can no longer be used
    assert AdminSession.query.count() == 1


def test_the_idle_timeout_can_be_set_in_the_environment(app_config, monkeypatch):
    from config import ConfigError

    monkeypatch.setenv("LATIH_ADMIN_IDLE_MINUTES", "12")
    assert create_app(dict(app_config)).config["LATIH_ADMIN_IDLE_MINUTES"] == 12
    monkeypatch.setenv("LATIH_ADMIN_IDLE_MINUTES", "0")
    with pytest.raises(ConfigError, match="LATIH_ADMIN_IDLE_MINUTES"):
        create_app(dict(app_config))
