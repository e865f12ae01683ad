"""The instructor's pages: the sign-ups and the waiting list with attendance checkboxes (a learner's attendance
credits the JP and, when chosen, the grade; unticked, both are taken back), and the alumni invitations (a link is
shown once, in the answer to the POST that made it)."""
from flask import current_app, flash, g, request, url_for
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..ids import record_id
from . import alumni, labels
from .attendance import mark, unmark
from .pages import absolute, bp, go, page
from .services import FollowupRefused, session_of, signup_in_session


@bp.get("/manage")
@requires_activity("followup", staff=True)
def manage():
    return page("followup/manage.html")


@bp.post("/attendance")
@requires_activity("followup", staff=True)
def attendance():
    """The ticked rows attend; the rows listed on the page and not ticked do not (rows added since are left)."""
    ticked = {record_id(v) for v in request.form.getlist("attended")}
    listed = {record_id(v) for v in request.form.getlist("listed")}
    marked = unmarked = 0
    for signup_id in sorted(i for i in listed | ticked if i is not None):
        row = signup_in_session(g.activity.id, signup_id)
        if row is None:
            continue
        if signup_id in ticked:
            marked += mark(g.activity, row, via="list")
        else:
            unmarked += unmark(g.activity, row)
    flash(_("Attendance saved: %(marked)s marked, %(unmarked)s taken back.", marked=marked, unmarked=unmarked),
          "success")
    return go("followup.manage")


def _invitations(status=200, new_link=None, new_invitee=None, sent=None):
    body, code = page("followup/invitations.html", status=status, invitees=alumni.invitees(g.activity),
                      new_link=new_link, new_invitee=new_invitee, sent=sent)
    response = current_app.make_response((body, code))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/invitations")
@requires_activity("followup", staff=True)
def invitations():
    return _invitations()


@bp.post("/invitations")
@requires_activity("followup", staff=True)
def invite():
    try:
        row, token = alumni.add(g.activity, g.launch.user, request.form.get("name"),
                                request.form.get("institution"), request.form.get("email"))
    except FollowupRefused as exc:
        flash(labels.refusal(exc.code), "error")
        return _invitations(status=400)
    link = absolute(url_for("followup_invited.home", token=token))
    sent = alumni.send_link(g.activity, session_of(g.activity), row, link)
    return _invitations(new_link=link, new_invitee=row, sent=sent)


@bp.post("/invitations/revoke")
@requires_activity("followup", staff=True)
def revoke():
    row = alumni.invitee_in(g.activity, record_id(request.form.get("invitee")))
    if row is None:
        flash(_("That invitation is not one of this session's."), "error")
        return go("followup.invitations")
    alumni.revoke(row)
    flash(_("The link of %(name)s no longer works.", name=row.name), "success")
    return go("followup.invitations")
