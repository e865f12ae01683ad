"""No secret in a log line: the one-time registration token, Moodle's registration_token and bearer tokens are
masked in the tool's own log lines and in the access logs of werkzeug and of a real gunicorn."""
import logging
import os
import threading
from urllib.parse import quote, urlencode

import pytest
import requests
from servers import Gunicorn, free_port
from werkzeug.serving import make_server

from lti_tool.lti import regtokens

SECRETS = ("SECRET-QUERY-1", "SECRET-ENCODED-2", "SECRET-PATH-3", "SECRET-REFERER-4", "SECRET-BEARER-5")


@pytest.fixture(autouse=True)
def _loggers():
    """Alembic's fileConfig (the session's migrations) disables loggers that existed before it: not these."""
    names = ("lti_tool", "werkzeug")
    saved = {name: logging.getLogger(name).disabled for name in names}
    for name in names:
        logging.getLogger(name).disabled = False
    yield
    for name, disabled in saved.items():
        logging.getLogger(name).disabled = disabled


def registration_path(reg):
    """A registration URL as Moodle opens it, whose configuration URL itself carries a token (URL-encoded), and
    which the tool cannot reach (so that it logs the failure, configuration URL included)."""
    config_url = f"http://127.0.0.1:{free_port()}/mod/lti/openid-configuration.php?registration_token=SECRET-ENCODED-2"
    return "/lti/register?" + urlencode({"reg": reg, "openid_configuration": config_url,
                                         "registration_token": "SECRET-QUERY-1"})


def requests_with_secrets(base, reg):
    headers = {"Referer": f"{base}/lti/register?reg=SECRET-REFERER-4", "Accept-Language": "en"}
    first = requests.get(base + registration_path(reg), headers=headers, timeout=10)
    assert first.status_code == 400 and "could not reach" in first.text  # the app logged its failure
    requests.get(base + "/lti/register/SECRET-PATH-3?reg=" + quote(reg), headers=headers, timeout=10)
    requests.get(base + "/healthz?token=SECRET-QUERY-1",
                 headers={"Authorization": "Bearer SECRET-BEARER-5", "Referer": headers["Referer"]}, timeout=10)


def assert_masked(text, reg):
    leaked = [secret for secret in (*SECRETS, reg) if secret in text]
    assert not leaked, f"{leaked} in:\n{text}"


def test_app_and_werkzeug_logs_mask_secrets(app, caplog):
    server = make_server("127.0.0.1", 0, app, threaded=True)  # werkzeug's own request handler: an access log
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    reg = regtokens.create(60)
    try:
        with caplog.at_level(logging.INFO):
            requests_with_secrets(f"http://127.0.0.1:{server.server_port}", reg)
            app.logger.warning("Sent %s with Authorization: Bearer SECRET-BEARER-5", "a token")
    finally:
        server.shutdown()
        server.server_close()
    lines = caplog.text
    assert_masked(lines, reg)
    assert "Dynamic registration failed" in lines and "openid-configuration.php?registration_token=***" in lines
    assert '"GET /lti/register?reg=***' in lines  # werkzeug's access log line, masked


@pytest.mark.xdist_group("servers")
def test_gunicorn_access_and_error_logs_mask_secrets(app, tmp_path):
    inherited = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "GUNICORN_CMD_ARGS")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LATIH_") and k not in inherited}
    env.update({"LATIH_ENV": "testing", "DATABASE_URL": app.config["DATABASE_URL"],
                "SECRET_KEY": "log-test-secret-key-" + "z" * 32, "LATIH_INSTANCE_PATH": str(tmp_path / "instance")})
    if app.config.get("REDIS_URL"):
        env.update({"REDIS_URL": app.config["REDIS_URL"], "LATIH_REDIS_PREFIX": app.config["LATIH_REDIS_PREFIX"]})
    reg = regtokens.create(60)  # in the database gunicorn uses
    port = free_port()
    server = Gunicorn(port, args=["--workers", "1", "--access-logfile", "-", "--error-logfile", "-"], env=env,
                      log_path=tmp_path / "gunicorn.log")
    base = f"http://127.0.0.1:{port}"
    try:
        server.wait_until_ready(lambda: requests.get(base + "/healthz", timeout=2).status_code == 200)
        requests_with_secrets(base, reg)
    finally:
        server.stop()
    log = server.log()
    assert_masked(log, reg)
    assert "GET /lti/register?reg=***" in log and "Dynamic registration failed" in log, log  # the lines are there
    assert "/lti/register/***" in log
