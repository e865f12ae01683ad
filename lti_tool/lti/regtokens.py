"""One-time, expiring tokens that open the dynamic registration URL. Only a hash is in the database; the command
line keeps the raw token of the link it printed last in instance/registration_token, to print it again (--reuse)."""
import hashlib
import os
import secrets
from datetime import timedelta

from ..clock import utcnow
from ..extensions import db
from .models import RegistrationToken


def _hash(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


def create(minutes, created_by=""):
    raw = secrets.token_urlsafe(24)
    expires = utcnow() + timedelta(minutes=minutes)
    db.session.add(RegistrationToken(token_hash=_hash(raw), expires_at=expires, created_by=created_by))
    db.session.commit()
    return raw


def consume(raw):
    """Use the token once. True only for the first use of a known, unexpired token."""
    if not raw or len(raw) > 200:
        return False
    now = utcnow()
    used = (
        RegistrationToken.query.filter(
            RegistrationToken.token_hash == _hash(raw),
            RegistrationToken.used_at.is_(None),
            RegistrationToken.expires_at > now,
        ).update({"used_at": now}, synchronize_session=False)
    )
    db.session.commit()
    return used == 1


def pending():
    """Tokens not yet used and not expired, newest first (for the admin area)."""
    return (
        RegistrationToken.query.filter(RegistrationToken.used_at.is_(None), RegistrationToken.expires_at > utcnow())
        .order_by(RegistrationToken.id.desc())
        .all()
    )


def _usable(raw):
    if not raw or len(raw) > 200:
        return None
    return RegistrationToken.query.filter(
        RegistrationToken.token_hash == _hash(raw),
        RegistrationToken.used_at.is_(None),
        RegistrationToken.expires_at > utcnow(),
    ).first()


def is_usable(raw):
    """True when ``raw`` is a known token, not used and not expired; nothing is spent."""
    return _usable(raw) is not None


def minutes_left(raw):
    """Whole minutes until an usable token expires (0 when it is not usable)."""
    token = _usable(raw)
    if token is None:
        return 0
    return max(0, int((token.expires_at - utcnow()).total_seconds() // 60))


def saved_usable(path):
    """The raw token saved in ``path`` by ``save`` while it is still usable, else None."""
    try:
        with open(path, encoding="utf-8") as fh:
            raw = fh.read().strip()
    except OSError:
        return None
    return raw if is_usable(raw) else None


def save(path, raw):
    """Keep the raw token of the last link the command line printed (readable by this user only), so the next
    start can print the same link instead of a new one."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(raw + "\n")
