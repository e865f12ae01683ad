"""The staff's certificates page of a course (in the iframe; instructors and admins of the launch's course only):
the rules (required activities, the printed fields), the learners with what they completed and their certificate,
issue by hand, revoke with a reason, reissue, one PDF or all the course's certificates as a ZIP. The course is the
launch's; a certificate or learner id from the browser is served only when it belongs to that course."""
from datetime import date
from decimal import Decimal, InvalidOperation

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _

from ..activities.completion import Completion
from ..activities.services import course_activities
from ..extensions import db
from ..ids import record_id
from ..lti.context import requires_launch
from ..lti.models import LtiUser
from ..record.services import planned_jp
from . import bundle, services
from .fields import display_jp, mask_nip

bp = Blueprint("certificates", __name__, url_prefix="/certificates")
MAX_TEXT = 255


def _back():
    return redirect(url_for("certificates.staff", launch=g.launch.token))


def course_learners(course):
    """The course's learners known to the tool: on the roster (when the platform answers), with a completion of
    one of its activities, or holding one of its certificates. [(user, set of completed activity ids)]."""
    from ..grades.roster import roster_or_problem

    activity_ids = [a.id for a in course_activities(course.id)]
    done = {}
    if activity_ids:
        for user_id, activity_id in db.session.execute(db.select(Completion.user_id, Completion.activity_id)
                                                       .where(Completion.activity_id.in_(activity_ids))):
            done.setdefault(user_id, set()).add(activity_id)
    holders = {c.user_id for c in services.of_course(course.id)}
    members, _problem = roster_or_problem(course)
    subs = [m.user_id for m in members if m.is_learner]
    users = {}
    if subs:
        users.update({u.id: u for u in LtiUser.query.filter(LtiUser.issuer == course.issuer, LtiUser.sub.in_(subs))})
    others = (set(done) | holders) - set(users)
    if others:
        users.update({u.id: u for u in LtiUser.query.filter(LtiUser.id.in_(others))})
    rows = [(u, done.get(u.id, set())) for u in users.values() if u.id != g.launch.user.id]
    return sorted(rows, key=lambda row: ((row[0].name or row[0].sub).lower(), row[0].id))


@bp.get("/")
@requires_launch(staff=True)
def staff():
    course = g.launch.course
    certificates = services.of_course(course.id)
    in_force = {c.user_id: c for c in certificates if c.in_force}
    return render_template(
        "certificates/staff.html", ctx=g.launch, setting=services.setting_of(course.id),
        activities=course_activities(course.id), required=services.required_ids(course.id),
        default_jp=services.default_jp(course.id), learners=course_learners(course), in_force=in_force,
        certificates=certificates, planned_jp=planned_jp, jp=display_jp, mask_nip=mask_nip,
        ready=services.ready(db.session.get(services.CertificateSetting, course.id)))


def _day(name):
    text = (request.form.get(name) or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _Invalid(_("Give the dates as dates (e.g. 2026-03-03).")) from None


class _Invalid(ValueError):
    pass


def _jp():
    text = (request.form.get("jp") or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _Invalid(_("JP is a number of lesson hours, e.g. 30 or 22.5.")) from None
    if not value.is_finite() or not Decimal(0) < value < Decimal(10000):
        raise _Invalid(_("JP is a number of lesson hours, e.g. 30 or 22.5."))
    return value.quantize(Decimal("0.01"))


@bp.post("/rules")
@requires_launch(staff=True)
def rules():
    try:
        values = {name: " ".join((request.form.get(name) or "").split())[:MAX_TEXT] for name in services.TEXT_FIELDS}
        values.update(started_on=_day("started_on"), ended_on=_day("ended_on"), jp=_jp())
    except _Invalid as exc:
        flash(str(exc), "error")
        return _back()
    if values["started_on"] and values["ended_on"] and values["ended_on"] < values["started_on"]:
        flash(_("The training cannot end before it starts."), "error")
        return _back()
    chosen = {record_id(v) for v in request.form.getlist("required")} - {None}
    setting = services.save_rules(g.launch.course, values, chosen)
    flash(_("Certificate settings saved."), "success")
    if not services.ready(setting):
        flash(_("Name the institution and the training: until then no certificate is issued."), "warning")
    return _back()


@bp.post("/issue")
@requires_launch(staff=True)
def issue():
    user_id = record_id(request.form.get("user"))
    learner = next((u for u, _done in course_learners(g.launch.course) if u.id == user_id), None)
    if learner is None:
        abort(404)
    if not services.ready(db.session.get(services.CertificateSetting, g.launch.course.id)):
        flash(_("Name the institution and the training: until then no certificate is issued."), "error")
        return _back()
    cert, issued = services.issue_by_hand(g.launch.course.id, learner, g.launch.user.id,
                                          rank=request.form.get("rank"), position=request.form.get("position"))
    if issued:
        flash(_("Certificate %(number)s issued to %(name)s.", number=cert.number, name=cert.name), "success")
    else:
        flash(_("%(name)s already has certificate %(number)s.", number=cert.number, name=cert.name), "info")
    return _back()


def _certificate(certificate_id):
    cert = services.in_course(g.launch.course.id, certificate_id)
    if cert is None:
        abort(404)
    return cert


def _reason():
    return " ".join((request.form.get("reason") or "").split())[:500]


@bp.post("/<id:certificate_id>/revoke")
@requires_launch(staff=True)
def revoke(certificate_id):
    cert, reason = _certificate(certificate_id), _reason()
    if not reason:
        flash(_("Give the reason for revoking: the verification page shows it."), "error")
    elif services.revoke(cert, reason):
        flash(_("Certificate %(number)s revoked.", number=cert.number), "success")
    return _back()


@bp.post("/<id:certificate_id>/reissue")
@requires_launch(staff=True)
def reissue(certificate_id):
    cert, reason = _certificate(certificate_id), _reason() or _("Reissued with a new number.")
    if not services.ready(db.session.get(services.CertificateSetting, g.launch.course.id)):
        flash(_("Name the institution and the training: until then no certificate is issued."), "error")
        return _back()
    new = services.reissue(cert, g.launch.user.id, reason)
    if new is not None:
        flash(_("Certificate %(old)s revoked; %(new)s issued in its place.", old=cert.number, new=new.number),
              "success")
    return _back()


def pdf_response(cert):
    response = Response(bundle.render(cert), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{bundle.file_name(cert)}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/<id:certificate_id>/pdf")
@requires_launch(staff=True)
def download(certificate_id):
    return pdf_response(_certificate(certificate_id))


@bp.get("/course.zip")
@requires_launch(staff=True)
def course_zip():
    """Every certificate in force of the course, one PDF each, streamed."""
    certificates = [c for c in services.of_course(g.launch.course.id) if c.in_force]
    response = Response(stream_with_context(bundle.zip_stream(certificates)), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="sertifikat-kursus-{g.launch.course.id}.zip"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
