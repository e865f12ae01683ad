"""Dynamic registration against a fake Moodle, and the one-time token that guards it."""
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlencode

import pytest
from fakeplatform import FakePlatform

from lti_tool.lti import regtokens
from lti_tool.lti.models import Deployment, Platform

TOOL_CONFIG = "https://purl.imsglobal.org/spec/lti-tool-configuration"


@pytest.fixture
def moodle(app):
    fake = FakePlatform(tool_base="https://localhost")
    fake.serve()
    yield fake
    fake.shutdown()


def register_url(fake, reg):
    query = {"reg": reg, "openid_configuration": fake.issuer + "/mod/lti/openid-configuration.php",
             "registration_token": fake.make_registration_token()}
    return "/lti/register?" + urlencode(query)


def test_dynamic_registration_stores_client_and_deployment(client, moodle):
    resp = client.get(register_url(moodle, regtokens.create(60)), headers={"Accept-Language": "en"})
    body = resp.get_data(as_text=True)
    assert resp.status_code == 200, body
    assert 'data-testid="registered"' in body
    assert "Pending" in body  # tells the admin Moodle keeps the tool pending
    assert "js/lti_close.js" in body
    platform = Platform.query.one()
    assert platform.issuer == moodle.issuer and platform.client_id == moodle.client_id
    assert platform.auth_login_url == moodle.issuer + "/mod/lti/auth.php"
    assert platform.key_set_url == moodle.issuer + "/mod/lti/certs.php"
    assert platform.registered_via == "dynamic" and platform.active
    assert [d.deployment_id for d in Deployment.query.all()] == [moodle.deployment_id]
    # The page may be framed by the platform that opened it.
    assert moodle.issuer in resp.headers["Content-Security-Policy"].split("frame-ancestors", 1)[1]


def conf_description_en(body):
    return body[TOOL_CONFIG]["description#en"]


def conf_description_id(body):
    return body[TOOL_CONFIG]["description"]


def test_registration_request_has_what_moodle_needs(client, moodle):
    client.get(register_url(moodle, regtokens.create(60)))
    sent = moodle.registrations[-1]["request"] if "request" in moodle.registrations[-1] else moodle.registrations[-1]
    body = sent.get("body", sent)
    assert body["initiate_login_uri"] == "https://localhost/lti/login"
    assert body["redirect_uris"] == ["https://localhost/lti/launch"]
    assert body["jwks_uri"] == "https://localhost/lti/jwks"
    assert body["client_name#en"] and body["client_name#id"]
    # Moodle's activity card shows the name cut off after a few words: a short name, in English too (issue 16).
    assert body["client_name"] == body["client_name#id"] == body["client_name#en"] == "Latih"
    assert conf_description_en(body) != conf_description_id(body)
    scopes = body["scope"].split()
    assert "https://purl.imsglobal.org/spec/lti-ags/scope/score" in scopes
    assert "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly" in scopes
    conf = body[TOOL_CONFIG]
    assert conf["domain"] == "localhost" and conf["target_link_uri"] == "https://localhost/lti/launch"
    assert {m["type"] for m in conf["messages"]} == {"LtiResourceLinkRequest", "LtiDeepLinkingRequest"}
    assert {"iss", "sub", "name", "email"} <= set(conf["claims"])


def test_launch_works_after_dynamic_registration(client, moodle):
    from lti_flow import ToolBrowser

    client.get(register_url(moodle, regtokens.create(60)))
    resp = ToolBrowser(client, moodle).launch("student")
    assert resp.status_code == 303


def test_without_token_nothing_is_fetched(client, moodle):
    before = len(moodle.requests)
    resp = client.get(register_url(moodle, ""))
    assert resp.status_code == 403
    assert 'data-testid="register-refused"' in resp.get_data(as_text=True)
    assert len(moodle.requests) == before
    assert Platform.query.count() == 0


def test_token_is_single_use(client, moodle):
    reg = regtokens.create(60)
    assert client.get(register_url(moodle, reg)).status_code == 200
    before = len(moodle.requests)
    assert client.get(register_url(moodle, reg)).status_code == 403
    assert len(moodle.requests) == before


def test_expired_token_is_refused(client, moodle):
    reg = regtokens.create(-1)
    assert client.get(register_url(moodle, reg)).status_code == 403


def test_registration_url_cli_prints_a_working_url(app, client, moodle):
    result = app.test_cli_runner().invoke(args=["lti", "registration-url", "--base-url", "https://localhost"])
    assert result.exit_code == 0, result.output
    url = result.output.strip()
    assert url.startswith("https://localhost/lti/register?reg=")
    reg = url.split("reg=", 1)[1]
    assert client.get(register_url(moodle, reg)).status_code == 200


def test_issuer_not_matching_configuration_url_is_refused(client, moodle, monkeypatch):
    original = moodle.openid_configuration
    monkeypatch.setattr(moodle, "openid_configuration", lambda: dict(original(), issuer="https://evil.example"))
    resp = client.get(register_url(moodle, regtokens.create(60)), headers={"Accept-Language": "en"})
    assert resp.status_code == 400
    assert "does not match" in resp.get_data(as_text=True)
    assert Platform.query.count() == 0
    assert not moodle.registrations


def test_platform_refusing_registration_is_reported(client, moodle):
    query = {"reg": regtokens.create(60),
             "openid_configuration": moodle.issuer + "/mod/lti/openid-configuration.php",
             "registration_token": "not-a-token"}
    resp = client.get("/lti/register?" + urlencode(query), headers={"Accept-Language": "en"})
    assert resp.status_code == 400
    assert "refused the registration" in resp.get_data(as_text=True)
    assert Platform.query.count() == 0


class _Handler(BaseHTTPRequestHandler):
    mode = "huge"

    def do_GET(self):  # noqa: N802
        if self.mode == "slow":
            threading.Event().wait(1.5)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        try:
            if self.mode == "huge":
                self.wfile.write(b'{"pad": "' + b"x" * (2 * 1024 * 1024) + b'"}')
            else:
                self.wfile.write(b"{}")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("mode, message", [("huge", "larger than"), ("slow", "could not reach")])
def test_fetch_has_size_limit_and_timeout(app, client, mode, message):
    app.config["LATIH_FETCH_TIMEOUT"] = 0.5
    handler = type("H", (_Handler,), {"mode": mode})
    server = HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        conf_url = f"http://127.0.0.1:{server.server_port}/mod/lti/openid-configuration.php"
        query = {"reg": regtokens.create(60), "openid_configuration": conf_url, "registration_token": "t"}
        resp = client.get("/lti/register?" + urlencode(query), headers={"Accept-Language": "en"})
        assert resp.status_code == 400
        assert message in resp.get_data(as_text=True)
    finally:
        server.shutdown()


def test_non_http_configuration_url_is_refused(client):
    query = {"reg": regtokens.create(60), "openid_configuration": "file:///etc/passwd", "registration_token": "t"}
    resp = client.get("/lti/register?" + urlencode(query))
    assert resp.status_code == 400
    assert "/etc/passwd" not in resp.get_data(as_text=True).replace("file:///etc/passwd", "")
