"""A learner answers a form: the answers are read against the form's own items, stored, and the completion is
recorded (with full marks through the grade outbox when the form gives a grade, and the completion event).

**Anonymous forms.** The completion (who, when) is claimed first, in its own transaction; the response is written
next, in another, with a random id, the day only and no user; nothing is logged and no audit event is written. An
anonymous response cannot be found again, so it cannot be changed: one response per learner.

**Named forms.** The response is written with a ``FeedbackRespondent`` row (user, sent, changed); a form that allows
changes takes a new set of answers until it closes.

The storing is shared with the answers that come by a personal link (``invitation_answers``): ``add_response``
writes a response and its answers, ``store_apart`` keeps an anonymous completion apart from the response.
"""
import secrets
from dataclasses import dataclass

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from ...activities.completion import announce_completion
from ...clock import to_local, utcnow
from ...extensions import db
from ...grades.award import award
from ...grades.outbox import latest_score
from ..domain.answers import AnswerRow, Reading, read, typed_from_rows
from ..models import FeedbackAnswer, FeedbackCompletion, FeedbackRespondent, FeedbackResponse
from . import FeedbackRefused
from .forms import persons_of, phase
from .items import domain_items, item_rows


@dataclass(frozen=True)
class Outcome:
    reading: Reading
    stored: bool  # False: problems to correct (or a preview), nothing stored
    changed: bool = False  # a named response taking new answers


def new_id():
    """128 random bits: a response's or an answer's id (never ordered, never derived from anything)."""
    return secrets.token_hex(16)


def completed_at(form, user):
    return db.session.execute(db.select(FeedbackCompletion.completed_at).filter_by(
        form_id=form.activity_id, user_id=user.id)).scalar()


def completions(form_id, user_ids):
    """{user id: when} for those of ``user_ids`` who have answered the form (the course overview)."""
    if not user_ids:
        return {}
    rows = db.session.execute(db.select(FeedbackCompletion.user_id, FeedbackCompletion.completed_at).where(
        FeedbackCompletion.form_id == form_id, FeedbackCompletion.user_id.in_(list(user_ids))))
    return dict(rows.all())


def own_answers(form, user):
    """A named form: the learner's response as fields to show again ({field name: [value, …]}), and when it was
    sent and changed; None when they have not answered (or the form is anonymous)."""
    if form.anonymous:
        return None
    respondent = FeedbackRespondent.query.filter_by(form_id=form.activity_id, user_id=user.id).first()
    if respondent is None:
        return None
    answers = FeedbackAnswer.query.filter_by(response_id=respondent.response_id).all()
    rows = [AnswerRow(a.item_id, a.person, a.number, a.text) for a in answers]
    return typed_from_rows(domain_items(item_rows(form)), rows), respondent


def read_answers(form, submitted):
    """``submitted`` read against the form's own items and persons (nothing stored: also the preview)."""
    persons = [p["id"] for p in persons_of(form)]
    return read(domain_items(item_rows(form)), persons, submitted)


def submit(activity, form, learner, link, submitted):
    """Store a learner's answers (an Outcome); FeedbackRefused when the form is not open or already answered."""
    state = phase(form)
    if state != "open":
        raise FeedbackRefused(state)
    reading = read_answers(form, submitted)
    if reading.problems:
        return Outcome(reading, stored=False)
    if form.anonymous:
        _store_anonymous(form, learner, reading)
        first, changed = True, False
    else:
        first, changed = _store_named(form, learner, reading)
    if activity.graded and (first or latest_score(learner.id, activity.id) is None):
        award(activity, learner, activity.score_maximum, link=link, activity_progress="Completed",
              grading_progress="FullyGraded")
    announce_completion(activity, learner)
    return Outcome(reading, stored=True, changed=changed)


def _claim(form, learner, now):
    """Record the completion once (INSERT … ON CONFLICT DO NOTHING): True when this call recorded it."""
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    table = FeedbackCompletion.__table__
    statement = insert(table).values(form_id=form.activity_id, user_id=learner.id, completed_at=now) \
        .on_conflict_do_nothing(index_elements=["form_id", "user_id"]).returning(table.c.user_id)
    return len(db.session.execute(statement).all()) == 1


def add_response(form, reading, now):
    """A new response with ``reading``'s answers (random ids, the day only); the caller commits."""
    response = FeedbackResponse(id=new_id(), form_id=form.activity_id, day=to_local(now).date())
    db.session.add(response)
    db.session.flush()
    _add_answers(response.id, reading.rows)
    return response


def _add_answers(response_id, rows):
    db.session.add_all([FeedbackAnswer(id=new_id(), response_id=response_id, item_id=row.item_id, person=row.person,
                                       number=row.number, text=row.text) for row in rows])


def store_apart(claim, write, undo):
    """An anonymous answer: ``claim()`` records the completion (True when this call recorded it) and is committed
    alone; ``write()`` adds the response in a transaction of its own, so nothing ties the two; ``undo()`` takes the
    completion back when the response cannot be stored. FeedbackRefused("already_answered") when claimed before."""
    if not claim():
        db.session.rollback()
        raise FeedbackRefused("already_answered")
    db.session.commit()
    try:
        write()
        db.session.commit()
    except Exception:
        db.session.rollback()
        undo()
        db.session.commit()
        raise


def _store_anonymous(form, learner, reading):
    now = utcnow()
    store_apart(lambda: _claim(form, learner, now), lambda: add_response(form, reading, now),
                lambda: db.session.execute(db.delete(FeedbackCompletion).filter_by(form_id=form.activity_id,
                                                                                   user_id=learner.id)))


def _store_named(form, learner, reading):
    """(first time, changed an earlier response)."""
    now = utcnow()
    respondent = FeedbackRespondent.query.filter_by(form_id=form.activity_id, user_id=learner.id).first()
    if respondent is not None:
        if not form.editable:
            raise FeedbackRefused("already_answered")
        db.session.execute(db.delete(FeedbackAnswer).filter_by(response_id=respondent.response_id))
        _add_answers(respondent.response_id, reading.rows)
        respondent.updated_at = now
        db.session.commit()
        return False, True
    try:
        response = add_response(form, reading, now)
        db.session.add(FeedbackRespondent(response_id=response.id, form_id=form.activity_id, user_id=learner.id,
                                          submitted_at=now, updated_at=now))
        first = _claim(form, learner, now)
        db.session.commit()
    except IntegrityError:  # the same learner in two tabs at once: one response
        db.session.rollback()
        raise FeedbackRefused("already_answered") from None
    return first, False
