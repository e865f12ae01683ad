"""What the grade pages show: each learner's latest score and where it is on its way to the LMS."""
from dataclasses import dataclass

from ..extensions import db
from ..lti.models import LtiUser
from .models import FAILED, Score
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
    """The newest failed deliveries across courses, for the admin."""
    return Score.query.filter_by(status=FAILED).order_by(Score.id.desc()).limit(limit).all()
