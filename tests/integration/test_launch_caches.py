"""What makes a launch light, and stays correct: registrations and keys cached per process (with changes seen at
once by every worker), the private key parsed once, and a launch that reads and writes the database only as much
as it must.

Two apps on one database and one shared store stand for two gunicorn workers: each keeps its own caches.
"""
import pytest
import sqlalchemy as sa
from support import https_client

from lti_tool import create_app
from lti_tool.extensions import db
from lti_tool.lti import cache, keys
from lti_tool.lti.models import Deployment, Platform
from lti_tool.lti.toolconf import DbToolConf

LTI = "https://purl.imsglobal.org/spec/lti/claim/"


def refusal(response):
    body = response.get_data(as_text=True)
    assert 'data-refusal="' in body, body[:500]
    return body.split('data-refusal="', 1)[1].split('"', 1)[0]


@pytest.fixture
def other_worker(app_config, app):
    """Another worker process of the tool: its own app (own caches, own sessions), same database and store."""
    other = create_app(dict(app_config))
    other.instance_path = app.instance_path
    return other


def test_registration_deactivated_in_another_worker_is_refused_at_once(browser, platform, other_worker):
    from lti_tool.admin.services import set_registration_active

    assert browser.launch("student").status_code == 303  # this worker has the registration cached
    platform_id = Platform.query.one().id
    with other_worker.app_context():
        set_registration_active(platform_id, False)  # the admin page, served by the other worker
    form = platform.login_initiation_form("student")
    assert refusal(browser.client.post("/lti/login", data=dict(form, probe="1"))) == "platform"
    with other_worker.app_context():
        set_registration_active(platform_id, True)
    assert browser.launch("student").status_code == 303


def test_deployment_approved_in_another_worker_is_accepted_at_once(browser, platform, other_worker):
    from lti_tool.admin.services import approve_deployment

    assert refusal(browser.launch_with("student", **{LTI + "deployment_id": "99"})) == "deployment"
    pending = Deployment.query.filter_by(deployment_id="99").one()
    assert pending.active is False
    with other_worker.app_context():
        approve_deployment(pending.id)
    assert browser.launch_with("student", **{LTI + "deployment_id": "99"}).status_code == 303


def test_key_rotated_in_another_process_signs_at_once(app, platform, other_worker):
    first = keys.ensure_active_key().kid
    assert DbToolConf().find_registration_by_params(platform.issuer, platform.client_id).get_kid() == first
    with other_worker.app_context():
        new, _ = keys.rotate(1)  # flask lti rotate-key, another process
        new_kid = new.kid
    reg = DbToolConf().find_registration_by_params(platform.issuer, platform.client_id)
    assert reg.get_kid() == new_kid
    kids = [k["kid"] for k in https_client(app).get("/lti/jwks").get_json()["keys"]]
    assert kids == [new_kid, first]


def test_an_edit_outside_the_tool_is_seen_within_max_age(browser, platform, monkeypatch):
    assert browser.launch("student").status_code == 303
    db.session.execute(sa.text("UPDATE platform SET active = :no"), {"no": False})  # psql, say: no ORM event
    db.session.commit()
    monkeypatch.setattr(cache, "MAX_AGE", 0.0)  # as if MAX_AGE seconds had passed
    form = platform.login_initiation_form("student")
    assert refusal(browser.client.post("/lti/login", data=dict(form, probe="1"))) == "platform"


def test_the_private_key_is_parsed_once_per_process(browser, monkeypatch):
    from cryptography.hazmat.primitives import serialization

    keys.ensure_active_key()  # made at start-up (flask latih prepare)
    parse = serialization.load_pem_private_key
    calls = []
    monkeypatch.setattr(serialization, "load_pem_private_key", lambda *a, **k: calls.append(1) or parse(*a, **k))
    keys._public_pem.cache_clear()
    for _ in range(3):
        assert browser.open(browser.launch("student")).status_code == 200
    assert len(calls) == 1


class Statements:
    """SQL statements sent to the database, other than the shared store's (Redis in production)."""

    def __init__(self, engine):
        self.engine, self.seen = engine, []
        sa.event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, conn, cursor, statement, params, context, executemany):
        if "kv_entry" not in statement:
            self.seen.append(" ".join(statement.split())[:120])

    def take(self):
        seen, self.seen = self.seen, []
        return seen

    def close(self):
        sa.event.remove(self.engine, "before_cursor_execute", self._record)


@pytest.fixture
def statements(app):
    found = Statements(db.engine)
    yield found
    found.close()


def test_a_returning_learners_launch_reads_once_and_writes_nothing(browser, platform, statements):
    browser.open(browser.launch("student"))  # first launch: creates user, course, link
    statements.take()
    form = platform.login_initiation_form("student")
    browser.client.post("/lti/login", data=form)
    second = browser.client.post("/lti/login", data=dict(form, probe="1"))
    assert statements.take() == []  # logins: registrations come from the cache, state goes to the store
    query = dict(p.split("=", 1) for p in second.headers["Location"].split("?", 1)[1].split("&"))
    from urllib.parse import unquote_plus

    answer = browser.authorize({k: unquote_plus(v) for k, v in query.items()})
    launch = browser.post_launch(answer["id_token"], answer["state"])
    assert launch.status_code == 303
    launched = statements.take()
    assert len(launched) == 1 and launched[0].startswith("SELECT"), launched  # user, course and link at once
    page = browser.client.get(launch.headers["Location"])
    assert page.status_code == 200 and "Sam Student" in page.get_data(as_text=True)
    assert len(statements.take()) == 1  # the landing page: the launch's user, course and link in one query


def test_a_new_learner_costs_one_insert(browser, platform, statements):
    browser.open(browser.launch("student"))
    statements.take()
    browser.open(browser.launch("student", user_id="5"))  # another learner of the same course and link
    written = [s for s in statements.take() if not s.startswith("SELECT")]
    assert len(written) == 1 and written[0].startswith("INSERT INTO lti_user"), written
