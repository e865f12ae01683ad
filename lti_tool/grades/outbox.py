"""Writing scores to the outbox. The caller commits: the score lands with the work that produced it."""
import hashlib
from datetime import timedelta
from decimal import Decimal

from ..clock import utcnow
from ..extensions import db
from .models import FULLY_GRADED, PENDING, PENDING_MANUAL, Score

ACTIVITY_PROGRESS = ("Initialized", "Started", "InProgress", "Submitted", "Completed")
GRADING_PROGRESS = (FULLY_GRADED, "Pending", PENDING_MANUAL, "Failed", "NotReady")


def target_of(lineitem_url, lineitems_url, resource_id):
    key = lineitem_url or f"{lineitems_url}#{resource_id}"
    return hashlib.sha256(key.encode()).hexdigest()


def record_score(*, user, activity, link, score_given, activity_progress, grading_progress, comment="",
                 score_maximum=None):
    """Add a score row to the session (not committed). Returns it. Kinds call ``award.award`` instead.

    Moodle compares timestamps to the second and answers 409 to one that is not newer: a score decided
    within a second of the previous one for the same user and line item is stamped a second later, or the
    genuinely newer grade (a final grade right after the automatic one) would be lost as "superseded".
    """
    if activity_progress not in ACTIVITY_PROGRESS or grading_progress not in GRADING_PROGRESS:
        raise ValueError("unknown progress value")
    course = activity.course
    if course.platform_id is None:
        raise ValueError("the course has no registration to deliver to")
    maximum = Decimal(activity.score_maximum if score_maximum is None else score_maximum)
    if maximum <= 0:
        raise ValueError("the maximum score must be positive")
    given = None if score_given is None else Decimal(score_given)
    if given is not None and not (0 <= given <= maximum):
        raise ValueError("score out of range")
    lineitem_url = link.ags_lineitem if link is not None and link.activity_id == activity.id else None
    target = target_of(lineitem_url, course.ags_lineitems, activity.resource_id)
    score = Score(
        user_id=user.id,
        activity_id=activity.id,
        platform_id=course.platform_id,
        lineitem_url=lineitem_url,
        lineitems_url=course.ags_lineitems,
        resource_id=activity.resource_id,
        label=activity.title,
        target=target,
        score_given=given,
        score_maximum=maximum,
        activity_progress=activity_progress,
        grading_progress=grading_progress,
        comment=comment or "",
        timestamp=_next_stamp(target, user.id),
        status=PENDING,
        next_attempt_at=utcnow(),
    )
    db.session.add(score)
    return score


def _next_stamp(target, user_id):
    """Now, to the second, but at least one second after every earlier score for this user and line item."""
    stamp = utcnow().replace(microsecond=0)
    last = db.session.query(db.func.max(Score.timestamp)).filter_by(target=target, user_id=user_id).scalar()
    if last is not None and stamp <= last:
        stamp = last.replace(microsecond=0) + timedelta(seconds=1)
    return stamp


def latest_score(user_id, activity_id):
    return (
        Score.query.filter_by(user_id=user_id, activity_id=activity_id)
        .order_by(Score.timestamp.desc(), Score.id.desc())
        .first()
    )


def resend(score):
    """Queue a failed (or any) score again, as a new row with a newer timestamp."""
    again = Score(
        **{c: getattr(score, c) for c in (
            "user_id", "activity_id", "platform_id", "lineitem_url", "lineitems_url", "resource_id", "label",
            "target", "score_given", "score_maximum", "activity_progress", "grading_progress", "comment")}
    )
    again.timestamp = _next_stamp(score.target, score.user_id)
    again.status, again.next_attempt_at = PENDING, utcnow()
    db.session.add(again)
    return again
