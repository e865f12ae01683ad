"""The learner's page (inside Moodle's iframe): the session, sign up or cancel, the place on the waiting list, the
calendar file, and the attendance code shown on the screen (prefilled when the learner came by the QR)."""
from flask import flash, g, request
from flask_babel import gettext as _

from ..activities.access import requires_activity
from . import labels
from .attendance import enter_code
from .codes import normalised
from .pages import bp, calendar_file, go, page, tell
from .services import FollowupRefused, cancel, is_over, session_of, sign_up, signup_of, waiting_position


def _learner_page(status=200, typed_code=""):
    mine = None if g.launch.is_staff else signup_of(g.activity.id, user=g.launch.user)
    return page("followup/learner.html", status=status, mine=mine, position=waiting_position(mine),
                over=is_over(session_of(g.activity)), typed_code=typed_code, preview=g.launch.is_staff)


@bp.get("/")
@requires_activity("followup")
def learner():
    return _learner_page(typed_code=normalised(request.args.get("code")))


def _learner_only():
    if g.launch.is_staff:
        flash(_("Preview: an instructor does not sign up."), "info")
        return True
    return False


@bp.post("/signup")
@requires_activity("followup")
def signup():
    if _learner_only():
        return go("followup.learner")
    try:
        outcome, row = sign_up(g.activity.id, user=g.launch.user)
    except FollowupRefused as exc:
        flash(labels.refusal(exc.code), "error")
        return go("followup.learner")
    tell(labels.signup_message(outcome, waiting_position(row)))
    return go("followup.learner")


@bp.post("/cancel")
@requires_activity("followup")
def cancel_signup():
    if _learner_only():
        return go("followup.learner")
    tell(labels.cancel_message(cancel(g.activity.id, user=g.launch.user)))
    return go("followup.learner")


@bp.post("/code")
@requires_activity("followup")
def code():
    if _learner_only():
        return go("followup.learner")
    outcome = enter_code(g.activity, session_of(g.activity), g.launch.user, request.form.get("code", ""),
                         link=g.launch.link)
    category, message = labels.CODE_OUTCOMES[outcome]
    flash(str(message), category)
    status = {"wrong": 400, "limited": 429, "full": 409, "over": 410}.get(outcome)
    if status:
        return _learner_page(status=status)
    return go("followup.learner")


@bp.get("/calendar.ics")
@requires_activity("followup")
def calendar():
    return calendar_file(g.activity, session_of(g.activity))
