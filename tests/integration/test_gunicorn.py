"""A real gunicorn with two worker processes: a login answered by one worker and its launch by the other work.

Login state (state, nonce, the probe) must live in the shared store (the database, or Redis when REDIS_URL is
set) and the session in the signed cookie, never in one process's memory. The test repeats whole flows until
one of them crossed workers (the login that stored state and nonce on one worker, the launch that consumed
them on the other), and requires every flow to succeed.

Gunicorn serves HTTPS with a self-signed certificate made for the test: the tool's cookies are always Secure,
and ``requests`` (http.cookiejar) never sends a Secure cookie over plain http. Over HTTPS the cookie jar works
as a browser's would, with no cookie carried by hand; the client verifies the test certificate.
"""
import http.client
import os
import ssl
import time
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from fakeplatform import FakePlatform
from servers import Gunicorn, free_port, self_signed_cert
from support import register

pytestmark = pytest.mark.xdist_group("servers")  # under xdist, on one worker with the other server tests
MAX_FLOWS = 30
WORKER = "X-Latih-Worker"


@pytest.fixture
def tls(tmp_path):
    return self_signed_cert(tmp_path / "tls")


def _env(app, tmp_path):
    inherited = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "GUNICORN_CMD_ARGS")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LATIH_") and k not in inherited}
    env.update({
        "LATIH_ENV": "testing",
        "DATABASE_URL": app.config["DATABASE_URL"],  # the database the ``app`` fixture emptied
        "SECRET_KEY": "gunicorn-test-secret-key-" + "y" * 32,
        "LATIH_EXPOSE_WORKER": "1",
        "LATIH_INSTANCE_PATH": str(tmp_path / "instance"),
    })
    if app.config.get("REDIS_URL"):
        env["REDIS_URL"] = app.config["REDIS_URL"]
        env["LATIH_REDIS_PREFIX"] = app.config["LATIH_REDIS_PREFIX"]  # this xdist worker's keys
    return env


def _start(app, tmp_path, tls, attempts=3):
    """A fake Moodle registered in the (empty) database, then gunicorn on a free port. Returns
    (gunicorn, platform). Tried again on another port if another process took the port first."""
    cert, key = tls
    args = ["--workers", "2", "--threads", "1", "--worker-class", "sync", "--certfile", str(cert),
            "--keyfile", str(key), "--timeout", "30", "--graceful-timeout", "2"]
    for attempt in range(attempts):
        port = free_port()
        platform = FakePlatform(tool_base=f"https://localhost:{port}")
        platform.serve()  # the tool fetches the platform's JWKS over HTTP
        register(platform)
        server = Gunicorn(port, args=args, env=_env(app, tmp_path), log_path=tmp_path / f"gunicorn-{attempt}.log")
        health = f"https://localhost:{port}/healthz"

        def ready(url=health):
            return requests.get(url, verify=str(cert), timeout=2).status_code == 200

        try:
            server.wait_until_ready(ready)
            return server, platform
        except RuntimeError:
            server.stop()
            platform.shutdown()
            if "Address already in use" not in server.log() or attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


@pytest.fixture
def served(app, tmp_path, tls):
    """(gunicorn, fake Moodle): two sync workers of the tool over HTTPS, and the platform they trust."""
    server, platform = _start(app, tmp_path, tls)
    yield server, platform
    server.stop()
    platform.shutdown()


def _why(response):
    """Status, worker and refusal code of an unexpected answer (the page itself is long)."""
    body = response.text
    if 'data-refusal="' in body:
        body = "refusal " + body.split('data-refusal="', 1)[1].split('"', 1)[0]
    return f"HTTP {response.status_code} from worker {response.headers.get(WORKER)}: {body[:500]}"


class _Pin:
    """An open connection that keeps one sync worker busy: it has accepted the connection (the TLS handshake
    is done) and waits for a request, so meanwhile every other connection goes to the other worker.
    ``release()`` sends a request on it and returns the pid of the worker it held."""

    def __init__(self, port, cert):
        context = ssl.create_default_context(cafile=str(cert))
        self._conn = http.client.HTTPSConnection("localhost", port, context=context, timeout=10)
        self._conn.connect()

    def release(self):
        self._conn.request("GET", "/healthz", headers={"Connection": "close"})
        response = self._conn.getresponse()
        response.read()
        self._conn.close()
        return response.getheader(WORKER)


def _flow(base, platform, cert, pin=False):
    """One student's login → Moodle auth → launch → landing, in a fresh cookie jar, every request on a new
    connection. With ``pin``, a connection holds one worker while the launch is posted (see the test).
    Returns the worker pid that answered each step."""
    tab = requests.Session()  # one browser tab: its own cookie jar
    tab.trust_env = False  # else REQUESTS_CA_BUNDLE (or a proxy) from the environment wins over .verify
    tab.verify = str(cert)
    tab.headers["Connection"] = "close"
    workers = {}
    form = platform.login_initiation_form("student")

    first = tab.post(base + "/lti/login", data=form, allow_redirects=False, timeout=10)
    assert first.status_code == 200, _why(first)
    workers["login"] = first.headers[WORKER]

    second = tab.post(base + "/lti/login", data=dict(form, probe="1"), allow_redirects=False, timeout=10)
    assert second.status_code == 302, _why(second)  # the probe cookie came back: on to the platform
    assert second.headers["Location"].startswith(platform.issuer + "/mod/lti/auth.php?")
    workers["redirect"] = second.headers[WORKER]

    query = {k: v[0] for k, v in parse_qs(urlsplit(second.headers["Location"]).query).items()}
    status, answer = platform.auth_response(query)  # Moodle's auth.php, in-process
    assert status == 200, answer
    assert answer["redirect_uri"] == base + "/lti/launch"

    held = _Pin(urlsplit(base).port, cert) if pin else None
    try:
        launch = tab.post(answer["redirect_uri"], data={"id_token": answer["id_token"], "state": answer["state"]},
                           allow_redirects=False, timeout=10)
    finally:
        if held:
            workers["pinned"] = held.release()
    assert launch.status_code == 303, _why(launch)
    assert launch.headers["Location"].startswith(base + "/") or launch.headers["Location"].startswith("/")
    workers["launch"] = launch.headers[WORKER]

    landing = tab.get(urljoin(base, launch.headers["Location"]), timeout=10)
    assert landing.status_code == 200, _why(landing)
    assert urlsplit(landing.url).netloc == urlsplit(base).netloc
    assert 'data-testid="learner-waiting"' in landing.text, _why(landing)
    workers["landing"] = landing.headers[WORKER]
    return workers


def test_login_and_launch_on_different_workers(served, tls):
    gunicorn, platform = served
    base = f"https://localhost:{gunicorn.port}"
    started = time.monotonic()
    flows = []
    for number in range(MAX_FLOWS):
        # Which idle sync worker accepts a connection is the kernel's choice, and it is often the same one
        # all along. Every other flow, a held connection pins one worker during the launch, so the launch
        # goes to the other one: whichever pattern the kernel follows, some flow crosses workers.
        flows.append(_flow(base, platform, tls[0], pin=number % 2 == 1))  # each flow asserts it succeeded
        if any(f["redirect"] != f["launch"] for f in flows):
            break
    pids = {pid for flow in flows for pid in flow.values()}
    # The login that stored state and nonce on one worker, the launch that consumed them on the other.
    assert any(f["redirect"] != f["launch"] for f in flows), (
        f"no flow crossed workers in {len(flows)} flows ({pids}):\n{gunicorn.log()}")
    assert len(pids) == 2, pids
    assert all(f["pinned"] != f["launch"] for f in flows if "pinned" in f), flows  # the pin held its worker
    assert str(gunicorn.process.pid) not in pids  # workers, not the arbiter
    assert time.monotonic() - started < 20, flows
