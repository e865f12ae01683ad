"""Inviting reviewers to a review round (routes on the ``modules`` blueprint of ``pages``): add external reviewers
or members of the course, withdraw a link (after a confirmation), give a new link, remind the late ones; and the
round's reviewers page, which the round page shows too (``templates/modules/_round_reviewers.html``).

Staff only, on the launch's module: the round is looked up within it (else 404) and a reviewer id from a form must
belong to that round. A new personal link is shown once, on the answer to the POST that made it (never in a URL,
a flash message or a log), with ``Cache-Control: no-store``.
"""
from dataclasses import dataclass

from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..ids import record_id
from ..mail import mail_configured
from . import labels
from .pages import bp, current_module, page, refuse, review_link
from .services import ModuleRefused, invitations, review_data
from .services.setup import settings_of


@dataclass(frozen=True)
class Panel:
    """What the reviewers' partial shows of a round."""

    reviewers: list
    groups: list  # [(id, name)]: the round's groups
    group_names: dict  # {id: name}
    candidates: list  # roster members not invited yet
    roster_problem: str | None
    mail: bool
    late: int
    changeable: bool
    remindable: bool


@bp.app_template_global("module_invite_panel")
def invite_panel(module, round_row):
    names = {g["id"]: labels.group_name(g) for g in settings_of(module).groups}
    members, problem = invitations.course_members(module)
    return Panel(reviewers=list(round_row.reviewers),
                 groups=[(gid, names.get(gid, gid)) for gid in round_row.groups or ()], group_names=names,
                 candidates=invitations.candidates(module, round_row, members), roster_problem=problem,
                 mail=mail_configured(), late=len(invitations.late_reviewers(round_row)),
                 changeable=round_row.state != "decided", remindable=invitations.reminders_open(round_row))


def _round(number):
    module = current_module()
    round_row = review_data.round_numbered(module, number)
    if round_row is None:
        abort(404)
    return module, round_row


def _back_url(number):
    """Back to where the form was: the round page or this round's reviewers page."""
    endpoint = "modules.round_page" if request.values.get("back") == "round" else "modules.round_reviewers"
    return url_for(endpoint, number=number, launch=g.launch.token)


def _round_page(number):
    return url_for("modules.round_page", number=number, launch=g.launch.token)


def _shown(module, round_row, letters=(), **values):
    """The reviewers page; with ``letters`` (new links and their texts), shown only in this answer."""
    response = current_app.make_response(page(
        "modules/reviewers.html", module, round_row=round_row, letters=list(letters),
        back_url=_back_url(round_row.number), round_url=_round_page(round_row.number), **values))
    response.headers["Cache-Control"] = "no-store"
    return response


def _reviewer(round_row):
    return invitations.reviewer_in_round(round_row, record_id(request.form.get("reviewer")))


@bp.get("/rounds/<id:number>/reviewers")
@requires_activity("modules", staff=True)
def round_reviewers(number):
    module, round_row = _round(number)
    return _shown(module, round_row)


@bp.post("/rounds/<id:number>/reviewers/external")
@requires_activity("modules", staff=True)
def invite_external(number):
    module, round_row = _round(number)
    form = request.form
    try:
        invited = invitations.add_external(module, g.launch.user, round_row, form.get("name"),
                                           form.get("institution"), form.get("group"), form.get("email"))
    except ModuleRefused as exc:
        refuse(exc)
        return _shown(module, round_row, typed={k: form.get(k, "")[:300] for k in
                                                ("name", "institution", "group", "email")})
    letter = invitations.send_invitation(invited.reviewer, review_link(invited.token), g.launch.user)
    return _shown(module, round_row, [(letter, review_link(invited.token))])


@bp.post("/rounds/<id:number>/reviewers/roster")
@requires_activity("modules", staff=True)
def invite_members(number):
    module, round_row = _round(number)
    try:
        invited = invitations.add_from_roster(module, g.launch.user, round_row, request.form.getlist("member"),
                                              request.form.get("group"))
    except ModuleRefused as exc:
        refuse(exc)
        return redirect(_back_url(number))
    letters = [(invitations.send_invitation(i.reviewer, review_link(i.token), g.launch.user), review_link(i.token))
               for i in invited]
    return _shown(module, round_row, letters)


@bp.post("/rounds/<id:number>/reviewers/new-link")
@requires_activity("modules", staff=True)
def renew_link(number):
    module, round_row = _round(number)
    try:
        reviewer = _reviewer(round_row)
        token = invitations.new_link(module, g.launch.user, round_row, reviewer)
    except ModuleRefused as exc:
        refuse(exc)
        return redirect(_back_url(number))
    letter = invitations.send_invitation(reviewer, review_link(token), g.launch.user)
    return _shown(module, round_row, [(letter, review_link(token))])


@bp.post("/rounds/<id:number>/reviewers/revoke")
@requires_activity("modules", staff=True)
def revoke_reviewer(number):
    """Without ``confirmed``: the question; with it: the link is withdrawn."""
    module, round_row = _round(number)
    try:
        reviewer = _reviewer(round_row)
        if request.form.get("confirmed") != "1":
            return _shown(module, round_row, confirm_revoke=reviewer)
        invitations.revoke(module, g.launch.user, round_row, reviewer)
    except ModuleRefused as exc:
        refuse(exc)
        return redirect(_back_url(number))
    flash(_("The link of %(name)s is withdrawn: it opens nothing any more.", name=reviewer.name), "success")
    return redirect(_back_url(number))


@bp.post("/rounds/<id:number>/reviewers/remind")
@requires_activity("modules", staff=True)
def remind(number):
    module, round_row = _round(number)
    try:
        sent = invitations.remind_late(module, g.launch.user, round_row, review_link)
    except ModuleRefused as exc:
        refuse(exc)
        return redirect(_back_url(number))
    return _shown(module, round_row, [(s, None) for s in sent], reminders=True)
