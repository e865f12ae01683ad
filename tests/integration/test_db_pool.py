"""Pooled connections: pinged before use only after sitting idle (lti_tool/dbpool.py), never handed out stale."""
import pytest
from sqlalchemy import create_engine, text

from lti_tool import dbpool
from lti_tool.extensions import db


def _one_request():
    assert db.session.execute(text("SELECT 1")).scalar() == 1
    db.session.remove()  # as at the end of every request: the connection goes back to the pool


@pytest.fixture
def pings(app, monkeypatch):
    seen = []
    dialect = db.engine.dialect
    real = dialect.do_ping
    monkeypatch.setattr(dialect, "do_ping", lambda conn: seen.append(conn) or real(conn))
    return seen


def test_a_connection_used_a_moment_ago_is_not_pinged_again(app, pings):
    for _ in range(5):
        _one_request()
    assert pings == []  # pool_pre_ping made one round trip per checkout


def test_a_connection_idle_for_a_while_is_pinged_first(app, pings, monkeypatch):
    _one_request()
    monkeypatch.setattr(dbpool, "PING_AFTER_IDLE", 0.0)
    _one_request()
    assert len(pings) == 1


def test_a_connection_the_server_dropped_is_replaced_before_the_request_sees_it(app, monkeypatch):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL (pg_terminate_backend)")
    backend = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
    db.session.remove()
    other = create_engine(db.engine.url, isolation_level="AUTOCOMMIT")
    with other.connect() as conn:  # as a server restart or a firewall would: the pooled connection is gone
        assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend}).scalar()
    other.dispose()
    monkeypatch.setattr(dbpool, "PING_AFTER_IDLE", 0.0)
    assert db.session.execute(text("SELECT pg_backend_pid()")).scalar() != backend
