"""The "Invitations" page of a form (level-3 follow-up; routes on the ``feedback`` blueprint of ``pages``): the
schedule (course end, waves, link validity), adding alumni (from the roster or external) and the supervisors they
name, a new link, revoking (after a confirmation), reminding those who have not answered, and the gap between the
alumni's and the supervisors' answers.

Staff only, on the launch's form; an invitee id from a form must belong to that form (else refused). A new link is
shown once, in the answer to the POST that made it (never in a URL, a flash message or a log), with
``Cache-Control: no-store``.
"""
from flask import current_app, flash, g, request
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..clock import utcnow
from ..extensions import db
from ..ids import record_id
from ..mail import mail_configured
from . import level3_labels
from .pages import bp, current_form, go, page
from .services import FeedbackRefused
from .services import invitations as service
from .services.invitation_links import link_maker
from .services.level3_gap import gap
from .services.report import minimum_of
from .services.schedule import schedule_of, update_schedule, wave_dates


def _refuse(exc):
    flash(level3_labels.refusal(exc.code, exc.params), "error")


def _shown(form, letters=(), status=200, **values):
    now = utcnow()
    members, problem = service.course_members(g.activity)
    people = service.invitees_of(form)
    statuses = {p.id: service.status(p, now) for alumnus, supervisors in people for p in [alumnus, *supervisors]}
    body, code = page("feedback/invitations.html", form, status=status, people=people, statuses=statuses,
                      status_names=level3_labels.STATUS, role_names=level3_labels.ROLE_NAMES,
                      schedule=schedule_of(form), waves=wave_dates(schedule_of(form)),
                      candidates=service.candidates(form, members), roster_problem=problem, mail=mail_configured(),
                      waiting=len(service.waiting(form, now)), letters=list(letters),
                      gap=gap(form, minimum_of(form)), **values)
    response = current_app.make_response((body, code))
    response.headers["Cache-Control"] = "no-store"
    return response


def _invitee(form):
    return service.invitee_in_form(form, record_id(request.form.get("invitee")))


def _send(form, invitees):
    """A link for each (new, or renewed), with its letter: [(Sent, link)]."""
    return [service.new_link(form, g.launch.user, person, link_maker(form.activity_id)) for person in invitees]


@bp.get("/invitations")
@requires_activity("feedback", staff=True)
def invitations():
    return _shown(current_form())


@bp.post("/invitations/schedule")
@requires_activity("feedback", staff=True)
def save_schedule():
    form = current_form()
    try:
        update_schedule(form, g.launch.user, request.form)
    except FeedbackRefused as exc:
        db.session.rollback()
        _refuse(exc)
        return _shown(form, status=400, typed_schedule={k: request.form.get(k, "")[:40]
                                                         for k in ("course_end", "waves", "link_days")})
    flash(_("The schedule is saved."), "success")
    return go("feedback.invitations")


def _added(form, people):
    if request.form.get("send_now") == "1":
        return _shown(form, _send(form, people))
    flash(_("Added. The links go out on the dates of the schedule, or give one now with “New link”."), "success")
    return go("feedback.invitations")


@bp.post("/invitations/external")
@requires_activity("feedback", staff=True)
def invite_external():
    form, fields = current_form(), request.form
    try:
        person = service.add_external(form, g.launch.user, fields.get("name"), fields.get("unit"), fields.get("email"))
        return _added(form, [person])
    except FeedbackRefused as exc:
        db.session.rollback()
        _refuse(exc)
        return _shown(form, status=400, typed={k: fields.get(k, "")[:300] for k in ("name", "unit", "email")})


@bp.post("/invitations/roster")
@requires_activity("feedback", staff=True)
def invite_members():
    form = current_form()
    try:
        people = service.add_from_roster(form, g.activity, g.launch.user, request.form.getlist("member"))
        return _added(form, people)
    except FeedbackRefused as exc:
        db.session.rollback()
        _refuse(exc)
        return _shown(form, status=400)


@bp.post("/invitations/supervisor")
@requires_activity("feedback", staff=True)
def invite_supervisor():
    form, fields = current_form(), request.form
    try:
        alumnus = _invitee(form)
        person = service.add_supervisor(form, g.launch.user, alumnus, fields.get("name"), fields.get("unit"),
                                        fields.get("email"))
        return _added(form, [person])
    except FeedbackRefused as exc:
        db.session.rollback()
        _refuse(exc)
        return _shown(form, status=400)


@bp.post("/invitations/new-link")
@requires_activity("feedback", staff=True)
def new_link():
    form = current_form()
    try:
        return _shown(form, _send(form, [_invitee(form)]))
    except FeedbackRefused as exc:
        db.session.rollback()
        _refuse(exc)
        return _shown(form, status=400)


@bp.post("/invitations/revoke")
@requires_activity("feedback", staff=True)
def revoke():
    """Without ``confirmed``: the question; with it: the person's links are withdrawn."""
    form = current_form()
    try:
        person = _invitee(form)
        if request.form.get("confirmed") != "1":
            return _shown(form, confirm_revoke=person)
        service.revoke(form, g.launch.user, person)
    except FeedbackRefused as exc:
        _refuse(exc)
        return _shown(form, status=400)
    flash(_("The links of %(name)s are withdrawn: they open nothing any more.", name=person.name), "success")
    return go("feedback.invitations")


@bp.post("/invitations/remind")
@requires_activity("feedback", staff=True)
def remind_invitees():
    form = current_form()
    try:
        sent = service.remind(form, g.launch.user, link_maker(form.activity_id))
    except FeedbackRefused as exc:
        _refuse(exc)
        return go("feedback.invitations")
    return _shown(form, sent, reminders=True)
