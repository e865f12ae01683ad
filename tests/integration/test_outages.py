"""Our own storage unreachable: a 503 page in the reader's language (never Werkzeug's, never an address or an
exception's text), and without Redis every use that is only a cache goes on while launches wait for it."""
import logging
import re

import pytest
from fakeplatform import FakePlatform
from servers import free_port
from sqlalchemy.exc import OperationalError
from support import https_client

from lti_tool import create_app

LEAKS = ("127.0.0.1", "OperationalError", "psycopg", "onnection refused", "Traceback", "redis", "Redis", "Errno")


@pytest.fixture(autouse=True)
def _loggers():
    """Alembic's fileConfig (the session's migrations) disables loggers that existed before it: not these."""
    names = ("lti_tool.errors", "lti_tool.state")
    saved = {name: logging.getLogger(name).disabled for name in names}
    for name in names:
        logging.getLogger(name).disabled = False
    yield
    for name, disabled in saved.items():
        logging.getLogger(name).disabled = disabled


def _launch(web, platform):
    """A signed launch and the cookies a browser would carry back from the login (state, session id)."""
    web.set_cookie("lti1p3-session-id", "session-1", domain="localhost")
    web.set_cookie("lti1p3-state-1", "state-1", domain="localhost")
    return {"id_token": platform.sign(platform.claims("student", nonce="n-1")), "state": "state-1"}


def outage_page(response, language="id"):
    body = response.get_data(as_text=True)
    assert response.status_code == 503, body[:800]
    assert response.headers["Retry-After"].isdigit()
    assert f'<html lang="{language}">' in body and 'data-status="503"' in body
    assert not [leak for leak in LEAKS if leak in body], body
    return body


@pytest.fixture
def no_database(app_config, tmp_path):
    port = free_port()  # bound and released: nothing listens there
    # Without Redis: launch state is in the database too, so the launch below reaches the database.
    down = create_app(dict(app_config, DATABASE_URL=f"postgresql://latih@127.0.0.1:{port}/latih", REDIS_URL=None,
                           SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"connect_timeout": 2}},
                           LATIH_INSTANCE_PATH=str(tmp_path)))
    return down, port


TITLES = {"id": "Alat ini sementara tidak tersedia", "en": "The tool is temporarily unavailable"}


@pytest.mark.parametrize("method, path, data, language", [
    ("GET", "/lti/register?reg=abc", None, "id"),  # the registration page reads its token
    ("POST", "/lti/login", {"iss": "https://moodle.example", "login_hint": "2", "client_id": "c"}, "id"),
    ("POST", "/lti/launch", "signed", "en"),  # in the launch's own locale (Moodle's user speaks English here)
])
def test_database_unreachable_answers_503_in_the_reader_s_language(no_database, caplog, method, path, data,
                                                                    language):
    down, port = no_database
    web = https_client(down)
    if data == "signed":
        data = _launch(web, FakePlatform())
    with caplog.at_level(logging.ERROR):
        response = web.open(path, method=method, data=data)
    body = outage_page(response, language)
    assert TITLES[language] in body
    assert str(port) not in body
    reference = re.search(r'data-testid="error-reference">([0-9A-F]{6})<', body).group(1)
    logged = [r for r in caplog.records if reference in r.getMessage()]
    assert len(logged) == 1 and "the database is unavailable" in logged[0].getMessage()  # logged once, with the kind
    assert logged[0].exc_info is None  # one line, no traceback


def test_database_unreachable_in_english_and_json(no_database):
    down, _ = no_database
    web = https_client(down)
    english = web.get("/lti/register?reg=abc", headers={"Accept-Language": "en"})
    assert "The tool is temporarily unavailable" in outage_page(english, "en")
    api = web.get("/lti/register?reg=abc", headers={"Accept": "application/json"})
    assert api.status_code == 503 and api.get_json()["error"] == "service_unavailable"
    assert "127.0.0.1" not in api.get_data(as_text=True)


@pytest.fixture
def no_redis(app, app_config, tmp_path):
    """The app with REDIS_URL on a port where nothing listens, sharing the (emptied) database of ``app``."""
    port = free_port()
    down = create_app(dict(app_config, REDIS_URL=f"redis://127.0.0.1:{port}/0", LATIH_INSTANCE_PATH=str(tmp_path)))
    return down, port


def test_without_redis_a_launch_gets_503_not_a_refusal(no_redis, platform):
    down, port = no_redis
    web = https_client(down)
    form = platform.login_initiation_form("student")
    assert web.post("/lti/login", data=form).status_code == 200  # the probe page needs no shared state
    response = web.post("/lti/login", data=dict(form, probe="1"))
    body = outage_page(response)
    assert "data-refusal" not in body and "platform" not in body.lower()  # nothing blames the platform
    assert str(port) not in body
    # The launch itself (state and nonce live in Redis): the same page, not "this launch is not valid".
    launch = web.post("/lti/launch", data=_launch(web, platform))
    assert "data-refusal" not in outage_page(launch, "en")  # the launch's locale


def test_without_redis_the_caches_go_on(no_redis, platform, caplog):
    from lti_tool.lti.protocol import platform_key
    from lti_tool.state import store

    down, _ = no_redis
    with down.app_context():
        kid = platform.jwks()["keys"][0]["kid"]
        before = len(platform.requests)
        assert platform_key(platform.issuer + "/mod/lti/certs.php", kid, platform.issuer)  # keyset: fetched …
        assert platform_key(platform.issuer + "/mod/lti/certs.php", kid, platform.issuer)  # … then from memory
        assert len([r for r in platform.requests[before:] if "certs.php" in r["path"]]) == 1
        store().set("roster:1", [{"user_id": "4"}], 60)
        assert store().get("roster:1") == [{"user_id": "4"}]
        with pytest.raises(Exception) as launch_state:  # launch state is never kept in one process's memory
            store().set("lti1p3-session-state-x", {"a": 1}, 60)
        from lti_tool.outages import kind

        assert kind(launch_state.value) == "redis"
    assert sum("Redis unavailable" in r.getMessage() for r in caplog.records) == 1  # once, not once per call


def test_a_refusal_made_during_an_outage_is_an_outage():
    from lti_tool.lti.refusal import Refused, RefusedInOutage

    try:
        raise OperationalError("SELECT 1", {}, ConnectionError("server at 10.0.0.5 refused"))
    except OperationalError:
        refusal = Refused("login", detail="connection to server at 10.0.0.5 failed")
    assert isinstance(refusal, RefusedInOutage)
    assert not isinstance(Refused("login", detail="missing iss"), RefusedInOutage)  # outside an outage: a refusal


def test_without_redis_an_admin_can_still_sign_in(no_redis):
    from lti_tool.admin.services import upsert_admin

    down, _ = no_redis
    with down.app_context():
        upsert_admin("ana", "correct horse battery")
    web = https_client(down)
    form = web.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    wrong = web.post("/admin/login", data={"username": "ana", "password": "wrong password!", "csrf_token": token})
    assert wrong.status_code in (200, 400, 401) and 'data-status="500"' not in wrong.get_data(as_text=True)
    right = web.post("/admin/login", data={"username": "ana", "password": "correct horse battery",
                                           "csrf_token": token})
    assert right.status_code == 302, right.get_data(as_text=True)[:500]


def test_the_caches_keys_are_the_soft_keys():
    """The keys of the caches that may live in memory without Redis are named in state.SOFT_PREFIXES: a cache
    whose key changes would otherwise turn a Redis outage into 503s again."""
    from types import SimpleNamespace

    from lti_tool.grades import roster, tokens
    from lti_tool.lti.platform_keys import _cache_key
    from lti_tool.state import SOFT_PREFIXES

    keys = [_cache_key("https://moodle.example/mod/lti/certs.php"), roster._cache_key(SimpleNamespace(id=1)),
            tokens._key(SimpleNamespace(id=1, client_id="c"), ["scope"])]
    assert all(key.startswith(SOFT_PREFIXES) for key in keys), keys
