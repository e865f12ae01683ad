"""The grade worker: every failed send logged, and database and Redis outages ridden out with nothing lost or sent
twice (PostgreSQL and Redis through a TCP proxy that the test cuts; on SQLite, every statement failing)."""
import logging
import os
import sqlite3
import threading
import time

import pytest
import requests
from sqlalchemy import event
from sqlalchemy.engine import make_url
from support import custom_activity
from tcp_proxy import TcpProxy

from lti_tool import create_app
from lti_tool.extensions import db
from lti_tool.grades import delivery, worker
from lti_tool.grades.models import DELIVERED, FAILED, PENDING, Score
from lti_tool.grades.outbox import record_score
from lti_tool.lti.models import LtiUser, ResourceLink


@pytest.fixture(autouse=True)
def _delivery_log():
    """Alembic's fileConfig (the session's migrations) disables loggers that existed before it: not this one."""
    logger = logging.getLogger("lti_tool.grades.delivery")
    disabled, logger.disabled = logger.disabled, False
    yield
    logger.disabled = disabled


@pytest.fixture
def course(graded_course, browser):
    browser.open(browser.launch_with("student", **custom_activity(graded_course["activity"])))
    return dict(graded_course, link=ResourceLink.query.filter_by(resource_link_id="3").one())


def _scores(course, platform, n):
    members = platform.ags.add_members(n)
    scores = []
    for m in members:
        user = LtiUser(issuer=course["course"].issuer, sub=m["user_id"], name=m["name"])
        db.session.add(user)
        db.session.flush()
        scores.append(record_score(user=user, activity=course["activity"], link=course["link"], score_given=7,
                                   activity_progress="Completed", grading_progress="FullyGraded"))
    db.session.commit()
    return [s.id for s in scores]


def _warnings(caplog, logger="lti_tool.grades.delivery"):
    return [r for r in caplog.records if r.name == logger and r.levelno == logging.WARNING]


# ---- every failure logged -----------------------------------------------------------------------------------


def test_retried_failure_is_logged_with_platform_status_and_answer(course, platform, caplog):
    (score_id,) = _scores(course, platform, 1)
    platform.ags.fail_next(503)
    with caplog.at_level(logging.WARNING, logger="lti_tool.grades.delivery"):
        assert delivery.deliver_due() == {PENDING: 1}
    (record,) = _warnings(caplog)
    text = record.getMessage()
    assert platform.issuer in text and platform.client_id in text and "HTTP 503" in text
    assert "Service Unavailable" in text and "will retry" in text
    row = db.session.get(Score, score_id)
    assert row.last_status == 503 and "503" in row.last_error  # kept for the grade pages


def test_refusal_is_logged_with_moodles_reason(course, platform, caplog):
    _scores(course, platform, 0)
    teacher = LtiUser.query.filter_by(sub="3").one()  # no gradebook role: Moodle answers 400
    record_score(user=teacher, activity=course["activity"], link=course["link"], score_given=1,
                 activity_progress="Completed", grading_progress="FullyGraded")
    db.session.commit()
    with caplog.at_level(logging.WARNING, logger="lti_tool.grades.delivery"):
        assert delivery.deliver_due() == {FAILED: 1}
    (record,) = _warnings(caplog)
    assert "HTTP 400" in record.getMessage() and "refused" in record.getMessage()
    assert platform.client_id in record.getMessage()


def test_logged_answer_is_cut_to_300_bytes(course, platform, caplog, monkeypatch):
    _scores(course, platform, 1)

    def long_answer(*args, **kwargs):
        resp = requests.Response()
        resp.status_code, resp._content = 502, ("é" + "x" * 2000).encode()
        return resp

    monkeypatch.setattr(delivery, "post_score", long_answer)
    with caplog.at_level(logging.WARNING, logger="lti_tool.grades.delivery"):
        delivery.deliver_due()
    (record,) = _warnings(caplog)
    assert "é" + "x" * 298 in record.getMessage() and "x" * 299 not in record.getMessage()


def test_unreachable_platform_is_logged(course, platform, caplog, monkeypatch):
    _scores(course, platform, 1)

    def timeout(*args, **kwargs):
        raise requests.ReadTimeout("read timed out")

    monkeypatch.setattr(delivery, "post_score", timeout)
    with caplog.at_level(logging.WARNING, logger="lti_tool.grades.delivery"):
        assert delivery.deliver_due() == {PENDING: 1}
    (record,) = _warnings(caplog)
    assert "ReadTimeout" in record.getMessage() and platform.issuer in record.getMessage()


# ---- outages of the worker's own database and Redis ----------------------------------------------------------


class SqliteFault:
    """Every statement of one app's engine fails while cut, as when the database file cannot be read."""

    def __init__(self):
        self.down = False

    def install(self, engine):
        @event.listens_for(engine, "before_cursor_execute")
        def fail(*args, **kwargs):
            if self.down:
                raise sqlite3.OperationalError("disk I/O error (test fault)")

    def cut(self):
        self.down = True

    def restore(self):
        self.down = False


@pytest.fixture
def database_fault(app_config):
    """(the worker's DATABASE_URL, the fault): a proxy in front of PostgreSQL, or failing statements on SQLite."""
    url = make_url(app_config["DATABASE_URL"])
    if url.get_backend_name() == "postgresql":
        proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
        yield url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False), proxy
        proxy.close()
    else:
        yield app_config["DATABASE_URL"], SqliteFault()


def _start_worker(app_config, database_url, redis_url, fault=None):
    worker_app = create_app(dict(app_config, DATABASE_URL=database_url, REDIS_URL=redis_url,
                                 LATIH_GRADE_LEASE=3, LATIH_DELIVER_AFTER_REQUEST=False))
    stop, totals = threading.Event(), {}

    def run():
        with worker_app.app_context():
            if isinstance(fault, SqliteFault):
                fault.install(db.engine)
            totals.update(worker.run_worker(stop, batch=5, idle=0.05))

    thread = threading.Thread(target=run, name="grade-worker", daemon=True)
    thread.start()
    return stop, thread, totals


def _wait_for(condition, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _all_delivered(ids):
    db.session.rollback()
    return Score.query.filter(Score.id.in_(ids), Score.status == DELIVERED).count() == len(ids)


def _ride_out(app_config, course, platform, caplog, fault, database_url, redis_url, trouble):
    ids = _scores(course, platform, 40)
    platform.ags.delay = 0.05  # a batch of 5 takes a while: the cut falls mid-batch
    caplog.set_level(logging.WARNING, logger="lti_tool.grades.delivery")
    stop, thread, totals = _start_worker(app_config, database_url, redis_url, fault)
    try:
        assert _wait_for(lambda: len(platform.ags.scores) >= 8, 20)
        fault.cut()
        assert _wait_for(lambda: any(trouble in r.getMessage() for r in _warnings(caplog)), 20)
        # An outage longer than one backoff step: the worker has failed and backed off at least twice.
        assert _wait_for(lambda: sum(trouble in r.getMessage() for r in _warnings(caplog)) >= 2, 30)
        fault.restore()
        assert _wait_for(lambda: _all_delivered(ids), 60), [
            (s.id, s.status, s.last_error) for s in Score.query.filter(Score.id.in_(ids), Score.status != DELIVERED)]
    finally:
        stop.set()
        thread.join(30)
    assert not thread.is_alive()
    sent = [s["body"]["userId"] for s in platform.ags.scores]
    assert len(sent) == len(set(sent)) == 40  # every score once: none lost, none sent twice
    assert {s["status"] for s in platform.ags.scores} == {200}
    assert totals.get(DELIVERED) == 40


def test_worker_rides_out_a_database_outage_mid_batch(app_config, course, platform, caplog, database_fault):
    database_url, fault = database_fault
    _ride_out(app_config, course, platform, caplog, fault, database_url, app_config["REDIS_URL"],
              trouble="the database unavailable")


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_worker_delivers_through_a_redis_outage(app_config, course, platform, caplog):
    """Redis only caches the worker's access tokens and line items: while it is cut, the worker keeps those in its
    own memory and goes on delivering, every score once (it used to stop and back off until Redis came back)."""
    url = make_url(app_config["REDIS_URL"].replace("redis://", "postgresql://", 1))  # only to parse it
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 6379)
    redis_url = f"redis://127.0.0.1:{proxy.port}/{url.database or 0}"
    ids = _scores(course, platform, 40)
    platform.ags.delay = 0.05  # a batch of 5 takes a while: the cut falls mid-batch
    state_log = logging.getLogger("lti_tool.state")
    disabled, state_log.disabled = state_log.disabled, False  # see _delivery_log
    caplog.set_level(logging.WARNING, logger="lti_tool.state")
    stop, thread, totals = _start_worker(app_config, app_config["DATABASE_URL"], redis_url, proxy)
    try:
        assert _wait_for(lambda: len(platform.ags.scores) >= 8, 20)
        proxy.cut()
        assert _wait_for(lambda: _all_delivered(ids), 60), [  # Redis still cut
            (s.id, s.status, s.last_error) for s in Score.query.filter(Score.id.in_(ids), Score.status != DELIVERED)]
        assert any("Redis unavailable" in r.getMessage() for r in _warnings(caplog, "lti_tool.state"))
    finally:
        stop.set()
        thread.join(30)
        proxy.close()
        state_log.disabled = disabled
    assert not thread.is_alive()
    sent = [s["body"]["userId"] for s in platform.ags.scores]
    assert len(sent) == len(set(sent)) == 40  # every score once: none lost, none sent twice
    assert {s["status"] for s in platform.ags.scores} == {200}
    assert totals.get(DELIVERED) == 40


def test_deliver_command_sends_one_by_one_with_concurrency_1(app, course, platform, monkeypatch):
    _scores(course, platform, 3)

    def no_pool(*args, **kwargs):
        raise AssertionError("no thread pool with --concurrency 1")

    monkeypatch.setattr(delivery, "ThreadPoolExecutor", no_pool)
    result = app.test_cli_runner().invoke(args=["grades", "deliver", "--once", "--concurrency", "1"])
    assert result.exit_code == 0 and "delivered=3" in result.output, result.output
    assert len(platform.ags.scores) == 3
