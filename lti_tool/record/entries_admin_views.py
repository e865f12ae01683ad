"""The admin area and entries from outside the tool: add training done elsewhere for anyone (found by NIP or picked
from known users), verify learners' submissions of every course, withdraw an acceptance, open evidence.
Blueprint ``record_entries_admin`` under ``/admin/record``; every page needs the admin's sign-in."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..activities.jp import category_choices, category_label
from ..admin.auth import login_required
from ..admin.forms import ActionForm
from ..extensions import db
from ..ids import record_id
from ..lti.models import LtiUser
from . import entries_services as services
from .entries_evidence import EvidenceRefused
from .entries_models import PENDING, ExternalEntry
from .entries_staff_views import decide, read_entry
from .entries_views import send_evidence, warn_duplicates

bp = Blueprint("record_entries_admin", __name__, url_prefix="/admin/record")
KNOWN_USERS = 500  # the picker lists at most this many users (by name); the NIP finds anyone


@bp.context_processor
def _action_form():
    return {"action_form": ActionForm()}  # the admin layout's sign-out button


@bp.after_request
def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def _learner(form):
    """The learner named by NIP (exactly one user with it) or picked from the list (an existing user id)."""
    nip = (form.get("nip") or "").strip()
    if nip:
        found = LtiUser.query.filter_by(nip=nip).limit(2).all()
        if len(found) != 1:
            raise services.EntryRefused(_("No single known user has the NIP %(nip)s.", nip=nip) if not found else
                                        _("Several users have the NIP %(nip)s: pick one from the list.", nip=nip))
        return found[0]
    user = db.session.get(LtiUser, record_id(form.get("learner"))) if record_id(form.get("learner")) else None
    if user is None:
        raise services.EntryRefused(_("Give the learner's NIP or pick a known user."))
    return user


def _page(status=200):
    query = db.select(ExternalEntry).order_by(db.case((ExternalEntry.status == PENDING, 0), else_=1),
                                              ExternalEntry.id.desc()).limit(200)
    nip = (request.args.get("nip") or "").strip()
    if nip:
        query = query.join(LtiUser, LtiUser.id == ExternalEntry.user_id).where(LtiUser.nip == nip)
    entries = db.session.execute(query).scalars().all()
    users = LtiUser.query.order_by(LtiUser.name, LtiUser.id).limit(KNOWN_USERS).all()
    return render_template("record/entries_admin.html", entries=entries, users=users, nip=nip,
                           duplicates={e.id: services.duplicates_of(e) for e in entries if e.status == PENDING},
                           categories=category_choices()[1], category_label=category_label,
                           values=request.form), status


@bp.get("/entries")
@login_required
def entries():
    return _page()


@bp.post("/entries")
@login_required
def add_entry():
    try:
        learner = _learner(request.form)
        fields, evidence = read_entry(request.form, request.files)
    except (services.EntryRefused, EvidenceRefused) as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _page(400)
    entry, found = services.create(learner, None, fields, evidence, by_staff=True, actor_admin=g.admin.username)
    warn_duplicates(found)
    flash(_("“%(title)s” is added to the record of %(name)s.", title=entry.title, name=learner.name or learner.sub),
          "success")
    return redirect(url_for(".entries"))


@bp.post("/entries/<id:entry_id>")
@login_required
def decide_entry(entry_id):
    entry = db.session.get(ExternalEntry, entry_id) or abort(404)
    decide(entry, request.form.get("action"), request.form.get("reason"), actor_admin=g.admin.username)
    return redirect(url_for(".entries"))


@bp.get("/evidence/<id:entry_id>")
@login_required
def evidence(entry_id):
    return send_evidence(db.session.get(ExternalEntry, entry_id) or abort(404))
