"""Completion as an event: ``activity_completed`` fires exactly once per (activity, learner).

A kind calls ``announce_completion(activity, learner)`` whenever a learner finishes (submits, passes …), as
often as it likes: regrades and resubmissions announce again. The first announcement is recorded in the
``activity_completion`` table (unique per activity and learner) and committed; only the call whose insert
won fires the signal, in this process or any other. ``revoke_completion`` removes the record (a reset
attempt) and fires ``completion_revoked``, so a later completion is announced again.

Subscribers (a learning record store, certificates …)::

    from lti_tool.activities.completion import activity_completed

    @activity_completed.connect
    def on_completed(activity, learner, at):
        ...
"""
from blinker import Namespace
from sqlalchemy.dialects import postgresql, sqlite

from ..clock import utcnow
from ..extensions import db

_signals = Namespace()
activity_completed = _signals.signal("activity-completed")  # sender: the activity; kwargs learner, at
completion_revoked = _signals.signal("completion-revoked")  # sender: the activity; kwargs learner


class Completion(db.Model):
    __tablename__ = "activity_completion"
    __table_args__ = (db.UniqueConstraint("activity_id", "user_id"),)

    id = db.Column(db.Integer, primary_key=True)
    activity_id = db.Column(db.Integer, db.ForeignKey("activity.id", ondelete="CASCADE"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="CASCADE"), nullable=False, index=True)
    completed_at = db.Column(db.DateTime, nullable=False)


def _insert_once(values):
    """INSERT … ON CONFLICT DO NOTHING: 1 when this call recorded the completion, 0 when it was there already."""
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    statement = insert(Completion.__table__).values(**values).on_conflict_do_nothing(
        index_elements=["activity_id", "user_id"]).returning(Completion.__table__.c.id)
    return len(db.session.execute(statement).all())


def announce_completion(activity, learner, at=None):
    """Record that ``learner`` completed ``activity`` and fire ``activity_completed`` if this is the first time.

    Commits the session (with the caller's pending work). Returns True when the signal fired.
    """
    at = at or utcnow()
    first = _insert_once({"activity_id": activity.id, "user_id": learner.id, "completed_at": at}) == 1
    db.session.commit()
    if first:
        activity_completed.send(activity, learner=learner, at=at)
    return first


def revoke_completion(activity, learner):
    """Forget a completion (the learner starts over). Commits; returns True when there was one to revoke."""
    removed = db.session.execute(
        db.delete(Completion).where(Completion.activity_id == activity.id, Completion.user_id == learner.id)
    ).rowcount
    db.session.commit()
    if removed:
        completion_revoked.send(activity, learner=learner)
    return bool(removed)


def completed_at(activity_id, user_id):
    """When the learner completed the activity, or None."""
    return db.session.execute(
        db.select(Completion.completed_at).where(Completion.activity_id == activity_id, Completion.user_id == user_id)
    ).scalar()


def completions(activity_id, user_ids):
    """{user id: when they completed the activity} for those of ``user_ids`` who have (for a kind's summary)."""
    if not user_ids:
        return {}
    rows = db.session.execute(db.select(Completion.user_id, Completion.completed_at).where(
        Completion.activity_id == activity_id, Completion.user_id.in_(list(user_ids))))
    return dict(rows.all())
