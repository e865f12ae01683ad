"""The course overview: every learner on the roster against every activity of the course, each cell in the words
of the activity's kind (``ActivityKind.summarise``) or, for a kind without a summary, its newest grade."""
from dataclasses import dataclass

from ..grades.roster import roster_or_problem
from ..grades.services import latest_scores
from ..lti.models import LtiUser
from .kinds import get_kind
from .services import course_activities


@dataclass(frozen=True)
class Cell:
    text: str = ""
    score: object = None  # the newest Score, when the kind has no summary of its own


@dataclass(frozen=True)
class OverviewRow:
    name: str
    email: str
    user_id: str  # the platform's id (sub)
    cells: tuple


def course_overview(course, refresh=False):
    """(activities, rows, problem): rows for the roster's learners and for anyone with work in the course."""
    activities = course_activities(course.id)
    members, problem = roster_or_problem(course, refresh=refresh)
    learners = [m for m in members if m.is_learner]
    users = {u.sub: u for u in LtiUser.query.filter(LtiUser.issuer == course.issuer,
                                                    LtiUser.sub.in_([m.user_id for m in learners])).all()}
    user_ids = [u.id for u in users.values()]
    columns = []
    for activity in activities:
        kind = get_kind(activity.kind)
        if kind is not None and kind.summarise is not None:
            columns.append(("summary", dict(kind.summarise(activity, user_ids))))
        else:
            columns.append(("score", latest_scores(activity.id) if activity.graded else {}))
    rows = []
    for member in learners:
        user = users.get(member.user_id)
        cells = []
        for how, values in columns:
            value = values.get(user.id) if user is not None else None
            cells.append(Cell(text=value or "") if how == "summary" else Cell(score=value))
        rows.append(OverviewRow(member.name, member.email, member.user_id, tuple(cells)))
    rows.sort(key=lambda r: (r.name or r.user_id).lower())
    return activities, rows, problem
