"""The tool's admin (the training centre) finds a certificate by its number or code, across courses, and revokes it
with a reason: ``/certificates/admin/`` (the admin area's sign-in; never framed, like the admin area)."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..admin.auth import login_required
from ..admin.forms import ActionForm
from ..extensions import db
from . import services
from .models import Certificate

bp = Blueprint("certificates_admin", __name__, url_prefix="/certificates/admin")


@bp.before_request
def _never_framed():
    g.never_framed = True


@bp.get("/")
@login_required
def find():
    query = " ".join((request.args.get("q") or "").split())[:120]
    found = []
    if query:
        found = db.session.execute(db.select(Certificate).where(
            (Certificate.number == query) | (Certificate.code == query)).order_by(Certificate.id)).scalars().all()
    return render_template("certificates/admin.html", query=query, found=found, action_form=ActionForm())


@bp.post("/<id:certificate_id>/revoke")
@login_required
def revoke(certificate_id):
    if not ActionForm().validate_on_submit():
        abort(400)
    cert = db.session.get(Certificate, certificate_id)
    if cert is None:
        abort(404)
    reason = " ".join((request.form.get("reason") or "").split())[:500]
    if not reason:
        flash(_("Give the reason for revoking: the verification page shows it."), "error")
    elif services.revoke(cert, reason):
        flash(_("Certificate %(number)s revoked.", number=cert.number), "success")
    return redirect(url_for("certificates_admin.find", q=cert.number))
