"""The builder's audit trail: who changed the form, what and when. Append-only: nothing here updates or deletes an
event. A learner's answer is never an event (an anonymous one would otherwise be linked to a time and a person)."""
from ...clock import utcnow
from ...extensions import db
from ..models import FeedbackAuditEvent


def record(form_id, user, action, **detail):
    """Add an event to the session (the caller commits it with the change it records)."""
    actor = "" if user is None else (user.name or user.email or user.sub or "")[:255]
    event = FeedbackAuditEvent(form_id=form_id, user_id=user.id if user is not None else None, actor=actor,
                               action=action, detail=detail, at=utcnow())
    db.session.add(event)
    return event


def trail(form_id, limit=100):
    """The newest events first."""
    return (FeedbackAuditEvent.query.filter_by(form_id=form_id)
            .order_by(FeedbackAuditEvent.at.desc(), FeedbackAuditEvent.id.desc()).limit(limit).all())
