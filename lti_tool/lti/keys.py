"""The tool's signing keys: generated on first start, rotated on demand, published as a JWKS."""
from datetime import timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwcrypto.jwk import JWK

from ..clock import utcnow
from ..extensions import db
from .models import ToolKey

KEY_BITS = 2048


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


def active_key():
    """The key that signs now (the newest one not retired), or None before the first start."""
    return ToolKey.query.filter(ToolKey.retired_at.is_(None)).order_by(ToolKey.id.desc()).first()


def ensure_active_key():
    key = active_key()
    if key is None:
        key = _new_key()
        db.session.add(key)
        db.session.commit()
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
    return new, retired


def published_jwks():
    """The active key and every retired key still in its grace period."""
    ensure_active_key()
    now = utcnow()
    keys = ToolKey.query.filter(
        db.or_(ToolKey.retired_at.is_(None), ToolKey.published_until > now)
    ).order_by(ToolKey.id.desc())
    return {"keys": [dict(k.public_jwk) for k in keys]}
