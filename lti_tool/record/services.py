"""Credits and reversals from the completion event, and what the learner's page reads.

The kinds know nothing of the record: a completion (``activity_completed``) credits the activity's planned JP, read
through its kind's ``planned_jp``; a revoked completion (``completion_revoked``) appends a reversal of the open
credit. The completion event fires once per (activity, learner) already; the ledger's unique cycle makes a second
credit impossible all the same (a savepoint swallows the losing insert of a race).
"""
import logging
from decimal import Decimal

from flask import current_app
from sqlalchemy.exc import IntegrityError

from ..activities.jp import category_of
from ..activities.kinds import get_kind
from ..clock import to_local, utcnow
from ..extensions import db
from .models import CREDIT, REVERSAL, LearningCredit

log = logging.getLogger(__name__)


def planned_jp(activity):
    """The JP a completion of ``activity`` credits (Decimal > 0), else None."""
    kind = get_kind(activity.kind)
    if kind is None or kind.planned_jp is None:
        return None
    jp = kind.planned_jp(activity)
    return Decimal(jp) if jp is not None and Decimal(jp) > 0 else None


def staff_jp_note():
    """For the staff's context line of an activity's page: ``("jp", Decimal)`` when a completion credits JP,
    ``("none", None)`` when it credits nothing (no planned JP, or 0), else None (no activity, or not staff)."""
    from flask import g

    launch, activity = getattr(g, "launch", None), getattr(g, "activity", None)
    if launch is None or activity is None or not launch.is_staff:
        return None
    jp = planned_jp(activity)
    return ("jp", jp) if jp is not None else ("none", None)


def _reversals(user_id, activity_id):
    return db.session.execute(db.select(db.func.count()).select_from(LearningCredit).where(
        LearningCredit.user_id == user_id, LearningCredit.activity_id == activity_id,
        LearningCredit.entry == REVERSAL)).scalar()


def _append(entry):
    """Insert one ledger row in a savepoint; False when the unique cycle refused it (credited already)."""
    try:
        with db.session.begin_nested():
            db.session.add(entry)
    except IntegrityError:
        return False
    db.session.commit()
    return True


def credit(activity, learner, at=None):
    """Credit the activity's planned JP to the learner; returns the entry, or None (no JP, or credited already)."""
    jp = planned_jp(activity)
    if jp is None:
        return None
    at = at or utcnow()
    day = to_local(at).date()
    entry = LearningCredit(
        issuer=learner.issuer, user_id=learner.id, activity_id=activity.id,
        course_title=(activity.course.title or activity.course.label or "")[:255] if activity.course else "",
        activity_title=activity.title[:255], category=category_of(activity), jp=jp,
        minutes_per_jp=int(current_app.config.get("LATIH_MINUTES_PER_JP") or 45), entry=CREDIT,
        cycle=_reversals(learner.id, activity.id), year=day.year, started_on=day, ended_on=day, created_at=utcnow())
    return entry if _append(entry) else None


def reverse(activity, learner):
    """Append the reversal of the learner's open credit for the activity; returns it, or None (nothing open)."""
    cycle = _reversals(learner.id, activity.id)
    open_credit = db.session.execute(db.select(LearningCredit).where(
        LearningCredit.user_id == learner.id, LearningCredit.activity_id == activity.id,
        LearningCredit.entry == CREDIT, LearningCredit.cycle == cycle)).scalar()
    if open_credit is None:
        return None
    entry = LearningCredit(
        issuer=open_credit.issuer, user_id=learner.id, activity_id=activity.id,
        course_title=open_credit.course_title, activity_title=open_credit.activity_title,
        category=open_credit.category, jp=-open_credit.jp, minutes_per_jp=open_credit.minutes_per_jp,
        entry=REVERSAL, cycle=cycle, reverses_id=open_credit.id, year=open_credit.year,
        organiser=open_credit.organiser, started_on=open_credit.started_on, ended_on=open_credit.ended_on,
        created_at=utcnow())
    return entry if _append(entry) else None


def entries(user_id, year):
    """The learner's ledger rows of ``year``, oldest first."""
    return db.session.execute(db.select(LearningCredit).where(
        LearningCredit.user_id == user_id, LearningCredit.year == year).order_by(LearningCredit.id)).scalars().all()


def years(user_id):
    """The years the learner has entries in, newest first."""
    return list(db.session.execute(db.select(LearningCredit.year).where(LearningCredit.user_id == user_id)
                                   .distinct().order_by(LearningCredit.year.desc())).scalars())


def on_completed(activity, learner, at=None, **_):
    credit(activity, learner, at)


def on_revoked(activity, learner, **_):
    reverse(activity, learner)
