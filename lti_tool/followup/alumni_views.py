"""The page an alumnus opens from a personal link, ``/followup/i/<token>/`` (no launch, no Moodle account; made for
a phone): the session, sign up or cancel, the place on the waiting list, the calendar file. Rate-limited per address
(``invitations.limit``, ``LATIH_INVITATION_PAGE_LIMIT``), the token resolved by its hash; a revoked or unknown link
gets a page that says so. Standalone pages (``invitations.standalone``); ``logmask`` masks the token. CSRF as
everywhere. An alumnus's attendance earns no JP in any learning record: they are not Moodle users."""
from flask import Blueprint, current_app, flash, g, make_response, redirect, render_template, request, url_for

from ..extensions import db
from ..invitations import limit
from ..invitations.standalone import protect
from . import alumni, labels
from .models import FollowupSession
from .pages import calendar_file
from .services import FollowupRefused, cancel, is_over, sign_up, signup_of, signups, waiting_position

PREFIX = "/followup/i/"
bp = protect(Blueprint("followup_invited", __name__, url_prefix=PREFIX + "<token>"), PREFIX)
STATUS = {"unknown": 404, "revoked": 403, "limited": 429}


def _closed(kind):
    response = make_response(render_template("followup/alumni_closed.html", kind=kind))
    response.status_code = STATUS[kind]
    return response


@bp.before_request
def _admit():
    per_minute = current_app.config.get("LATIH_INVITATION_PAGE_LIMIT", limit.DEFAULT_LIMIT)
    if not limit.allow(request.remote_addr, per_minute, scope="invitation"):
        response = _closed("limited")
        response.headers["Retry-After"] = str(limit.WINDOW)
        return response
    status, invitee = alumni.access((request.view_args or {}).get("token"))
    if status != "ok":
        return _closed(status)
    g.invitee = invitee
    g.followup = db.session.get(FollowupSession, invitee.activity_id)
    return None


def _home(token):
    return redirect(url_for("followup_invited.home", token=token))


@bp.get("/")
def home(token):
    session = g.followup
    mine = signup_of(session.activity_id, invitee=g.invitee)
    seats, waiting = signups(session.activity_id)
    return render_template("followup/alumni.html", invitee=g.invitee, session=session, activity=session.activity,
                           mine=mine, position=waiting_position(mine), over=is_over(session), token=token,
                           seats=seats, waiting=waiting)


@bp.post("/signup")
def signup(token):
    try:
        outcome, row = sign_up(g.followup.activity_id, invitee=g.invitee)
    except FollowupRefused as exc:
        flash(labels.refusal(exc.code), "error")
        return _home(token)
    category, message = labels.signup_message(outcome, waiting_position(row))
    flash(message, category)
    return _home(token)


@bp.post("/cancel")
def cancel_signup(token):
    category, message = labels.cancel_message(cancel(g.followup.activity_id, invitee=g.invitee))
    flash(message, category)
    return _home(token)


@bp.get("/calendar.ics")
def calendar(token):
    return calendar_file(g.followup.activity, g.followup)
