"""A small shared key-value store with expiry, for launch state, nonces and JWKS caches.

Several gunicorn worker processes must see the same state: the login may land on one
worker and the launch on another. The store lives in the database by default and in
Redis when ``REDIS_URL`` is set. ``take`` is atomic: of two concurrent callers, only one
gets the value (this is what makes a nonce single-use).

Some keys only hold what can be had again (``SOFT_PREFIXES``): a platform's keyset, a course roster, an access
token, a line item's URL, or a soft limit (the keyset refetch cooldown). When Redis is unreachable these live in
the process's memory for a while, and the pages that use them go on working (the admin sign-in throttle keeps its
own counters: ``admin.throttle``). Launch
state and nonces are not among them: a launch needs the store shared by every worker, and without Redis the error
raised here becomes a 503 "temporarily unavailable" page (``errors.py``).
"""
import json
import logging
import random
import threading
import time
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from .extensions import db

log = logging.getLogger(__name__)

# Keys (by their start) whose loss costs a refetch or some precision, never a security guarantee or a launch:
# lti.protocol's keyset cache and refetch cooldown, grades' roster, line item and access-token caches, and the admin
# sign-in throttle (per process while Redis is away: each process still locks an account after its own failures).
SOFT_PREFIXES = ("jwks:", "jwks-refetch:", "roster:", "lineitem:", "ags-token:")
REDIS_RETRY_SECONDS = 5.0  # after a failure, soft keys stay in memory this long before Redis is tried again
REDIS_TIMEOUT = 3.0  # seconds to connect to Redis and for each answer (a REDIS_URL query may say otherwise)


def _now():
    return datetime.now(UTC).replace(tzinfo=None)


class KVEntry(db.Model):
    __tablename__ = "kv_entry"

    key = db.Column(db.String(255), primary_key=True)
    value = db.Column(db.Text, nullable=False)
    expires_at = db.Column(db.DateTime, nullable=False, index=True)


class DatabaseStore:
    """The store in the application database, on its own connections: it never commits the caller's session."""

    table = KVEntry.__table__

    def get(self, key):
        with db.engine.connect() as conn:
            row = conn.execute(
                sa.select(self.table.c.value).where(self.table.c.key == key, self.table.c.expires_at > _now())
            ).first()
        return None if row is None else json.loads(row.value)

    def set(self, key, value, ttl):
        values = {"value": json.dumps(value), "expires_at": _now() + timedelta(seconds=int(ttl))}
        with db.engine.begin() as conn:
            updated = conn.execute(self.table.update().where(self.table.c.key == key).values(**values)).rowcount
            if not updated:
                conn.execute(self.table.insert().values(key=key, **values))
            if random.random() < 0.02:
                conn.execute(self.table.delete().where(self.table.c.expires_at <= _now()))

    def take(self, key):
        """Read and delete in one transaction; only the caller whose delete removed the row gets the value."""
        with db.engine.begin() as conn:
            row = conn.execute(
                sa.select(self.table.c.value, self.table.c.expires_at).where(self.table.c.key == key)
            ).first()
            if row is None:
                return None
            deleted = conn.execute(self.table.delete().where(self.table.c.key == key)).rowcount
        if deleted != 1 or row.expires_at <= _now():
            return None
        return json.loads(row.value)

    def delete(self, key):
        with db.engine.begin() as conn:
            conn.execute(self.table.delete().where(self.table.c.key == key))


def _loads(raw):
    return None if raw is None else json.loads(raw)


class MemoryStore:
    """This process's memory, for soft keys while Redis is unreachable: bounded, values expire."""

    MAX_ENTRIES = 10_000

    def __init__(self):
        self._data, self._lock = {}, threading.Lock()

    def get(self, key):
        with self._lock:
            raw, until = self._data.get(key, (None, 0.0))
            return json.loads(raw) if raw is not None and until > time.monotonic() else None

    def set(self, key, value, ttl):
        with self._lock:
            if len(self._data) >= self.MAX_ENTRIES:  # drop the expired, then the oldest
                now = time.monotonic()
                self._data = {k: v for k, v in self._data.items() if v[1] > now}
                while len(self._data) >= self.MAX_ENTRIES:
                    self._data.pop(next(iter(self._data)))
            self._data[key] = (json.dumps(value), time.monotonic() + max(1, int(ttl)))

    def take(self, key):
        with self._lock:
            raw, until = self._data.pop(key, (None, 0.0))
        return json.loads(raw) if raw is not None and until > time.monotonic() else None

    def delete(self, key):
        with self._lock:
            self._data.pop(key, None)


class RedisStore:
    def __init__(self, url, prefix=None):
        import redis

        self._redis = redis.Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT)
        self._errors = (redis.exceptions.RedisError,)
        # Every key starts with LATIH_REDIS_PREFIX, so several tools (or test workers) can share one Redis db.
        self._prefix = current_app.config.get("LATIH_REDIS_PREFIX", "latih:") if prefix is None else prefix
        self._memory = MemoryStore()
        self._away_until = 0.0  # monotonic time until which soft keys skip Redis

    def _soft(self, key, in_redis, in_memory):
        """``in_redis()`` for a soft key, or ``in_memory()`` while Redis is unreachable; other keys: Redis only."""
        if not key.startswith(SOFT_PREFIXES):
            return in_redis()
        if time.monotonic() < self._away_until:
            return in_memory()
        try:
            return in_redis()
        except self._errors as exc:
            self._away_until = time.monotonic() + REDIS_RETRY_SECONDS
            log.warning("Redis unavailable (%s): caches kept in this process's memory for %s s",
                        exc.__class__.__name__, REDIS_RETRY_SECONDS)
            return in_memory()

    def get(self, key):
        return self._soft(key, lambda: _loads(self._redis.get(self._prefix + key)), lambda: self._memory.get(key))

    def set(self, key, value, ttl):
        self._soft(key, lambda: self._redis.set(self._prefix + key, json.dumps(value), ex=max(1, int(ttl))),
                   lambda: self._memory.set(key, value, ttl))

    def take(self, key):
        return _loads(self._redis.getdel(self._prefix + key))  # nonces, launch state: never one process's memory

    def delete(self, key):
        self._memory.delete(key)
        self._soft(key, lambda: self._redis.delete(self._prefix + key), lambda: None)

    def ping(self):
        return self._redis.ping()


def init_app(app):
    url = app.config.get("REDIS_URL")
    app.extensions["latih_store"] = RedisStore(url, app.config["LATIH_REDIS_PREFIX"]) if url else DatabaseStore()


def store():
    return current_app.extensions["latih_store"]
