"""A learner's entries from outside the tool: submit one with evidence (it waits for verification), see their status
on the record page; the evidence file, for the learner, the course's staff who verify it, and the admin.

Routes on the record's blueprint (``views.bp``). No user id comes from the browser here: the learner is the launch's;
an entry id is looked up with its owner or its course."""
from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..activities.jp import category_choices, category_label
from ..extensions import db
from ..formats import format_date
from ..ids import record_id
from ..lti.context import requires_launch
from . import entries_services as services
from .entries_evidence import EvidenceRefused, evidence_data, is_image, read_upload
from .entries_models import ExternalEntry
from .progress import display_jp
from .views import bp


def warn_duplicates(found):
    """Tell whoever added or submitted an entry that the learner has a similar one (a warning, not a refusal)."""
    if found:
        titles = "; ".join(f"{e.title} ({format_date(e.started_on)})" for e in found[:3])
        flash(ngettext("%(num)d similar entry exists already (same title and dates, or the same file): %(titles)s. "
                       "It was saved all the same; the verifier sees the warning.",
                       "%(num)d similar entries exist already (same title and dates, or the same file): %(titles)s. "
                       "It was saved all the same; the verifier sees the warning.", len(found), titles=titles),
              "warning")


def form_page(template, status=200, **values):
    default, choices = category_choices()
    return render_template(template, ctx=g.launch, categories=choices, values=request.form, **values), status


@bp.route("/entries/new", methods=["GET", "POST"])
@requires_launch()
def submit_entry():
    """A learner submits training done elsewhere, with evidence; it waits for an instructor of this course."""
    ctx = g.launch
    if request.method == "POST":
        try:
            fields = services.parse_fields(request.form)
            evidence = read_upload(request.files.get("evidence"))
            if evidence is None:
                raise services.EntryRefused(_("Attach the evidence (a certificate or letter: PDF, JPG or PNG)."))
        except (services.EntryRefused, EvidenceRefused) as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return form_page("record/entry_submit.html", status=400)
        entry, found = services.create(ctx.user, ctx.course, fields, evidence, actor_user=ctx.user)
        warn_duplicates(found)
        flash(_("“%(title)s” is sent: it counts once an instructor of this course has verified it.",
                title=entry.title), "success")
        return redirect(url_for("record.home", launch=ctx.token))
    return form_page("record/entry_submit.html")


def send_evidence(entry):
    """The entry's evidence file: images shown in the page, anything else downloaded (never rendered)."""
    found = evidence_data(entry.evidence_id) if entry.evidence_id else None
    if found is None:
        abort(404)
    content_type, filename, data = found
    disposition = "inline" if is_image(content_type) else "attachment"
    response = Response(data, mimetype=content_type)
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/evidence/<id:entry_id>")
@requires_launch()
def evidence(entry_id):
    """For the learner whose entry it is, or the staff of the course it was submitted in."""
    ctx = g.launch
    entry = db.session.get(ExternalEntry, record_id(entry_id))
    if entry is None or not (entry.user_id == ctx.user.id or (ctx.is_staff and entry.course_id == ctx.course.id)):
        abort(404)
    return send_evidence(entry)


def my_entries(user_id):
    """For the learner's page: their entries from outside the tool, with status."""
    return services.learner_entries(user_id)


EVENT_LABELS = {"submitted": _l("submitted"), "added": _l("added"), "accepted": _l("accepted"),
                "rejected": _l("rejected"), "revoked": _l("acceptance withdrawn")}


def history(entry_id):
    """The entry's audit trail for the staff's list: [(what, who, when)]."""
    rows = []
    for event in services.events(entry_id):
        if event.actor_admin:
            who = _("admin %(name)s", name=event.actor_admin)
        else:
            who = (event.actor.name or event.actor.sub) if event.actor is not None else ""
        rows.append((EVENT_LABELS.get(event.action, event.action), who, event.at))
    return rows


TEMPLATE_GLOBALS = {"record_entry_history": history, "record_external_entries": my_entries,
                    "record_category_label": category_label, "record_jp": display_jp}
