"""The audit trail: append-only. This module only adds events and reads them; nothing updates or deletes one (the
database refuses an UPDATE too, migration 0009_modules)."""
from datetime import timedelta

from ...clock import utcnow
from ...extensions import db
from ..models import ModuleAuditEvent

QUIET_SAVES = timedelta(minutes=15)  # saves of the draft by one person within this time are one event


def actor_name(user):
    if user is None:
        return ""
    return (user.name or user.email or user.sub or "")[:255]


def record(module_id, user, action, version_number=None, **detail):
    """Add an event to the session (the caller commits it with the change it records)."""
    event = ModuleAuditEvent(module_id=module_id, user_id=user.id if user is not None else None,
                             actor=actor_name(user), action=action, version_number=version_number,
                             detail=detail, at=utcnow())
    db.session.add(event)
    return event


def record_draft_saved(module_id, user, **detail):
    """A save of the draft, unless the same person's last event was a save a few minutes ago (no flood of saves)."""
    last = (ModuleAuditEvent.query.filter_by(module_id=module_id)
            .order_by(ModuleAuditEvent.at.desc(), ModuleAuditEvent.id.desc()).first())
    if (last is not None and last.action == "draft_saved" and user is not None and last.user_id == user.id
            and utcnow() - last.at < QUIET_SAVES):
        return None
    return record(module_id, user, "draft_saved", **detail)


def trail(module_id, limit=100):
    """The newest events first."""
    return (ModuleAuditEvent.query.filter_by(module_id=module_id)
            .order_by(ModuleAuditEvent.at.desc(), ModuleAuditEvent.id.desc()).limit(limit).all())
