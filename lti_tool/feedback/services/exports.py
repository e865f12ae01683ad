"""What the exports of a form's answers hold (CSV, XLSX, PDF in ``feedback/io``): the form's facts, per item the
counts per option or point with the item's summary (median and quartiles for scales, NPS, numeric quartiles), and
the raw answers one row per response.

**Anonymous forms** are exported only after they close, and not when fewer than 5 answered (``export_refusal``):
their raw rows carry no name, no day and no time, and come in a random order (``secrets.SystemRandom``), so neither
the order of submission nor a profile field links a row to a person. Named forms have the name and the time sent.

**The aggregation** is ``item_counts``, one small function (two GROUP BY queries) so that it can be swapped for the
report's own aggregation (``services.report``, built in parallel) once both are merged: nothing else here counts.
"""
import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from ...clock import utcnow
from ...extensions import db
from ...lti.models import LtiUser
from ..domain.items import CHOICE_TYPES, NOT_APPLICABLE, SCALE_TYPES
from ..domain.stats import Scale, distribution, net_promoter, numeric_summary, ordinal_summary
from ..domain.suppression import DEFAULT_MINIMUM, check_minimum
from ..models import FeedbackAnswer, FeedbackItem, FeedbackRespondent, FeedbackResponse
from . import FeedbackRefused
from .forms import persons_of
from .items import item_rows

COUNTED = (*CHOICE_TYPES, *SCALE_TYPES, "numeric")


def export_refusal(form, now=None, minimum=DEFAULT_MINIMUM):
    """Why the answers cannot be exported (a FeedbackRefused), or None: an anonymous form that has not closed, or
    that closed with fewer than ``minimum`` responses (a small group: its breakdown and raw rows would point at
    the few who answered, as ``suppression`` says for the report)."""
    now = now or utcnow()
    if form.anonymous and (form.close_at is None or form.close_at > now):
        return FeedbackRefused("export_not_closed")
    if form.anonymous:
        responses = db.session.query(db.func.count(FeedbackResponse.id)).filter_by(form_id=form.activity_id).scalar()
        if 0 < responses < check_minimum(minimum):
            return FeedbackRefused("export_too_few", min=minimum)
    return None


def item_counts(form):
    """({item id: {(person, value): count}}, {item id: respondents}) of the form's counted items, in SQL.

    ``value`` is the point (int) of a scale, the number (Decimal) of a numeric item, the option's value of a choice,
    and None for "not applicable"; ``person`` is the facilitator rated (None for other items). Respondents are the
    responses that answered the item (the base of a multiple choice).
    """
    counts, respondents = {}, {}
    rows = (db.session.query(FeedbackAnswer.item_id, FeedbackAnswer.person, FeedbackAnswer.number,
                             FeedbackAnswer.text, db.func.count(FeedbackAnswer.id))
            .join(FeedbackItem, FeedbackItem.id == FeedbackAnswer.item_id)
            .filter(FeedbackItem.form_id == form.activity_id, FeedbackItem.type.in_(COUNTED))
            .group_by(FeedbackAnswer.item_id, FeedbackAnswer.person, FeedbackAnswer.number, FeedbackAnswer.text))
    for item_id, person, number, text, count in rows:
        if number is not None:
            value = int(number) if number == number.to_integral_value() else number
        else:
            value = None if text in (None, NOT_APPLICABLE) else text
        cell = counts.setdefault(item_id, {})
        cell[(person, value)] = cell.get((person, value), 0) + count
    bases = (db.session.query(FeedbackAnswer.item_id, db.func.count(db.distinct(FeedbackAnswer.response_id)))
             .join(FeedbackItem, FeedbackItem.id == FeedbackAnswer.item_id)
             .filter(FeedbackItem.form_id == form.activity_id).group_by(FeedbackAnswer.item_id))
    respondents.update(bases.all())
    return counts, respondents


@dataclass(frozen=True)
class ItemData:
    item: object  # FeedbackItem
    person: dict | None  # the facilitator, for a rating per person (one ItemData each)
    distribution: object | None  # stats.Distribution (choices and scales)
    summary: object | None  # OrdinalSummary (scales), NetPromoter (nps), NumericSummary (numeric)
    answered: int


@dataclass(frozen=True)
class ExportData:
    form: object
    title: str
    course: str
    responses: int
    items: tuple  # ItemData in the learner's order
    columns: tuple  # (item, person or None) of the raw sheet
    raw: tuple  # per response: (name or None, sent or None, {(item id, person): [values]})


def _scale(item):
    if item.type == "nps":
        return Scale(11, low=0, box=2)
    if item.type == "likert":
        points = int((item.config or {}).get("points", 5))
        return Scale(points, box=2 if points >= 4 else 1)
    return Scale(4)


def _item_data(item, person, counts, answered):
    if item.type in ("scale14", "likert", "person_rating", "nps"):
        scale = _scale(item)
        values = {v: c for (p, v), c in counts.items() if p == (person["id"] if person else None)}
        values = {v: c for v, c in values.items() if v is None or v in scale.values}
        summary = net_promoter(values) if item.type == "nps" else ordinal_summary(values, scale)
        return ItemData(item, person, distribution(values, list(scale.values)), summary, sum(values.values()))
    if item.type in CHOICE_TYPES:
        values = {v: c for (_p, v), c in counts.items() if v is not None}
        options = [o["value"] for o in item.options or []]
        respondents = answered if item.type == "multiple" else None
        return ItemData(item, None, distribution(values, options, respondents=respondents), None, answered)
    if item.type == "numeric":
        values = {Decimal(v) if not isinstance(v, int) else v: c for (_p, v), c in counts.items() if v is not None}
        return ItemData(item, None, None, numeric_summary(values), answered)
    return ItemData(item, None, None, None, answered)


def _raw(form, rows):
    """Per response (name, sent, {(item id, person): [values]}); a scale's point is an int, a number a Decimal."""
    whole = {r.id for r in rows if r.type in SCALE_TYPES}  # points: int() without testing each value
    answers = db.session.execute(
        db.select(FeedbackAnswer.response_id, FeedbackAnswer.item_id, FeedbackAnswer.person, FeedbackAnswer.number,
                  FeedbackAnswer.text)
        .join(FeedbackItem, FeedbackItem.id == FeedbackAnswer.item_id)
        .where(FeedbackItem.form_id == form.activity_id))
    by_response = {}
    for response_id, item_id, person, number, text in answers:
        if number is None:
            value = text
        elif item_id in whole:
            value = int(number)
        else:
            value = number.normalize() if number == number.to_integral_value() else number
            value = int(value) if value == value.to_integral_value() else value
        answers_of = by_response.get(response_id)
        if answers_of is None:
            answers_of = by_response[response_id] = {}
        found = answers_of.get((item_id, person))
        if found is None:
            answers_of[(item_id, person)] = [value]
        else:
            found.append(value)
    response_ids = [r for (r,) in db.session.query(FeedbackResponse.id).filter_by(form_id=form.activity_id)]
    if form.anonymous:
        secrets.SystemRandom().shuffle(response_ids)
        return tuple((None, None, by_response.get(r, {})) for r in response_ids)
    names = dict((r, (name, at)) for r, name, at in db.session.query(
        FeedbackRespondent.response_id, LtiUser.name, FeedbackRespondent.submitted_at)
        .join(LtiUser, LtiUser.id == FeedbackRespondent.user_id).filter(FeedbackRespondent.form_id == form.activity_id))
    ordered = sorted(response_ids, key=lambda r: (names.get(r, ("", datetime.min))[1], r))
    return tuple((*names.get(r, ("", None)), by_response.get(r, {})) for r in ordered)


def export_data(form, title, course, raw=True):
    """The ExportData of ``form`` (the caller checked ``export_refusal``); without ``raw``, no raw answers (the
    PDF report shows figures only)."""
    rows = [r for r in item_rows(form) if r.type != "info"]
    counts, respondents = item_counts(form)
    persons = persons_of(form, with_hidden=True)
    items, columns = [], []
    for row in rows:
        if row.type == "person_rating":
            for person in persons:
                items.append(_item_data(row, person, counts.get(row.id, {}), respondents.get(row.id, 0)))
                columns.append((row, person))
        else:
            items.append(_item_data(row, None, counts.get(row.id, {}), respondents.get(row.id, 0)))
            columns.append((row, None))
    responses = db.session.query(db.func.count(FeedbackResponse.id)).filter_by(form_id=form.activity_id).scalar()
    return ExportData(form, title, course, responses or 0, tuple(items), tuple(columns),
                      _raw(form, rows) if raw else ())
