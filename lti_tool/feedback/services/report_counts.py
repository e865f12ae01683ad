"""The report's aggregation, in SQL: a fixed number of statements whatever the number of responses (never a response
loaded into Python; a test counts the statements with 5 and with 50 responses).

- ``value_counts``: one scan of the form's answers, ``GROUP BY item_id, person, number, value`` where the value is
  the text of scale, choice and numeric items and nothing for text and date items (counted, not read: a few rows per
  item, per person, point, option or distinct number); then, for multiple choices only (through the ``item_id``
  index), the responses with an answer (``count(DISTINCT response_id)``: the base is the people who ticked something).
- ``response_count``: the form's responses.

Items are named by id (``item_id IN …``, the ids of the form's own items), so no join is needed.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import case, func, null, select

from ...extensions import db
from ..domain.items import NOT_APPLICABLE
from ..models import FeedbackAnswer, FeedbackResponse

VALUE_TYPES = ("scale14", "likert", "person_rating", "nps", "single", "dropdown", "multiple", "numeric")
COUNTED_TYPES = ("short_text", "long_text", "date")  # answers counted, values not read


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
    """Counts of the answers of ``items`` (rows of one form) per item, person and value: one scan of the answers
    (texts and dates counted, not grouped: their value is left out), then the respondents of the multiple choices."""
    counts = Counts()
    ids = [item.id for item in items if item.type in VALUE_TYPES or item.type in COUNTED_TYPES]
    if ids:
        answer = FeedbackAnswer.__table__.c
        counted = [item.id for item in items if item.type in COUNTED_TYPES]
        value = case((answer.item_id.in_(counted), null()), else_=answer.text) if counted else answer.text
        rows = select(answer.item_id, answer.person, answer.number, value.label("value")) \
            .where(answer.item_id.in_(ids)).subquery()
        for item_id, person, number, text, count in db.session.execute(
                select(rows.c.item_id, rows.c.person, rows.c.number, rows.c.value, func.count())
                .group_by(rows.c.item_id, rows.c.person, rows.c.number, rows.c.value)):
            if item_id in counted:
                answers = counts.totals.get(item_id, (0, 0))[0] + count
                counts.totals[item_id] = (answers, answers)
                continue
            cell = counts.values.setdefault((item_id, person), {})
            key = _value(number, text)
            cell[key] = cell.get(key, 0) + count
    multiple = [item.id for item in items if item.type == "multiple"]
    if multiple:
        answer = FeedbackAnswer.__table__.c
        rows = db.session.execute(select(answer.item_id, func.count(), func.count(answer.response_id.distinct()))
                                  .where(answer.item_id.in_(multiple)).group_by(answer.item_id))
        counts.totals.update({item_id: (answers, responses) for item_id, answers, responses in rows})
    return counts


def response_count(form_id):
    return db.session.execute(select(func.count()).select_from(FeedbackResponse)
                              .where(FeedbackResponse.form_id == form_id)).scalar() or 0
