"""A form's evaluation score for the course overview: the 0–100 satisfaction index (``domain.index``, PermenPAN-RB
14/2017) of its 1–4 items (the preset scale and the ratings per facilitator), every (item, facilitator) cell counting
once, with the number of responses — behind the same gate as the open answers (an anonymous form: after it closes,
with at least the minimum group size of responses).
"""
from dataclasses import dataclass

from ...extensions import db
from ..domain.index import IndexSpec, combined_index
from ..models import FeedbackAnswer, FeedbackItem
from .tags import form_gate

INDEX_TYPES = ("scale14", "person_rating")


@dataclass(frozen=True)
class Evaluation:
    responses: int
    reason: str | None  # not_closed, too_few: no index shown
    minimum: int
    index: object = None  # IndexResult, when there are scored answers and no reason


def _cells(form, item_id=None):
    """{(item id, person): {point or None: count}} of the form's 1–4 items (one item's, when given)."""
    query = (db.session.query(FeedbackAnswer.item_id, FeedbackAnswer.person, FeedbackAnswer.number,
                              FeedbackAnswer.text, db.func.count())
             .join(FeedbackItem, FeedbackItem.id == FeedbackAnswer.item_id)
             .filter(FeedbackItem.form_id == form.activity_id, FeedbackItem.type.in_(INDEX_TYPES)))
    if item_id is not None:
        query = query.filter(FeedbackItem.id == item_id)
    rows = query.group_by(FeedbackAnswer.item_id, FeedbackAnswer.person, FeedbackAnswer.number,
                          FeedbackAnswer.text).all()
    cells = {}
    for row_item, person, number, text, count in rows:
        counts = cells.setdefault((row_item, person), {})
        key = None if number is None else int(number)
        if key is None and text != "na":
            continue
        counts[key] = counts.get(key, 0) + count
    return cells


def _index(cells):
    result = combined_index(cells.values(), IndexSpec()) if cells else None
    return result if result is not None and result.n else None


def evaluation_of(form, item=None):
    """The form's Evaluation (of one 1–4 ``item`` only, when given: the figure a finding from it starts with)."""
    reason, responses, minimum = form_gate(form)
    if reason is not None or not responses:
        return Evaluation(responses, reason, minimum)
    if item is not None and item.type not in INDEX_TYPES:
        return Evaluation(responses, None, minimum)
    return Evaluation(responses, None, minimum, _index(_cells(form, item.id if item is not None else None)))
