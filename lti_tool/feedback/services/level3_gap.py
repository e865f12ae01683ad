"""The level-3 gap: per scale item, the alumni's and the supervisors' answers side by side — the median of each
side and the difference (supervisors − alumni, in points of the scale; negative: the supervisors see less than the
alumni say).

**Anonymous forms**: only all alumni against all supervisors, aggregated in SQL from ``FeedbackResponseSide`` (the
side, nothing else); a side with fewer answers to an item than the minimum group size (``suppression``, 5) is not
shown, and the reason is given. Never per pair: nothing ties an anonymous response to an invitation.
**Named forms**: the aggregate, and each pair (an alumnus and a supervisor they named, the same wave) side by side.
"""
from dataclasses import dataclass

from ...extensions import db
from ..domain.stats import Scale, ordinal_summary
from ..domain.suppression import DEFAULT_MINIMUM
from ..invitation_models import FeedbackInvitation, FeedbackInvitee, FeedbackResponseSide
from ..models import FeedbackAnswer
from .items import item_rows

SCALES = ("likert", "scale14")


@dataclass(frozen=True)
class Side:
    n: int
    median: int | None
    median_text: str | None
    shown: bool  # False: fewer answers than the minimum (anonymous forms)


@dataclass(frozen=True)
class GapRow:
    item: object  # FeedbackItem
    alumni: Side
    supervisors: Side
    difference: int | None  # supervisors' median − alumni's median, when both are shown


@dataclass(frozen=True)
class PairRow:
    alumnus: str
    supervisor: str
    wave: int
    values: list  # [(item, alumnus's point or None, supervisor's point or None, difference or None)]


@dataclass(frozen=True)
class Gap:
    rows: list
    pairs: list | None  # None: an anonymous form (never per pair)
    minimum: int
    answered: dict  # {"alumnus": n, "supervisor": n} responses that came by a link


def _scale(item):
    return Scale(points=int(item.config.get("points", 5)) if item.type == "likert" else 4)


def _side(counts, scale, minimum, anonymous):
    summary = ordinal_summary(counts, scale)
    shown = summary.n > 0 and (not anonymous or summary.n >= minimum)
    return Side(summary.n, summary.median if shown else None, summary.median_text if shown else None, shown)


def _counts(form_id, item_ids):
    """{(role, item id): {point: n}} in one GROUP BY (not applicable is None)."""
    side, answer = FeedbackResponseSide, FeedbackAnswer
    rows = db.session.execute(
        db.select(side.role, answer.item_id, answer.number, db.func.count())
        .join(side, side.response_id == answer.response_id)
        .where(side.form_id == form_id, answer.item_id.in_(item_ids))
        .group_by(side.role, answer.item_id, answer.number))
    counts = {}
    for role, item_id, number, n in rows:
        point = int(number) if number is not None else None
        bucket = counts.setdefault((role, item_id), {})
        bucket[point] = bucket.get(point, 0) + n
    return counts


def _answered(form_id):
    rows = db.session.execute(db.select(FeedbackResponseSide.role, db.func.count())
                              .where(FeedbackResponseSide.form_id == form_id).group_by(FeedbackResponseSide.role))
    return {"alumnus": 0, "supervisor": 0} | dict(rows.all())


def _points(response_ids, item_ids):
    if not response_ids:
        return {}
    rows = db.session.execute(db.select(FeedbackAnswer.response_id, FeedbackAnswer.item_id, FeedbackAnswer.number)
                              .where(FeedbackAnswer.response_id.in_(list(response_ids)),
                                     FeedbackAnswer.item_id.in_(item_ids)))
    return {(r, i): int(n) if n is not None else None for r, i, n in rows}


def _pairs(form, items):
    """Named forms: each supervisor's answered invitation next to their alumnus's of the same wave."""
    answered = (FeedbackInvitation.query.filter_by(form_id=form.activity_id)
                .filter(FeedbackInvitation.response_id.isnot(None)).all())
    by_person = {(i.invitee_id, i.wave): i for i in answered}
    people = {p.id: p for p in FeedbackInvitee.query.filter_by(form_id=form.activity_id)}
    matched = []
    for invitation in answered:
        person = people.get(invitation.invitee_id)
        if person is None or person.role != "supervisor":
            continue
        mine = by_person.get((person.alumnus_id, invitation.wave))
        if mine is not None:
            matched.append((people[person.alumnus_id], person, mine, invitation))
    ids = [i.id for i in items]
    points = _points({m[2].response_id for m in matched} | {m[3].response_id for m in matched}, ids)
    pairs = []
    for alumnus, supervisor, mine, theirs in matched:
        values = []
        for item in items:
            a, s = points.get((mine.response_id, item.id)), points.get((theirs.response_id, item.id))
            values.append((item, a, s, s - a if a is not None and s is not None else None))
        pairs.append(PairRow(alumnus.name, supervisor.name, mine.wave, values))
    return pairs


def gap(form, minimum=DEFAULT_MINIMUM):
    items = [i for i in item_rows(form) if i.type in SCALES and not i.hidden]
    counts = _counts(form.activity_id, [i.id for i in items]) if items else {}
    rows = []
    for item in items:
        scale = _scale(item)
        alumni = _side(counts.get(("alumnus", item.id), {}), scale, minimum, form.anonymous)
        supervisors = _side(counts.get(("supervisor", item.id), {}), scale, minimum, form.anonymous)
        difference = supervisors.median - alumni.median if alumni.shown and supervisors.shown else None
        rows.append(GapRow(item, alumni, supervisors, difference))
    pairs = None if form.anonymous else _pairs(form, items)
    return Gap(rows, pairs, minimum, _answered(form.activity_id))
