"""Outbound fetches of URLs a platform (or a registration link's holder) hands the tool: public addresses over https
only, the address that was checked is the one connected to, and nothing of an answer's body is ever shown.

No test here sends a packet beyond loopback: ``guarded_sockets`` makes every connection to another address fail
before it leaves, and records it, so that an attempt to reach 10.x or 169.254.169.254 is seen without being made.
"""
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

import pytest
from fakeplatform import FakePlatform

from lti_tool.lti import regtokens
from lti_tool.lti.models import Platform

REFUSED = "is not an address the tool may fetch from"


@pytest.fixture
def attempts(monkeypatch):
    """Connections attempted to addresses other than loopback: recorded, and refused before they leave."""
    tried = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host.split("%")[0] not in ("127.0.0.1", "::1", "localhost") \
                and not host.startswith("/"):
            tried.append(host)
            raise ConnectionRefusedError(f"test: no traffic to {host}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return tried


@pytest.fixture
def resolver(monkeypatch):
    """Host names the test makes up, resolved to the addresses it chooses (a list per name: one per lookup)."""
    names = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in names:
            answers = names[host]
            address = answers.pop(0) if len(answers) > 1 else answers[0]
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            sockaddr = (address, port or 0, 0, 0) if family == socket.AF_INET6 else (address, port or 0)
            return [(family, socket.SOCK_STREAM, 6, "", sockaddr)]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names


@pytest.fixture
def moodle(app):
    fake = FakePlatform(tool_base="https://localhost")
    fake.serve()
    yield fake
    fake.shutdown()


def register(client, config_url, registration_token="t"):
    query = {"reg": regtokens.create(60), "openid_configuration": config_url,
             "registration_token": registration_token}
    return client.get("/lti/register?" + urlencode(query), headers={"Accept-Language": "en"})


@pytest.mark.parametrize("host", ["10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "100.100.100.200",
                                  "[fd00:ec2::254]", "[::ffff:169.254.169.254]", "[fe80::1]", "224.0.0.1",
                                  "0.0.0.0"])
def test_registration_never_reaches_a_private_or_metadata_address(client, attempts, host):
    resp = register(client, f"http://{host}/mod/lti/openid-configuration.php")
    body = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert REFUSED in body
    assert attempts == []  # refused before any connection
    assert Platform.query.count() == 0


def test_a_name_that_resolves_to_a_private_address_is_refused(client, attempts, resolver):
    resolver["moodle.intranet.example"] = ["10.20.30.40"]
    resp = register(client, "http://moodle.intranet.example/mod/lti/openid-configuration.php")
    assert resp.status_code == 400 and REFUSED in resp.get_data(as_text=True)
    assert "10.20.30.40" not in resp.get_data(as_text=True)  # the page does not tell what the name resolves to
    assert attempts == []


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]"])
def test_loopback_is_refused_unless_allowed(app, client, moodle, host):
    app.config["LATIH_FETCH_ALLOW"] = ()  # production has no allow-list
    port = moodle.issuer.rsplit(":", 1)[1]
    before = len(moodle.requests)
    resp = register(client, f"http://{host}:{port}/mod/lti/openid-configuration.php")
    assert resp.status_code == 400 and REFUSED in resp.get_data(as_text=True)
    assert len(moodle.requests) == before  # the fake Moodle on loopback was never asked
    assert Platform.query.count() == 0


def test_allow_list_lets_a_named_network_through(app, client, moodle):
    app.config["LATIH_FETCH_ALLOW"] = ("127.0.0.0/8",)
    resp = register(client, moodle.issuer + "/mod/lti/openid-configuration.php", moodle.make_registration_token())
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert Platform.query.count() == 1


def test_the_checked_address_is_the_one_connected_to(app, client, attempts, resolver):
    """DNS rebinding: the name answers a public address to the check and loopback afterwards. The tool resolves
    once and connects to the address it checked, so loopback is never tried."""
    app.config["LATIH_FETCH_ALLOW"] = ()
    resolver["rebind.example"] = ["93.184.216.34", "127.0.0.1"]
    resp = register(client, "https://rebind.example/mod/lti/openid-configuration.php")
    assert resp.status_code == 400 and "could not reach" in resp.get_data(as_text=True)
    assert attempts == ["93.184.216.34"]  # the checked, public address (refused by this test, never sent)


def test_production_fetches_https_only(app_config, moodle, monkeypatch):
    from lti_tool import create_app
    from lti_tool.lti.fetch import FetchError, fetch_json

    monkeypatch.setenv("LATIH_FETCH_ALLOW", "127.0.0.1")  # even a loopback platform the admin allowed
    prod = create_app(dict(app_config, LATIH_ENV="production"))
    assert prod.config["LATIH_FETCH_HTTP"] is False
    with prod.test_request_context("/", headers={"Accept-Language": "en"}):
        before = len(moodle.requests)
        with pytest.raises(FetchError, match="only https://"):
            fetch_json(moodle.issuer + "/mod/lti/openid-configuration.php")
        assert len(moodle.requests) == before


def test_production_has_no_allow_list():
    import config.default
    import config.production

    assert getattr(config.production, "LATIH_FETCH_ALLOW", config.default.LATIH_FETCH_ALLOW) == ()


class _Platform(BaseHTTPRequestHandler):
    """A 'platform' whose configuration is valid and whose registration endpoint answers 500 with a body."""

    def do_GET(self):  # noqa: N802
        base = f"http://127.0.0.1:{self.server.server_port}"
        conf = {"issuer": base, "authorization_endpoint": base + "/auth", "token_endpoint": base + "/token",
                "jwks_uri": base + "/certs", "registration_endpoint": base + "/register"}
        self._answer(200, json.dumps(conf).encode(), "application/json")

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = self.server.answer_body
        self._answer(self.server.answer_status, body, "application/json" if body.startswith(b"{") else "text/plain")

    def _answer(self, status, body, kind):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("status, body", [
    (500, b"root:x:0:0 INTERNAL-SECRET-42 <b>db password</b>"),
    (400, json.dumps({"error": "INTERNAL-SECRET-42", "error_description": "INTERNAL-SECRET-42"}).encode()),
])
def test_an_answer_s_body_is_never_shown(client, caplog, status, body):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Platform)
    server.answer_status, server.answer_body = status, body
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        resp = register(client, f"http://127.0.0.1:{server.server_port}/.well-known/openid-configuration")
    finally:
        server.shutdown()
        server.server_close()
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert f"HTTP {status}" in page  # the status is told …
    assert "INTERNAL-SECRET-42" not in page and "db password" not in page  # … never the body
    assert "INTERNAL-SECRET-42" not in caplog.text


def test_a_refusal_is_not_framed_by_the_site_it_names(client):
    query = {"reg": "not-a-token", "openid_configuration": "https://evil.example/mod/lti/openid-configuration.php"}
    resp = client.get("/lti/register?" + urlencode(query))
    assert resp.status_code == 403
    ancestors = resp.headers["Content-Security-Policy"].split("frame-ancestors", 1)[1]
    assert "evil.example" not in ancestors


def test_grade_services_go_through_the_same_guard(app, attempts):
    from lti_tool.grades import delivery
    from lti_tool.grades.tokens import TokenError, request_token
    from lti_tool.lti.fetch import CheckedAdapter

    platform = Platform(issuer="https://moodle.example", client_id="c", auth_token_url="http://10.9.9.9/token",
                        auth_login_url="https://moodle.example/auth", key_set_url="https://moodle.example/certs")
    with pytest.raises(TokenError, match="AddressNotAllowed"):
        request_token(platform, ["scope"])
    assert attempts == []
    assert isinstance(delivery._http().get_adapter("https://moodle.example/x"), CheckedAdapter)
