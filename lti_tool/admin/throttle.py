"""Atomic sign-in counters shared by every worker process: in Redis when ``REDIS_URL`` is set, else in the database.

A counter remembers how many attempts were made under one key and when the previous one was; it is forgotten
``window`` seconds after its last attempt (a sliding window). ``hit`` adds one and reads both in a single atomic step
— a Lua script in Redis, one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` statement in PostgreSQL or SQLite — so
attempts made at the same moment are all counted, whichever worker process they land in.

Nothing is counted in a process's memory: gunicorn runs several worker processes (``scripts/run``: 2), and a count
kept per process would give an attacker one allowance per process.

The times come from ``lti_tool.clock`` (not from Redis), so every backend and the tests agree on "now".

When Redis does not answer, the counters fall back to the database for ``FALLBACK_SECONDS`` (then Redis is tried
again): an outage neither turns the brake off nor answers 500. When the database does not answer either,
``Unavailable`` is raised and the sign-in page says that sign-in is not possible right now (503).
"""
import logging
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import redis
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from .models import LoginCounter

log = logging.getLogger(__name__)

FALLBACK_SECONDS = 30  # after a Redis error, the database keeps the counts this long before Redis is tried again
REDIS_TIMEOUT = 1.0  # seconds: a Redis that hangs must not hang the sign-in page
_EPOCH = datetime(1970, 1, 1)


class Unavailable(Exception):
    """Neither Redis nor the database could count an attempt: no password is checked."""


@dataclass(frozen=True)
class Hit:
    count: int  # attempts under the key within its window, this one included
    previous: datetime | None  # when the attempt before this one was (naive UTC), None for the first


class DatabaseCounters:
    """Counters in ``admin_login_counter``; each operation is one statement on its own connection."""

    table = LoginCounter.__table__

    def hit(self, key, window, now):
        t = self.table
        insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
        expired = t.c.expires_at <= now
        stmt = insert(t).values(key=key, count=1, last_at=now, prev_at=None, expires_at=now + timedelta(seconds=window))
        stmt = stmt.on_conflict_do_update(index_elements=[t.c.key], set_={
            # The SET expressions read the row as it was before this statement.
            "count": sa.case((expired, 1), else_=t.c.count + 1),
            "prev_at": sa.case((expired, sa.null()), else_=t.c.last_at),
            "last_at": stmt.excluded.last_at,
            "expires_at": stmt.excluded.expires_at,
        }).returning(t.c.count, t.c.prev_at)
        with db.engine.begin() as conn:
            row = conn.execute(stmt).one()
            if random.random() < 0.02:  # forget old counters now and then (usernames an attacker made up)
                conn.execute(t.delete().where(t.c.expires_at <= now))
        return Hit(row.count, row.prev_at)

    def undo(self, key, now):
        t = self.table
        with db.engine.begin() as conn:
            conn.execute(t.update().where(t.c.key == key, t.c.count > 0, t.c.expires_at > now)
                         .values(count=t.c.count - 1))

    def clear(self, key):
        with db.engine.begin() as conn:
            conn.execute(self.table.delete().where(self.table.c.key == key))

    def peek(self, key, now):
        t = self.table
        with db.engine.connect() as conn:
            count = conn.execute(sa.select(t.c.count).where(t.c.key == key, t.c.expires_at > now)).scalar()
        return count or 0


# KEYS[1]: the counter (a hash: c count, l last attempt, e end of window, as epoch seconds of the tool's clock).
_HIT = """
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local entry = redis.call('HMGET', KEYS[1], 'c', 'l', 'e')
local count, prev = 1, false
if entry[3] and tonumber(entry[3]) > now then
  count = tonumber(entry[1]) + 1
  prev = entry[2]
end
redis.call('HSET', KEYS[1], 'c', count, 'l', ARGV[1], 'e', string.format('%.6f', now + window))
redis.call('EXPIRE', KEYS[1], math.ceil(window) + 60)
return {count, prev}
"""
_UNDO = """
local entry = redis.call('HMGET', KEYS[1], 'c', 'e')
if entry[2] and tonumber(entry[2]) > tonumber(ARGV[1]) and tonumber(entry[1]) > 0 then
  redis.call('HINCRBY', KEYS[1], 'c', -1)
end
return 0
"""


def _epoch(moment):
    return f"{(moment - _EPOCH).total_seconds():.6f}"


class RedisCounters:
    def __init__(self, url, prefix):
        self._redis = redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT)
        self._prefix = prefix + "admin-login:"
        self._hit = self._redis.register_script(_HIT)
        self._undo = self._redis.register_script(_UNDO)

    def hit(self, key, window, now):
        count, prev = self._hit(keys=[self._prefix + key], args=[_epoch(now), window])
        previous = None if prev is None else _EPOCH + timedelta(seconds=float(prev))
        return Hit(int(count), previous)

    def undo(self, key, now):
        self._undo(keys=[self._prefix + key], args=[_epoch(now)])

    def clear(self, key):
        self._redis.delete(self._prefix + key)

    def peek(self, key, now):
        count, end = self._redis.hmget(self._prefix + key, "c", "e")
        return int(count) if end is not None and float(end) > float(_epoch(now)) else 0


class Counters:
    """Redis first when configured, the database when Redis fails (or is not configured)."""

    def __init__(self, redis_counters=None):
        self._redis = redis_counters
        self._database = DatabaseCounters()
        self._redis_back_at = 0.0  # time.monotonic() from which Redis is tried again

    def _call(self, name, *args):
        if self._redis is not None and time.monotonic() >= self._redis_back_at:
            try:
                return getattr(self._redis, name)(*args)
            except redis.RedisError as exc:
                self._redis_back_at = time.monotonic() + FALLBACK_SECONDS
                log.warning("Admin sign-in counters: Redis failed (%s); the database keeps them for %d s",
                            exc, FALLBACK_SECONDS)
        try:
            return getattr(self._database, name)(*args)
        except SQLAlchemyError as exc:
            log.error("Admin sign-in counters: the database failed too (%s); sign-in refused", exc)
            raise Unavailable() from exc

    def hit(self, key, window, now):
        """Count an attempt under ``key``; a Hit. Raises Unavailable."""
        return self._call("hit", key, window, now)

    def undo(self, key, now):
        """Take back one attempt (it was not a failure). Raises Unavailable."""
        self._call("undo", key, now)

    def clear(self, key):
        self._call("clear", key)

    def peek(self, key, now):
        """The count under ``key`` now (0 when forgotten)."""
        return self._call("peek", key, now)


def init_app(app):
    url = app.config.get("REDIS_URL")
    redis_counters = RedisCounters(url, app.config.get("LATIH_REDIS_PREFIX", "latih:")) if url else None
    app.extensions["latih_admin_counters"] = Counters(redis_counters)


def counters():
    return current_app.extensions["latih_admin_counters"]
