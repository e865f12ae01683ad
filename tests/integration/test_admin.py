"""The admin area, as an admin uses it: sign in, register an LMS by hand, approve and remove deployments."""
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import current_app
from flask.testing import FlaskClient

from lti_tool.admin.models import AdminUser
from lti_tool.admin.services import upsert_admin
from lti_tool.clock import utcnow
from lti_tool.extensions import db
from lti_tool.lti import regtokens
from lti_tool.lti.models import Deployment, Platform, RegistrationToken
from lti_tool.security import invalidate_frame_origins

PASSWORD = "correct horse battery"
GOOD = {
    "name": "Moodle BPSDM",
    "issuer": "https://lms.example.go.id",
    "client_id": "abc123",
    "auth_login_url": "https://lms.example.go.id/mod/lti/auth.php",
    "auth_token_url": "https://lms.example.go.id/mod/lti/token.php",
    "auth_audience": "",
    "key_set_url": "https://lms.example.go.id/mod/lti/certs.php",
    "deployment_ids": "1, 2\n2",
    "active": "y",
}


class Browser(FlaskClient):
    """HTTPS (the session cookie is Secure) and English pages."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("base_url", "https://localhost")
        kwargs.setdefault("headers", {"Accept-Language": "en"})
        return super().open(*args, **kwargs)

    def page(self, path):
        resp = self.get(path)
        assert resp.status_code == 200, resp.status
        return resp.get_data(as_text=True)

    def submit(self, path, data=None, page=None):
        """POST like a browser: with the CSRF token of the page the form is on."""
        html = self.page(page or path)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        return self.post(path, data=dict(data or {}, csrf_token=token))


@pytest.fixture
def client(app):
    app.test_client_class = Browser
    return app.test_client()


@pytest.fixture
def admin(app, client):
    upsert_admin("ana", PASSWORD)
    resp = client.submit("/admin/login", {"username": "ana", "password": PASSWORD})
    assert resp.status_code == 302
    return client


def text(resp):
    return unescape(resp.get_data(as_text=True))


def login(client, password, username="ana", path="/admin/login"):
    return client.submit(path, {"username": username, "password": password})


def add_platform(**extra):
    fields = {"name": "Moodle", "issuer": "https://moodle.test", "client_id": "c1", "key_set_url": "https://moodle.test/k",
              "auth_login_url": "https://moodle.test/a", "auth_token_url": "https://moodle.test/t"}
    row = Platform(**dict(fields, **extra))
    row.deployments.append(Deployment(deployment_id="1", active=True))
    db.session.add(row)
    db.session.commit()
    invalidate_frame_origins(current_app)
    return row


def test_pages_need_login_and_return_to_the_page_asked_for(app, client):
    upsert_admin("ana", PASSWORD)
    resp = client.get("/admin/registrations/new")
    assert resp.status_code == 302
    target = urlsplit(resp.location)
    assert target.path == "/admin/login" and parse_qs(target.query)["next"] == ["/admin/registrations/new"]
    resp = login(client, PASSWORD, path="/admin/login?next=/admin/registrations/new")
    assert resp.location == "/admin/registrations/new"


def test_a_next_url_to_another_site_is_ignored(app, client):
    upsert_admin("ana", PASSWORD)
    resp = login(client, PASSWORD, path="/admin/login?next=//evil.example/x")
    assert resp.location == "/admin/"


def test_wrong_password_is_refused_and_right_one_signs_in(app, client):
    upsert_admin("ana", PASSWORD)
    resp = login(client, "wrong password")
    assert resp.status_code == 401 and "The username or password is wrong." in text(resp)
    assert client.get("/admin/").status_code == 302
    assert login(client, PASSWORD).status_code == 302
    assert "Signed in as ana." in client.page("/admin/")


def test_admin_from_environment_is_created_at_first_sign_in(app, client):
    app.config.update(LATIH_ADMIN_USERNAME="boss", LATIH_ADMIN_PASSWORD=PASSWORD)
    client.page("/admin/login")
    assert AdminUser.query.count() == 0  # nothing happens before someone signs in
    assert login(client, PASSWORD, username="boss").status_code == 302
    assert [u.username for u in AdminUser.query] == ["boss"]


def test_post_without_csrf_token_is_refused(app, admin):
    assert admin.post("/admin/registration-link").status_code == 400
    assert admin.post("/admin/logout").status_code == 400
    assert RegistrationToken.query.count() == 0
    assert admin.post("/admin/login", data={"username": "ana", "password": PASSWORD}).status_code == 400


def test_add_registration_checks_urls_deployments_and_duplicates(app, admin):
    bad = dict(GOOD, key_set_url="lms.example.go.id/certs", deployment_ids=" , ")
    resp = admin.submit("/admin/registrations/new", bad)
    body = text(resp)
    assert "Enter a full web address" in body and "Enter at least one deployment ID." in body
    assert Platform.query.count() == 0

    resp = admin.submit("/admin/registrations/new", GOOD)
    assert resp.status_code == 302 and "The registration Moodle BPSDM is saved." in admin.page("/admin/")
    platform = Platform.query.one()
    assert [d.deployment_id for d in platform.deployments] == ["1", "2"]
    assert platform.registered_via == "manual" and platform.active and platform.auth_audience is None

    resp = admin.submit("/admin/registrations/new", dict(GOOD, name="Again"))
    assert "Another registration already has this platform ID and client ID." in text(resp)
    assert Platform.query.count() == 1


def test_edit_changes_fields_and_adds_deployments(app, admin):
    platform = add_platform()
    form_page = f"/admin/registrations/{platform.id}/edit"
    assert "https://moodle.test/k" in admin.page(form_page)  # the form starts from the saved values
    resp = admin.submit(form_page, dict(GOOD, issuer="https://moodle.test", client_id="c1", deployment_ids="7"))
    assert resp.status_code == 302
    db.session.refresh(platform)
    assert platform.name == "Moodle BPSDM" and platform.key_set_url == GOOD["key_set_url"]
    assert [d.deployment_id for d in platform.deployments] == ["1", "7"]
    other = add_platform(client_id="c2")
    same = dict(GOOD, issuer="https://moodle.test", client_id="c1")
    resp = admin.submit(f"/admin/registrations/{other.id}/edit", same)
    assert "Another registration already has" in text(resp)


def test_deactivate_and_activate_change_who_may_frame_the_tool(app, admin):
    platform = add_platform()
    assert "https://moodle.test" in admin.get("/").headers["Content-Security-Policy"]
    resp = admin.submit(f"/admin/registrations/{platform.id}/deactivate", page="/admin/")
    assert resp.status_code == 302
    assert "Inactive" in text(admin.get("/admin/"))
    assert "https://moodle.test" not in admin.get("/").headers["Content-Security-Policy"]
    admin.submit(f"/admin/registrations/{platform.id}/activate", page="/admin/")
    assert db.session.get(Platform, platform.id).active
    assert "https://moodle.test" in admin.get("/").headers["Content-Security-Policy"]


def test_pending_deployment_is_shown_and_can_be_approved(app, admin):
    platform = add_platform()
    platform.deployments.append(Deployment(deployment_id="42", active=False, first_seen_at=utcnow()))
    db.session.commit()
    assert "Waiting for approval" in admin.page("/admin/")
    pending = Deployment.query.filter_by(deployment_id="42").one()
    resp = admin.submit(f"/admin/deployments/{pending.id}/approve", page="/admin/")
    assert resp.status_code == 302
    assert "The deployment ID 42 is approved" in admin.page("/admin/")
    assert db.session.get(Deployment, pending.id).active


def test_removing_a_deployment_needs_confirmation(app, admin):
    dep_pk = add_platform().deployments[0].id
    path = f"/admin/deployments/{dep_pk}/remove"
    resp = admin.submit(path, page="/admin/")  # the Remove button on the overview
    assert resp.status_code == 200 and "Yes, remove this deployment ID." in text(resp)
    resp = admin.submit(path, {"confirming": "1"})  # the box is not ticked
    assert "Tick the box to confirm the removal." in text(resp)
    assert db.session.get(Deployment, dep_pk) is not None
    resp = admin.submit(path, {"confirming": "1", "confirm": "y"})
    assert resp.status_code == 302 and "is removed" in admin.page("/admin/")
    db.session.expire_all()
    assert db.session.get(Deployment, dep_pk) is None


def test_registration_link_is_shown_once_and_works_once(app, admin):
    body = text(admin.submit("/admin/registration-link", page="/admin/"))
    url = re.search(r'data-testid="registration-url">([^<]+)<', body).group(1)
    assert url.startswith("https://localhost/lti/register?reg=")
    assert "Add LTI Advantage" in body and "Pending" in body
    assert RegistrationToken.query.one().created_by == "ana"
    raw = parse_qs(urlsplit(url).query)["reg"][0]
    assert regtokens.consume(raw) is True
    assert regtokens.consume(raw) is False


def test_overview_shows_what_to_paste_into_the_lms(app, admin):
    body = admin.page("/admin/")
    for url in ("https://localhost/lti/login", "https://localhost/lti/launch", "https://localhost/lti/jwks"):
        assert url in body
    kid = admin.get("/lti/jwks").get_json()["keys"][0]["kid"]
    assert kid in body and "No LMS is registered yet." in body


def test_sign_out(app, admin):
    resp = admin.submit("/admin/logout", page="/admin/")
    assert resp.status_code == 302
    assert admin.get("/admin/").status_code == 302
