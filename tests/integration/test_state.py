"""The shared store behind launch state: expiry, and a take() that only one caller wins."""
import threading
import time

import pytest

from lti_tool.state import DatabaseStore, RedisStore, store


def stores(app):
    found = [DatabaseStore()]
    if app.config.get("REDIS_URL"):
        found.append(RedisStore(app.config["REDIS_URL"]))
    return found


def test_configured_store_matches_settings(app):
    expected = RedisStore if app.config.get("REDIS_URL") else DatabaseStore
    assert isinstance(store(), expected)


def test_set_get_take(app):
    for s in stores(app):
        s.set("k1", {"a": 1}, 60)
        assert s.get("k1") == {"a": 1}
        s.set("k1", {"a": 2}, 60)  # overwrite
        assert s.take("k1") == {"a": 2}
        assert s.take("k1") is None
        assert s.get("k1") is None


def test_expired_values_are_gone(app):
    for s in stores(app):
        started = time.monotonic()
        s.set("short", True, 2)
        value = s.get("short")
        if time.monotonic() - started < 1.5:  # a loaded machine may take longer than the lifetime to ask
            assert value is True
        deadline = time.monotonic() + 6  # a two-second lifetime: Redis and the database see the real clock
        while s.get("short") is not None and time.monotonic() < deadline:
            time.sleep(0.05)  # polling interval
        assert s.get("short") is None
        assert s.take("short") is None


@pytest.mark.parametrize("attempt", range(3))
def test_only_one_concurrent_take_wins(app, attempt):
    for s in stores(app):
        s.set("nonce-x", True, 60)
        results = []
        barrier = threading.Barrier(8)

        def grab(s=s, barrier=barrier, results=results):
            with app.app_context():
                barrier.wait()
                results.append(s.take("nonce-x"))

        threads = [threading.Thread(target=grab) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results.count(True) == 1, results


def test_store_does_not_commit_the_callers_session(app):
    from lti_tool.extensions import db
    from lti_tool.lti.models import LtiUser

    db.session.add(LtiUser(issuer="i", sub="s"))
    DatabaseStore().set("k", 1, 60)
    db.session.rollback()
    assert LtiUser.query.count() == 0
