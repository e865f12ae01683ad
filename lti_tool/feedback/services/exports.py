"""What the exports of a form's answers hold (CSV, XLSX, PDF in ``feedback/io``): the form's facts, the report's
figures per item (``services.report.staff_items``: the one aggregation, in SQL, and its suppression) and the raw
answers one row per response.

**Suppression holds in the exports.** The figures are the report's own dataclasses, so a hidden group (fewer answers
than the form's minimum group size, or hidden as the complement of one) carries no figure here either: the sheets and
the PDF say why it is hidden, and the raw answers have no column for it (its answers would give the figures back).
A form with fewer responses than the minimum is not exported at all (``export_refusal``), as the report shows no
figure then.

**Anonymous forms** are exported only after they close: their raw rows carry no name, no day and no time, and come
in a random order (``secrets.SystemRandom``), so neither the order of submission nor a profile field links a row to
a person. Named forms have the name and the time sent.
"""
import secrets
from dataclasses import dataclass
from datetime import datetime

from ...clock import utcnow
from ...extensions import db
from ...lti.models import LtiUser
from ..domain.items import SCALE_TYPES
from ..models import FeedbackAnswer, FeedbackRespondent, FeedbackResponse
from . import FeedbackRefused
from .items import item_rows
from .report import minimum_of, staff_items
from .report_counts import response_count


def export_refusal(form, now=None):
    """Why the answers cannot be exported (a FeedbackRefused), or None: an anonymous form that has not closed, or a
    form with fewer responses than its minimum group size (the report shows no figure then: its breakdown and raw
    rows would point at the few who answered)."""
    now = now or utcnow()
    if form.anonymous and (form.close_at is None or form.close_at > now):
        return FeedbackRefused("export_not_closed")
    minimum, responses = minimum_of(form), response_count(form.activity_id)
    if 0 < responses < minimum:
        if form.anonymous:
            return FeedbackRefused("export_too_few", min=minimum)
        return FeedbackRefused("too_few", n=responses, minimum=minimum)  # the report's own words
    return None


@dataclass(frozen=True)
class Entry:
    """One group of the report, as the item sheets and the PDF print it: an item's answers, or on a rating per
    person the facilitators together (``overall``) then each facilitator (``person``: a ``PersonRow``)."""
    item: object  # report_data.ItemReport
    person: object | None  # report_data.PersonRow, or None
    group: object  # report_data.Group: hidden (``reason``) means no figure at all, not even its size
    overall: bool = False  # the facilitators together, on a rating per person


@dataclass(frozen=True)
class ExportData:
    form: object
    title: str
    course: str
    responses: int
    minimum: int  # the minimum group size (the report's)
    entries: tuple  # Entry, in the learner's order
    columns: tuple  # (FeedbackItem, person dict or None) of the raw sheet: shown groups only
    raw: tuple  # per response: (name or None, sent or None, {(item id, person): [values]})


def _entries(reports):
    entries = []
    for report in reports:
        if report.type == "person_rating":
            entries.append(Entry(report, None, report.overall, overall=True))
            entries += [Entry(report, person, person.group) for person in report.persons]
        else:
            entries.append(Entry(report, None, report.overall))
    return tuple(entries)


def _columns(reports, rows):
    """The raw sheet's columns: an item or a facilitator whose group the report hides has none (its answers would
    give the hidden figures back)."""
    by_id, columns = {row.id: row for row in rows}, []
    for report in reports:
        if report.overall is None or report.overall.hidden:
            continue
        if report.type == "person_rating":
            columns += [(by_id[report.id], {"id": p.person_id, "name": p.name}) for p in report.persons
                        if not p.group.hidden]
        else:
            columns.append((by_id[report.id], None))
    return tuple(columns)


def _raw(form, columns):
    """Per response (name, sent, {(item id, person): [values]}) of the columns' answers only, in one SQL pass; a
    scale's point is an int, a whole number an int, another number a Decimal."""
    wanted = {(item.id, person["id"] if person else None) for item, person in columns}
    whole = {item.id for item, _person in columns if item.type in SCALE_TYPES}  # points: int() without a test
    answer = FeedbackAnswer.__table__.c  # Core on the session's connection: no ORM row processing (~0.25 s less)
    answers = db.session.connection().execute(
        db.select(answer.response_id, answer.item_id, answer.person, answer.number, answer.text)
        .where(answer.item_id.in_({item_id for item_id, _person in wanted}))) if wanted else ()
    by_response = {}
    for response_id, item_id, person, number, text in answers:
        key = (item_id, person)
        if key not in wanted:
            continue
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
        found = answers_of.get(key)
        if found is None:
            answers_of[key] = [value]
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
    minimum, reports = staff_items(form)
    columns = _columns(reports, item_rows(form))
    return ExportData(form, title, course, response_count(form.activity_id), minimum, _entries(reports), columns,
                      _raw(form, columns) if raw else ())
