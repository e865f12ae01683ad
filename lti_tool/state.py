"""A small shared key-value store with expiry, for launch state, nonces and JWKS caches.

Several gunicorn worker processes must see the same state: the login may land on one
worker and the launch on another. The store lives in the database by default and in
Redis when ``REDIS_URL`` is set. ``take`` is atomic: of two concurrent callers, only one
gets the value (this is what makes a nonce single-use).
"""
import json
import random
from datetime import UTC, datetime, timedelta

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
    def get(self, key):
        row = db.session.get(KVEntry, key)
        if row is None or row.expires_at <= _now():
            return None
        return json.loads(row.value)

    def set(self, key, value, ttl):
        expires = _now() + timedelta(seconds=int(ttl))
        data = json.dumps(value)
        row = db.session.get(KVEntry, key)
        if row is None:
            db.session.add(KVEntry(key=key, value=data, expires_at=expires))
        else:
            row.value, row.expires_at = data, expires
        if random.random() < 0.02:
            KVEntry.query.filter(KVEntry.expires_at <= _now()).delete(synchronize_session=False)
        db.session.commit()

    def take(self, key):
        row = db.session.get(KVEntry, key)
        if row is None:
            return None
        value, expires_at = row.value, row.expires_at
        db.session.expunge(row)
        deleted = KVEntry.query.filter_by(key=key).delete(synchronize_session=False)
        db.session.commit()
        if deleted != 1 or expires_at <= _now():
            return None
        return json.loads(value)

    def delete(self, key):
        KVEntry.query.filter_by(key=key).delete(synchronize_session=False)
        db.session.commit()


class RedisStore:
    def __init__(self, url, prefix="latih:"):
        import redis

        self._redis = redis.Redis.from_url(url)
        self._prefix = prefix

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
    app.extensions["latih_store"] = RedisStore(url) if url else DatabaseStore()


def store():
    return current_app.extensions["latih_store"]
