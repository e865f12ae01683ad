"""A small shared key-value store with expiry, for launch state, nonces and JWKS caches.

Several gunicorn worker processes must see the same state: the login may land on one
worker and the launch on another. The store lives in the database by default and in
Redis when ``REDIS_URL`` is set. ``take`` is atomic: of two concurrent callers, only one
gets the value (this is what makes a nonce single-use).
"""
import json
import random
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from .extensions import db


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


class RedisStore:
    def __init__(self, url, prefix=None):
        import redis

        self._redis = redis.Redis.from_url(url)
        # Every key starts with LATIH_REDIS_PREFIX, so several tools (or test workers) can share one Redis db.
        self._prefix = current_app.config.get("LATIH_REDIS_PREFIX", "latih:") if prefix is None else prefix

    def get(self, key):
        raw = self._redis.get(self._prefix + key)
        return None if raw is None else json.loads(raw)

    def set(self, key, value, ttl):
        self._redis.set(self._prefix + key, json.dumps(value), ex=max(1, int(ttl)))

    def take(self, key):
        raw = self._redis.getdel(self._prefix + key)
        return None if raw is None else json.loads(raw)

    def delete(self, key):
        self._redis.delete(self._prefix + key)

    def ping(self):
        return self._redis.ping()


def init_app(app):
    url = app.config.get("REDIS_URL")
    app.extensions["latih_store"] = RedisStore(url, app.config["LATIH_REDIS_PREFIX"]) if url else DatabaseStore()


def store():
    return current_app.extensions["latih_store"]
