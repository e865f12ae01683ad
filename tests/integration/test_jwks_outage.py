"""The tool's JWKS without the database: platforms verify the tool's signatures (token requests, deep-linking
responses) against /lti/jwks, which must keep answering when PostgreSQL cannot be reached.

The published keys are kept in process memory and in ``<instance>/jwks.json``, written when a key is created or
rotated. A process that already served the JWKS serves it from memory; a new one reads the file.
"""
import json
import os

import pytest
import sqlalchemy as sa
from support import https_client

from lti_tool import create_app
from lti_tool.extensions import db
from lti_tool.lti import cache, keys

UNREACHABLE = "postgresql://nobody@127.0.0.1:1/none"  # nothing listens on port 1: connection refused


def _kids(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return [k["kid"] for k in response.get_json()["keys"]]


@pytest.fixture
def database_down(app):
    """Every statement on this app's database fails, as when PostgreSQL is unreachable."""
    state = {"down": False}

    def fail(*args, **kwargs):
        if state["down"]:
            raise sa.exc.OperationalError("SELECT", {}, ConnectionRefusedError("database unreachable (test)"))

    sa.event.listen(db.engine, "before_cursor_execute", fail)
    yield state
    sa.event.remove(db.engine, "before_cursor_execute", fail)


def test_a_new_process_serves_the_jwks_from_the_instance_folder(app, app_config):
    served = _kids(https_client(app).get("/lti/jwks"))  # the key is made on first use, and the file written
    down = create_app({"LATIH_ENV": "testing", "DATABASE_URL": UNREACHABLE, "SECRET_KEY": "k" * 32,
                       "LATIH_INSTANCE_PATH": app.instance_path})
    down.instance_path = app.instance_path
    client = https_client(down)
    assert _kids(client.get("/lti/jwks")) == served
    assert _kids(client.get("/.well-known/jwks.json")) == served


def test_a_running_process_keeps_serving_the_jwks_when_the_database_goes_down(app, client, database_down,
                                                                              monkeypatch):
    served = _kids(client.get("/lti/jwks"))
    os.remove(os.path.join(app.instance_path, keys.JWKS_FILE))  # memory alone
    database_down["down"] = True
    monkeypatch.setattr(cache, "MAX_AGE", 0.0)  # its snapshot of the keys is due for a reload, which fails
    assert _kids(client.get("/lti/jwks")) == served
    cache.drop("keys")  # no snapshot at all: the JWKS it served last
    assert _kids(client.get("/lti/jwks")) == served
    database_down["down"] = False
    assert _kids(client.get("/lti/jwks")) == served


def test_the_file_follows_key_creation_and_rotation_and_holds_public_keys_only(app, client):
    path = os.path.join(app.instance_path, keys.JWKS_FILE)
    first = keys.ensure_active_key()
    with open(path) as fh:
        assert [k["kid"] for k in json.load(fh)["keys"]] == [first.kid]
    result = app.test_cli_runner().invoke(args=["lti", "rotate-key", "--grace-days", "3"])
    assert result.exit_code == 0, result.output
    with open(path) as fh:
        published = json.load(fh)["keys"]
    assert [k["kid"] for k in published] == [keys.active_key().kid, first.kid]
    assert all(set(k) <= {"kty", "n", "e", "kid", "alg", "use"} for k in published), published
    assert published == client.get("/lti/jwks").get_json()["keys"]


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL")
def test_jwks_through_a_real_postgresql_outage(app, app_config, monkeypatch):
    from sqlalchemy.engine import make_url
    from tcp_proxy import TcpProxy

    url = make_url(app_config["DATABASE_URL"])
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    try:
        worker = create_app(dict(app_config, DATABASE_URL=url.set(host="127.0.0.1", port=proxy.port)
                                 .render_as_string(hide_password=False)))
        worker.instance_path = app.instance_path
        client = https_client(worker)
        served = _kids(client.get("/lti/jwks"))
        proxy.cut()  # PostgreSQL is gone: live connections dropped, new ones refused
        monkeypatch.setattr(cache, "MAX_AGE", 0.0)
        assert _kids(client.get("/lti/jwks")) == served
        proxy.restore()
        assert _kids(client.get("/lti/jwks")) == served
    finally:
        proxy.close()
