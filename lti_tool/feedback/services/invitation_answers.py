"""Answering a form by a personal link (no Moodle account): what the link opens, and storing the answers with the
learners' code (``responses``) — without the grade, the completion table or the completion event, which are for
Moodle users of the course.

The invitation is marked answered (``answered_at``) by an UPDATE that only one request can win (a double submit
stores one response). **Anonymous forms**: the mark is committed alone, the response next in its own transaction
(``responses.store_apart``), with a ``FeedbackResponseSide`` (alumnus or supervisor) and nothing that points back
at the invitation. **Named forms**: one transaction, and the invitation keeps the response's id.
"""
from dataclasses import dataclass

from ...clock import utcnow
from ...extensions import db
from ...invitations.tokens import by_token, link_state
from ..invitation_models import FeedbackInvitation, FeedbackResponseSide
from ..models import FeedbackForm
from . import FeedbackRefused
from .forms import phase
from .responses import Outcome, add_response, read_answers, store_apart


@dataclass(frozen=True)
class Access:
    """``ok``, ``unknown`` (no such link, or a link of another form), ``revoked``, ``expired``, ``answered``,
    ``not_open`` or ``closed`` (the form's own dates)."""

    status: str
    invitation: FeedbackInvitation | None = None
    form: FeedbackForm | None = None


def access(form_id, token, now=None):
    now = now or utcnow()
    invitation = by_token(FeedbackInvitation, token)
    if invitation is None or invitation.form_id != form_id:
        return Access("unknown")
    form = db.session.get(FeedbackForm, invitation.form_id)
    revoked = invitation.revoked_at or invitation.invitee.revoked_at
    state = link_state(revoked, invitation.expires_at, now)
    if state != "ok":
        return Access(state, invitation, form)
    if invitation.answered_at is not None:
        return Access("answered", invitation, form)
    moment = phase(form, now)
    return Access("ok" if moment == "open" else moment, invitation, form)


def _mark(invitation, now):
    table = FeedbackInvitation.__table__
    done = db.session.execute(table.update().where(table.c.id == invitation.id, table.c.answered_at.is_(None))
                              .values(answered_at=now))
    return done.rowcount == 1


def _write(form, invitation, reading, now, named):
    response = add_response(form, reading, now)
    db.session.add(FeedbackResponseSide(response_id=response.id, form_id=form.activity_id,
                                        role=invitation.invitee.role))
    if named:
        db.session.execute(FeedbackInvitation.__table__.update().where(FeedbackInvitation.id == invitation.id)
                           .values(response_id=response.id))
    return response


def submit(form, invitation, submitted, now=None):
    """Store an invitee's answers (an Outcome); FeedbackRefused when the link no longer opens the form."""
    now = now or utcnow()
    if phase(form, now) != "open":
        raise FeedbackRefused(phase(form, now))
    reading = read_answers(form, submitted)
    if reading.problems:
        return Outcome(reading, stored=False)
    invitation_id = invitation.id
    if form.anonymous:
        def undo():
            db.session.execute(FeedbackInvitation.__table__.update()
                               .where(FeedbackInvitation.id == invitation_id).values(answered_at=None))

        store_apart(lambda: _mark(invitation, now), lambda: _write(form, invitation, reading, now, False), undo)
    else:
        if not _mark(invitation, now):
            db.session.rollback()
            raise FeedbackRefused("already_answered")
        _write(form, invitation, reading, now, True)
        db.session.commit()
    db.session.expire_all()
    return Outcome(reading, stored=True)
