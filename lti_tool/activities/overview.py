"""The course overview: every learner on the roster against every activity of the course, each cell in the words
of the activity's kind (``ActivityKind.summarise``) or, for a kind without a summary, its newest grade; and a line
per activity for the run as a whole (``run_lines``): the kind's own figure (``ActivityKind.course_summary``: a
feedback form's evaluation score) and the revision requests its findings led to (``lti_tool.revisions``)."""
from dataclasses import dataclass

from ..grades.roster import roster_or_problem
from ..grades.services import latest_scores
from ..lti.models import LtiUser
from ..revisions.services import summaries_from
from .kinds import get_kind
from .services import course_activities


@dataclass(frozen=True)
class Cell:
    text: str = ""
    score: object = None  # the newest Score, when the kind has no summary of its own


@dataclass(frozen=True)
class RunLine:
    activity: object
    summary: str  # the kind's figure for the run ("" when it has none)
    revisions: object  # revisions.services.Summary, or None when the activity opened no request


def run_lines(activities):
    """A RunLine for each activity with a figure of its own or revision requests opened from it."""
    revisions = summaries_from([a.id for a in activities])
    lines = []
    for activity in activities:
        kind = get_kind(activity.kind)
        summary = kind.course_summary(activity) if kind is not None and kind.course_summary is not None else None
        if summary or activity.id in revisions:
            lines.append(RunLine(activity, summary or "", revisions.get(activity.id)))
    return lines


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
