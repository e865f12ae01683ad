"""The instructor's view of a course (inside the LMS's frame, staff of the launch's course only): the course's
learners — those on the roster (Names and Roles, when the course has it) and those with work in the course — with
their JP this year across their whole record (every course, every platform's launch of the same user), who is
below ``LATIH_JP_TARGET``, their NIP (*belum ada* when the platform never sent one) and unit of work.

The course is the launch's: no course or user id is read from the browser."""
from dataclasses import dataclass
from decimal import Decimal

from flask import g, render_template, request

from ..clock import to_local, utcnow
from ..extensions import db
from ..grades.roster import roster_or_problem
from ..lti.context import requires_launch
from ..lti.models import LtiUser
from . import progress, summaries
from .views import bp


@dataclass(frozen=True)
class CourseLearner:
    name: str
    nip: str
    unit: str
    jp: Decimal
    below: bool


def course_learners(course, year, refresh=False):
    """([CourseLearner] by name, the roster's problem or None)."""
    members, problem = roster_or_problem(course, refresh=refresh)
    on_roster = {m.user_id: m for m in members if m.is_learner}
    users = {}
    if on_roster:
        subs = list(on_roster)
        for start in range(0, len(subs), 1000):
            for user in db.session.execute(db.select(LtiUser).where(
                    LtiUser.issuer == course.issuer, LtiUser.sub.in_(subs[start:start + 1000]))).scalars():
                users[user.id] = user
    worked = summaries.course_user_ids(course.id) - set(users)
    if worked:
        for user in db.session.execute(db.select(LtiUser).where(LtiUser.id.in_(worked))).scalars():
            users[user.id] = user
    totals = summaries.year_totals(list(users), year)
    target = summaries.target()
    rows = [CourseLearner(u.name or u.sub, u.nip, u.unit, totals[u.id], totals[u.id] < target)
            for u in users.values()]
    known = {u.sub for u in users.values() if u.issuer == course.issuer}
    rows += [CourseLearner(m.name or sub, "", "", Decimal(0), Decimal(0) < target)
             for sub, m in on_roster.items() if sub not in known]
    rows.sort(key=lambda r: (r.name.lower(), r.nip))
    return rows, problem


@bp.get("/course")
@requires_launch(staff=True)
def course():
    ctx = g.launch
    linked = ctx.link.activity if ctx.link is not None else None
    if linked is not None and linked.course_id == ctx.course.id:
        g.activity = linked  # the staff navigation of the activity the instructor came from
    year = to_local(utcnow()).year
    rows, problem = course_learners(ctx.course, year, refresh=bool(request.args.get("refresh")))
    return render_template("record/staff_course.html", ctx=ctx, year=year, rows=rows, problem=problem,
                           target=summaries.target(), below=sum(1 for r in rows if r.below), jp=progress.display_jp)
