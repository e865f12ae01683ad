"""Attendance: marked by the instructor from the list, or by a learner who enters the code shown on the projector.

A learner's attendance is their completion (``announce_completion``: the learning record credits the planned JP
once) and, when the instructor chose "give a grade", full marks through the outbox (``award``); an attendance
unmarked revokes the completion (the record appends a reversal) and withdraws the grade. An alumnus's attendance is
only noted: they are not a Moodle user, so no JP is credited to any record and no grade is sent.

The code (``codes``) is accepted only while the instructor's projector page is open (it marks the session "shown"
in the shared store for three minutes at each refresh) and at most ``LATIH_FOLLOWUP_CODE_LIMIT`` tries (default 5) a
minute per learner and session.
"""
import time

from flask import current_app

from .. import outages, state
from ..activities.completion import announce_completion, revoke_completion
from ..clock import utcnow
from ..extensions import db
from ..grades.award import award
from . import codes
from .services import _confirmed_count, _locked, has_room, is_over, sign_up, signup_of

DEFAULT_CODE_LIMIT = 5
SHOWN_SECONDS = codes.STEP * codes.VALID_STEPS


def mark(activity, row, via="list", link=None):
    """Note ``row``'s attendance (once); the learner's completion and grade follow. True when newly marked."""
    if row.attended_at is not None:
        return False
    row.attended_at, row.attended_via, row.confirmed = utcnow(), via, True
    db.session.commit()
    if row.user_id is not None:
        if activity.graded:
            award(activity, row.user, activity.score_maximum, link=link, activity_progress="Completed",
                  grading_progress="FullyGraded")
        announce_completion(activity, row.user)
    return True


def unmark(activity, row):
    """Take back ``row``'s attendance: the completion is revoked (a reversal in the record), the grade withdrawn."""
    if row.attended_at is None:
        return False
    row.attended_at, row.attended_via = None, ""
    db.session.commit()
    if row.user_id is not None:
        if activity.graded:
            award(activity, row.user, None, activity_progress="Initialized", grading_progress="NotReady")
        revoke_completion(activity, row.user)
    return True


def show_code(activity_id):
    """The projector page is open: codes are accepted for the next three minutes."""
    try:
        state.store().set(f"followup-shown:{activity_id}", 1, SHOWN_SECONDS)
    except (*outages.DATABASE, *outages.REDIS):
        pass


def _shown(activity_id):
    try:
        return bool(state.store().get(f"followup-shown:{activity_id}"))
    except (*outages.DATABASE, *outages.REDIS):
        return True  # the code itself still decides


def _allowed(activity_id, user_id):
    limit = int(current_app.config.get("LATIH_FOLLOWUP_CODE_LIMIT", DEFAULT_CODE_LIMIT) or 0)
    if limit <= 0:
        return True
    key = f"followup-tries:{activity_id}:{user_id}:{int(time.time() // 60)}"
    store = state.store()
    try:
        count = int(store.get(key) or 0) + 1
        store.set(key, count, 65)
    except (*outages.DATABASE, *outages.REDIS):
        return True
    return count <= limit


def enter_code(activity, session, user, typed, link=None, now_seconds=None):
    """A learner's code: ``attended``, ``already``, ``limited``, ``wrong`` (wrong or expired), ``over``, ``full``."""
    if not _allowed(activity.id, user.id):
        return "limited"
    now_seconds = time.time() if now_seconds is None else now_seconds
    if not _shown(activity.id) or not codes.is_valid(session.code_secret, typed, now_seconds):
        return "wrong"
    row = signup_of(activity.id, user=user)
    if row is not None and row.attended_at is not None:
        return "already"
    if row is None or not row.confirmed:
        locked = _locked(activity.id)
        room = has_room(locked, _confirmed_count(activity.id))
        db.session.commit()
        if not room:
            return "full"
        if row is None:
            if is_over(session):
                return "over"
            _outcome, row = sign_up(activity.id, user=user, confirm_if_room=True)
            if not row.confirmed:
                return "full"
    mark(activity, row, via="code", link=link)
    return "attended"
