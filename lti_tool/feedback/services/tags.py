"""The open answers page: a form's text answers per item, searched (SQL ``ILIKE``, escaped) and filtered by tag, the
instructor's tags on them, and the tag counts — behind the gate of ``domain.open_answers`` (an anonymous form: after
it closes, at least the minimum group size of responses, each item's list only when it is big enough).

Answer ids come from the browser: an answer is looked up within the form's text items only, and only while it is
shown (``answer_in_form``). Tagging records the tag and the answer's id, nothing else (no audit event: an event
carries a time and a person, and needs none here).
"""
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from ...clock import utcnow
from ...extensions import db
from ..domain.items import TEXT_TYPES
from ..domain.open_answers import ESCAPE, TagError, gate, item_hidden, like_pattern, minimum_of, normalise_tag
from ..findings_models import FeedbackAnswerTag
from ..models import FeedbackAnswer, FeedbackItem, FeedbackResponse
from . import FeedbackRefused
from .forms import phase

MAX_TAGS_PER_ANSWER = 10


@dataclass(frozen=True)
class OpenAnswer:
    id: str
    text: str
    tags: tuple


@dataclass(frozen=True)
class ItemAnswers:
    item: FeedbackItem
    total: int  # the item's text answers (whatever the search)
    hidden: bool  # a small group of an anonymous form: not shown
    answers: tuple  # OpenAnswer matching the search, sorted by text


@dataclass(frozen=True)
class OpenAnswers:
    reason: str | None  # None, not_closed or too_few (nothing shown then)
    responses: int
    minimum: int
    items: tuple = ()
    tag_counts: tuple = ()  # ((tag, count), …) most used first
    matches: int = 0


def minimum_for(form):
    """The form's minimum group size, as its report uses it (Settings › Report; 5 by default, never below 3)."""
    return minimum_of(form.report_minimum)


def response_count(form):
    return db.session.query(db.func.count(FeedbackResponse.id)).filter_by(form_id=form.activity_id).scalar() or 0


def form_gate(form, now=None):
    """(reason or None, responses, minimum) for showing this form's results."""
    responses, minimum = response_count(form), minimum_for(form)
    return gate(form.anonymous, phase(form, now or utcnow()) == "closed", responses, minimum), responses, minimum


def _text_items(form):
    return (FeedbackItem.query.filter(FeedbackItem.form_id == form.activity_id, FeedbackItem.type.in_(TEXT_TYPES))
            .order_by(FeedbackItem.position).all())


def _answers_query(form):
    return (db.session.query(FeedbackAnswer.id, FeedbackAnswer.item_id, FeedbackAnswer.text)
            .join(FeedbackItem, FeedbackItem.id == FeedbackAnswer.item_id)
            .filter(FeedbackItem.form_id == form.activity_id, FeedbackItem.type.in_(TEXT_TYPES),
                    FeedbackAnswer.text.isnot(None), FeedbackAnswer.text != ""))


def tag_counts(form):
    rows = (db.session.query(FeedbackAnswerTag.tag, db.func.count())
            .join(FeedbackAnswer, FeedbackAnswer.id == FeedbackAnswerTag.answer_id)
            .join(FeedbackItem, FeedbackItem.id == FeedbackAnswer.item_id)
            .filter(FeedbackItem.form_id == form.activity_id).group_by(FeedbackAnswerTag.tag).all())
    return tuple(sorted(rows, key=lambda r: (-r[1], r[0])))


def item_tag_counts(form):
    """{item id: ((tag, count), …) most used first} of the form's tagged text answers (for the report)."""
    rows = (db.session.query(FeedbackAnswer.item_id, FeedbackAnswerTag.tag, db.func.count())
            .join(FeedbackAnswer, FeedbackAnswer.id == FeedbackAnswerTag.answer_id)
            .join(FeedbackItem, FeedbackItem.id == FeedbackAnswer.item_id)
            .filter(FeedbackItem.form_id == form.activity_id)
            .group_by(FeedbackAnswer.item_id, FeedbackAnswerTag.tag).all())
    counts = {}
    for item_id, tag, count in sorted(rows, key=lambda r: (r[0], -r[2], r[1])):
        counts.setdefault(item_id, []).append((tag, count))
    return {item_id: tuple(pairs) for item_id, pairs in counts.items()}


def open_answers(form, query="", tag="", now=None):
    """The OpenAnswers of the form (``query``: words to find, ``tag``: only answers with it)."""
    reason, responses, minimum = form_gate(form, now)
    if reason is not None:
        return OpenAnswers(reason, responses, minimum)
    totals = dict(_answers_query(form).with_entities(FeedbackAnswer.item_id, db.func.count())
                  .group_by(FeedbackAnswer.item_id).all())
    matching = _answers_query(form)
    if (pattern := like_pattern(query)) is not None:
        matching = matching.filter(FeedbackAnswer.text.ilike(pattern, escape=ESCAPE))
    if tag:
        matching = matching.join(FeedbackAnswerTag, FeedbackAnswerTag.answer_id == FeedbackAnswer.id) \
            .filter(FeedbackAnswerTag.tag == str(tag)[:40])
    rows = matching.all()
    shown_items = {i.id: i for i in _text_items(form)
                   if not item_hidden(form.anonymous, totals.get(i.id, 0), minimum)}
    ids = [r.id for r in rows if r.item_id in shown_items]
    tags = {}
    for start in range(0, len(ids), 500):
        for answer_id, name in db.session.query(FeedbackAnswerTag.answer_id, FeedbackAnswerTag.tag) \
                .filter(FeedbackAnswerTag.answer_id.in_(ids[start:start + 500])):
            tags.setdefault(answer_id, []).append(name)
    per_item = {}
    for r in rows:
        if r.item_id in shown_items:
            per_item.setdefault(r.item_id, []).append(OpenAnswer(r.id, r.text, tuple(sorted(tags.get(r.id, ())))))
    items = tuple(ItemAnswers(item, totals.get(item.id, 0), item.id not in shown_items,
                              tuple(sorted(per_item.get(item.id, ()), key=lambda a: (a.text, a.id))))
                  for item in _text_items(form) if totals.get(item.id, 0))
    return OpenAnswers(None, responses, minimum, items, tag_counts(form), len(ids))


def answer_in_form(form, answer_id):
    """The text answer ``answer_id`` of this form while the page shows it, else None."""
    if not isinstance(answer_id, str) or not answer_id or len(answer_id) > 32:
        return None
    row = _answers_query(form).filter(FeedbackAnswer.id == answer_id).first()
    if row is None or form_gate(form)[0] is not None:
        return None
    total = _answers_query(form).filter(FeedbackAnswer.item_id == row.item_id).count()
    if item_hidden(form.anonymous, total, minimum_for(form)):
        return None
    return db.session.get(FeedbackAnswer, row.id)


def _shown_answer(form, answer_id):
    answer = answer_in_form(form, answer_id)
    if answer is None:
        raise FeedbackRefused("answer_unknown")
    return answer


def tag_answer(form, answer_id, text):
    """Add a tag to an answer (already there: nothing changes). Returns the tag."""
    answer = _shown_answer(form, answer_id)
    try:
        tag = normalise_tag(text)
    except TagError as exc:
        raise FeedbackRefused(exc.code, **exc.params) from None
    have = {t for (t,) in db.session.query(FeedbackAnswerTag.tag).filter_by(answer_id=answer.id)}
    if tag not in have:
        if len(have) >= MAX_TAGS_PER_ANSWER:
            raise FeedbackRefused("too_many_tags", max=MAX_TAGS_PER_ANSWER)
        db.session.add(FeedbackAnswerTag(answer_id=answer.id, tag=tag))
        try:
            db.session.commit()
        except IntegrityError:  # the same tag added at the same moment by another request: it is there
            db.session.rollback()
    return tag


def untag_answer(form, answer_id, tag):
    answer = _shown_answer(form, answer_id)
    db.session.execute(db.delete(FeedbackAnswerTag).filter_by(answer_id=answer.id, tag=str(tag or "")[:40]))
    db.session.commit()
