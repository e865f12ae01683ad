"""What the grade pages show: each learner's latest score and where it is on its way to the LMS."""
import json
import re
from dataclasses import dataclass
from datetime import datetime

from ..extensions import db
from ..lti.models import LtiUser
from .models import DELIVERED, FAILED, PENDING, PENDING_MANUAL, SENDING, SUPERSEDED, Score
from .roster import roster_or_problem


@dataclass(frozen=True)
class LearnerRow:
    name: str
    email: str
    user_id: str  # the platform's id (sub)
    score: Score | None


def latest_scores(activity_id):
    """{lti_user.id: newest Score} for one activity, in one query."""
    newest = (
        db.select(Score.user_id, db.func.max(Score.id).label("id"))
        .where(Score.activity_id == activity_id)
        .group_by(Score.user_id)
        .subquery()
    )
    rows = db.session.execute(db.select(Score).join(newest, Score.id == newest.c.id)).scalars()
    return {s.user_id: s for s in rows}


def learner_rows(activity, course, refresh=False):
    """Every learner on the roster (when the platform offers NRPS) and everyone with a score.

    Returns (rows, problem): when the roster cannot be read, the rows hold only those with a score and
    ``problem`` says why, so the page still works.
    """
    scores = latest_scores(activity.id)
    users = {u.id: u for u in LtiUser.query.filter(LtiUser.id.in_(scores)).all()} if scores else {}
    by_sub = {u.sub: u for u in users.values()}
    members, problem = roster_or_problem(course, refresh=refresh)
    rows, seen = [], set()
    for member in members:
        if not member.is_learner:
            continue
        user = by_sub.get(member.user_id)
        score = scores.get(user.id) if user else None
        rows.append(LearnerRow(member.name, member.email, member.user_id, score))
        seen.add(member.user_id)
    for user_id, score in scores.items():
        user = users[user_id]
        if user.sub not in seen:
            rows.append(LearnerRow(user.name, user.email, user.sub, score))
    return sorted(rows, key=lambda r: (r.name or r.user_id).lower()), problem


def failures(limit=200):
    """The newest scores Moodle refused, or that wait for another try after a failure, across courses (admin)."""
    retrying = db.and_(Score.status == PENDING, Score.attempts > 0, Score.last_error != "")
    return Score.query.filter(db.or_(Score.status == FAILED, retrying)).order_by(Score.id.desc()).limit(limit).all()


# What a score's state is, as Moodle's gradebook would show it.
NONE, WAITING, QUEUED, SENDING_NOW, IN_GRADEBOOK, RETRYING, REFUSED, REPLACED = (
    "none", "waiting", "queued", "sending", "delivered", "retrying", "refused", "superseded")
_HTTP = re.compile(r"HTTP (\d{3})\b\s*(.*)", re.S)


@dataclass(frozen=True)
class GradeState:
    """``name``: one of the constants above; ``http_status`` and ``reason``: Moodle's last answer to a retried
    or refused score; ``next_try``: when a retried score is sent again; ``at``: when it reached Moodle."""

    name: str
    http_status: int | None = None
    reason: str = ""
    next_try: datetime | None = None
    at: datetime | None = None


def moodle_reason(last_error):
    """The platform's reason in a stored error: Moodle's JSON ``reason`` when there is one, else the text."""
    match = _HTTP.search(last_error or "")
    text = (match.group(2) if match else last_error or "").strip().lstrip("):").strip()
    try:
        body = json.loads(text)
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get("reason"):
        return str(body["reason"])
    if text.lstrip().startswith("<"):  # an HTML error page (Apache): its status says it all
        return ""
    return text[:300]


def grade_state(score):
    """Where ``score`` (the latest of a learner, or None) stands, in the order an instructor needs to know it."""
    if score is None:
        return GradeState(NONE)
    status = score.last_status
    if status is None and score.last_error:
        match = _HTTP.search(score.last_error)
        status = int(match.group(1)) if match else None
    if score.status == FAILED:
        return GradeState(REFUSED, status, moodle_reason(score.last_error))
    if score.status == PENDING and score.attempts > 0 and score.last_error:
        return GradeState(RETRYING, status, moodle_reason(score.last_error), next_try=score.next_attempt_at)
    if score.grading_progress == PENDING_MANUAL and score.status != SUPERSEDED:
        return GradeState(WAITING)  # sent or not, Moodle shows "-" until a person grades it
    if score.status == DELIVERED:
        return GradeState(IN_GRADEBOOK, at=score.delivered_at)
    if score.status == SENDING:
        return GradeState(SENDING_NOW)
    if score.status == SUPERSEDED:
        return GradeState(REPLACED)
    return GradeState(QUEUED)
