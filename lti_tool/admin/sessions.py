"""Admin sessions kept on the server, so that signing out really ends them.

Flask's session is a signed cookie: clearing it in the browser does nothing to a copy of it, which used to keep
working until it expired (8 hours). Now the cookie carries only a random token; the ``admin_session`` table holds its
SHA-256 (a copy of the table signs nobody in), whose admin it is, when it started and when it was last used. Every
admin request looks the token up: no row (signed out, or the password changed since) or too long unused
(``idle``) or too old (``lifetime``) and the request goes to the sign-in page.
"""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from .. import clock
from ..extensions import db
from .models import AdminSession, AdminUser

TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most once a minute per session

ENDED = "ended"  # signed out, or every session of the admin revoked (a new password)
IDLE = "idle"  # unused for longer than the idle timeout
EXPIRED = "expired"  # started longer ago than the session lifetime


@dataclass(frozen=True)
class Resolved:
    admin: AdminUser | None = None
    why_not: str | None = None  # ENDED, IDLE or EXPIRED when admin is None because of the session


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def start(admin_id, *, idle, lifetime):
    """A new session for ``admin_id``; the token to put in the cookie (only its hash is stored)."""
    now = clock.utcnow()
    _purge(now, idle, lifetime)
    token = secrets.token_urlsafe(32)
    db.session.add(AdminSession(id=_digest(token), admin_id=admin_id, created_at=now, last_seen_at=now))
    db.session.commit()
    return token


def resolve(token, *, idle, lifetime):
    """The admin whose session ``token`` is, when it is still valid; notes the use."""
    if not isinstance(token, str) or not token:
        return Resolved()
    row = db.session.get(AdminSession, _digest(token))
    if row is None:
        return Resolved(why_not=ENDED)
    now = clock.utcnow()
    why_not = IDLE if now - row.last_seen_at > idle else EXPIRED if now - row.created_at > lifetime else None
    if why_not is not None:
        db.session.delete(row)
        db.session.commit()
        return Resolved(why_not=why_not)
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()
    admin = db.session.get(AdminUser, row.admin_id)
    return Resolved(admin=admin, why_not=None if admin is not None else ENDED)


def end(token):
    """Sign out: the session ``token`` stops working, everywhere a copy of its cookie is."""
    if isinstance(token, str) and token:
        AdminSession.query.filter_by(id=_digest(token)).delete()
        db.session.commit()


def end_all(admin_id):
    """Revoke every session of ``admin_id`` (the caller commits, with the new password)."""
    AdminSession.query.filter_by(admin_id=admin_id).delete()


def _purge(now, idle, lifetime):
    """Drop the sessions that can no longer be used (so the table does not grow)."""
    AdminSession.query.filter(
        (AdminSession.last_seen_at < now - idle) | (AdminSession.created_at < now - lifetime)
    ).delete(synchronize_session=False)
