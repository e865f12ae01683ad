"""The report's aggregation, in SQL: a fixed number of statements whatever the number of responses (never a response
loaded into Python; a test counts the statements with 5 and with 50 responses).

- ``value_counts``: one ``GROUP BY item_id, person, number, text`` over the answers of the form's scale, choice and
  numeric items — a few rows per item (per person, per point or option or distinct number).
- ``item_totals``: for text, date and multiple-choice items, the answers and the responses with an answer per item
  (``count(DISTINCT response_id)``: a multiple choice's base is the people who ticked something).
- ``response_count``: the form's responses.

Items are named by id (``item_id IN …``, the ids of the form's own items), so no join is needed.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select

from ...extensions import db
from ..domain.items import NOT_APPLICABLE
from ..models import FeedbackAnswer, FeedbackResponse

VALUE_TYPES = ("scale14", "likert", "person_rating", "nps", "single", "dropdown", "multiple", "numeric")
TOTAL_TYPES = ("short_text", "long_text", "date", "multiple")


@dataclass
class Counts:
    """{(item id, person): {value: count}}: a scale point (int) or a number (Decimal) or a choice's value (str);
    the key ``None`` is "not applicable". ``totals``: {item id: (answers, responses)} for text, date and multiple."""
    values: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)


def _value(number, text):
    """A stored answer as a key: an integral number as an int (scale points, whole numbers), another as a
    normalised Decimal, a choice's value as its text, "not applicable" as None."""
    if number is None:
        return None if text == NOT_APPLICABLE else text
    number = Decimal(number)
    return int(number) if number == number.to_integral_value() else number.normalize()


def value_counts(items):
    """Counts of the answers of ``items`` (rows of one form) per item, person and value."""
    counts = Counts()
    value_ids = [item.id for item in items if item.type in VALUE_TYPES]
    if value_ids:
        answer = FeedbackAnswer.__table__.c
        rows = db.session.execute(
            select(answer.item_id, answer.person, answer.number, answer.text, func.count())
            .where(answer.item_id.in_(value_ids))
            .group_by(answer.item_id, answer.person, answer.number, answer.text))
        for item_id, person, number, text, count in rows:
            cell = counts.values.setdefault((item_id, person), {})
            key = _value(number, text)
            cell[key] = cell.get(key, 0) + count
    total_ids = [item.id for item in items if item.type in TOTAL_TYPES]
    if total_ids:
        answer = FeedbackAnswer.__table__.c
        rows = db.session.execute(
            select(answer.item_id, func.count(), func.count(answer.response_id.distinct()))
            .where(answer.item_id.in_(total_ids)).group_by(answer.item_id))
        counts.totals = {item_id: (answers, responses) for item_id, answers, responses in rows}
    return counts


def response_count(form_id):
    return db.session.execute(select(func.count()).select_from(FeedbackResponse)
                              .where(FeedbackResponse.form_id == form_id)).scalar() or 0
