"""The tool's signing keys: generated on first start, rotated on demand, published as a JWKS.

Logins and launches read the keys from a per-process snapshot (``key_ring``, see cache.py), and each private key
is parsed once per process, not once per lookup. The published JWKS is also kept in process memory and in
``<instance>/jwks.json`` (written when a key is created or rotated, and by any process that finds it out of date),
so ``/lti/jwks`` still answers when the database cannot be reached: platforms keep verifying the tool's
signatures through an outage.
"""
import functools
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import current_app
from jwcrypto.jwk import JWK

from ..clock import utcnow
from ..extensions import db
from . import cache
from .models import ToolKey

KEY_BITS = 2048
JWKS_FILE = "jwks.json"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeyRef:
    """A key as logins, launches and the JWKS need it, detached from the database session."""

    id: int
    kid: str
    private_pem: str
    public_jwk: dict
    retired_at: datetime | None
    published_until: datetime | None

    @property
    def public_pem(self):
        return _public_pem(self.private_pem)

    def published(self, now):
        return self.retired_at is None or (self.published_until is not None and self.published_until > now)


@functools.lru_cache(maxsize=16)
def _public_pem(private_pem):
    """Parsing a PEM private key costs tens of milliseconds: once per key and process."""
    private = serialization.load_pem_private_key(private_pem.encode(), password=None)
    return private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def _new_key():
    private = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    jwk = JWK.from_pem(pem.encode())
    public = jwk.export_public(as_dict=True)
    kid = jwk.thumbprint()
    public.update(kid=kid, alg="RS256", use="sig")
    return ToolKey(kid=kid, private_pem=pem, public_jwk=public)


def _published_rows(now):
    return ToolKey.query.filter(
        db.or_(ToolKey.retired_at.is_(None), ToolKey.published_until > now)
    ).order_by(ToolKey.id.desc())


def _load_ring():
    return tuple(
        KeyRef(k.id, k.kid, k.private_pem, dict(k.public_jwk), k.retired_at, k.published_until)
        for k in _published_rows(utcnow())
    )


def key_ring():
    """The active key and the retired keys still published, newest first (this process's snapshot)."""
    return cache.snapshot("keys", _load_ring, stale_ok=True)


def signing_key():
    """The key that signs now, as a KeyRef; made on first use."""
    for key in key_ring():
        if key.retired_at is None:
            return key
    ensure_active_key()
    cache.drop("keys")  # another process may have made it first
    return next(key for key in key_ring() if key.retired_at is None)


def active_key():
    """The key that signs now (the newest one not retired), or None before the first start."""
    return ToolKey.query.filter(ToolKey.retired_at.is_(None)).order_by(ToolKey.id.desc()).first()


def ensure_active_key():
    key = active_key()
    if key is None:
        key = _new_key()
        db.session.add(key)
        db.session.commit()
        _write_published()
    return key


def rotate(grace_days):
    """Make a new active key; older keys stay published for ``grace_days``. Returns (new, retired)."""
    now = utcnow()
    retired = ToolKey.query.filter(ToolKey.retired_at.is_(None)).all()
    for key in retired:
        key.retired_at = now
        key.published_until = now + timedelta(days=grace_days)
    new = _new_key()
    db.session.add(new)
    db.session.commit()
    _write_published()
    return new, retired


def published_jwks():
    """The active key and every retired key still in its grace period."""
    signing_key()
    now = utcnow()
    jwks = {"keys": [dict(k.public_jwk) for k in key_ring() if k.published(now)]}
    _remember(jwks)
    return jwks


# --- the JWKS without the database ---------------------------------------------------------------------------

def last_known_jwks():
    """The JWKS this process served last, else the one in the instance folder, else None."""
    jwks = current_app.extensions.get("latih_jwks")
    if jwks is not None:
        return jwks
    try:
        with open(_jwks_path(), encoding="utf-8") as fh:
            jwks = json.load(fh)
    except (OSError, ValueError):
        return None
    return jwks if isinstance(jwks, dict) and isinstance(jwks.get("keys"), list) else None


def _jwks_path():
    return os.path.join(current_app.instance_path, JWKS_FILE)


def _write_published():
    now = utcnow()
    _remember({"keys": [dict(k.public_jwk) for k in _published_rows(now)]}, force=True)


def _remember(jwks, force=False):
    """Keep ``jwks`` in memory, and in the instance folder when it differs from what was there."""
    if not force and current_app.extensions.get("latih_jwks") == jwks:
        return
    current_app.extensions["latih_jwks"] = jwks
    path = _jwks_path()
    try:
        with open(path, encoding="utf-8") as fh:
            if json.load(fh) == jwks:
                return
    except (OSError, ValueError):
        pass
    tmp = None
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".jwks-", dir=os.path.dirname(path))
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(jwks, fh)
        os.chmod(tmp, 0o644)  # public keys only
        os.replace(tmp, path)  # atomic: a reader sees the old file or the new one
    except OSError as exc:
        log.warning("Could not write %s: %s", path, exc)
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
