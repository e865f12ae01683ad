"""Access tokens for the platform's services, cached per (registration, scope set).

pylti1p3's connector keys its cache by issuer and scopes without the client id (two registrations on one
Moodle then share a token and get 401s for an hour), never evicts a token on 401, and a restored launch
uses the abstract connector. This cache is keyed by the registration, lives until ``expires_in`` minus a
safety margin, is shared between processes through Redis when configured, and is dropped on a 401.
"""
import hashlib
import threading
import time
import uuid

import jwt
import requests
from flask import current_app

from ..lti.fetch import guarded_session
from ..lti.keys import ensure_active_key

SAFETY_MARGIN = 60  # seconds before expiry that a token is no longer used
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


class TokenError(Exception):
    """The platform did not give a token; ``retryable`` tells a passing fault from a refusal.

    ``status`` and ``body`` (its first 300 bytes) describe the token endpoint's answer, when there was one.
    """

    def __init__(self, message, retryable, status=None, body=""):
        super().__init__(message)
        self.retryable, self.status, self.body = retryable, status, body


class _LocalCache:
    """In-process cache, when there is no Redis to share tokens between workers."""

    def __init__(self):
        self._data, self._lock = {}, threading.Lock()

    def get(self, key):
        with self._lock:
            value, until = self._data.get(key, (None, 0))
            return value if until > time.time() else None

    def set(self, key, value, ttl):
        with self._lock:
            self._data[key] = (value, time.time() + ttl)

    def delete(self, key):
        with self._lock:
            self._data.pop(key, None)


_local = _LocalCache()


def clear_local_cache():
    """Forget every in-process token (tests; a registration's keys changed)."""
    global _local
    _local = _LocalCache()


def _cache():
    if current_app.config.get("REDIS_URL"):
        from ..state import store

        return store()
    return _local


def _key(platform, scopes):
    scope_hash = hashlib.sha256(" ".join(sorted(scopes)).encode()).hexdigest()[:16]
    return f"ags-token:{platform.id}:{hashlib.sha256(platform.client_id.encode()).hexdigest()[:16]}:{scope_hash}"


def client_assertion(platform):
    key = ensure_active_key()
    now = int(time.time())
    claims = {
        "iss": platform.client_id,
        "sub": platform.client_id,
        "aud": platform.auth_audience or platform.auth_token_url,
        "iat": now,
        "exp": now + 300,
        "jti": "latih-" + uuid.uuid4().hex,
    }
    return jwt.encode(claims, key.private_pem, algorithm="RS256", headers={"kid": key.kid})


def request_token(platform, scopes, session=None):
    """Ask the platform's token endpoint (client-credentials grant with a signed assertion)."""
    http = session or guarded_session()  # every call to a platform goes to a checked address
    form = {
        "grant_type": "client_credentials",
        "client_assertion_type": JWT_BEARER,
        "client_assertion": client_assertion(platform),
        "scope": " ".join(scopes),
    }
    try:
        resp = http.post(platform.auth_token_url, data=form, timeout=current_app.config["LATIH_FETCH_TIMEOUT"])
    except requests.RequestException as exc:
        raise TokenError(f"token endpoint unreachable: {exc.__class__.__name__}", retryable=True) from exc
    head = (resp.content or b"")[:300].decode("utf-8", "replace")
    if resp.status_code >= 500 or resp.status_code == 429:
        raise TokenError(f"token endpoint answered HTTP {resp.status_code}", retryable=True,
                         status=resp.status_code, body=head)
    try:
        body = resp.json()  # Moodle answers JSON labelled text/html
    except ValueError:
        body = {}
    if resp.status_code != 200 or not body.get("access_token"):
        reason = body.get("error_description") or body.get("error") or resp.text[:200]
        raise TokenError(f"token refused (HTTP {resp.status_code}): {reason}", retryable=False,
                         status=resp.status_code, body=head)
    return body["access_token"], int(body.get("expires_in") or 3600)


_asking = {}  # key → lock: threads of one process that need the same token ask the platform once
_asking_lock = threading.Lock()


def get_token(platform, scopes, session=None):
    cache, key = _cache(), _key(platform, scopes)
    token = cache.get(key)
    if token:
        return token
    with _asking_lock:
        lock = _asking.setdefault(key, threading.Lock())
    with lock:
        token = cache.get(key)  # another thread may have asked meanwhile
        if token:
            return token
        token, expires_in = request_token(platform, scopes, session)
        ttl = max(1, expires_in - SAFETY_MARGIN) if expires_in > SAFETY_MARGIN else max(1, expires_in // 2)
        cache.set(key, token, ttl)
        return token


def drop_token(platform, scopes):
    """After a 401: forget the token so the next call asks for a new one."""
    _cache().delete(_key(platform, scopes))
