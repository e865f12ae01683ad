"""The course's staff and entries from outside the tool: add training a learner of the course did elsewhere
(accepted at once), verify what learners submitted in this course (accept, or reject with a reason), withdraw an
acceptance. Routes on the record's blueprint; every entry id is looked up within the launch's course, every learner
id within the course's known learners."""
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..activities.jp import category_choices, category_label
from ..extensions import db
from ..lti.context import requires_launch
from . import entries_people as people
from . import entries_services as services
from .entries_evidence import EvidenceRefused, read_upload
from .entries_views import warn_duplicates
from .views import bp

DECISIONS = {"accept": services.accept, "reject": services.reject, "revoke": services.revoke}


def decide(entry, action, reason, **actor):
    """Accept, reject or revoke ``entry`` for the staff's pages; flashes the outcome."""
    step = DECISIONS.get(action)
    if step is None:
        abort(400)
    try:
        if action == "accept":
            step(entry, **actor)
        else:
            step(entry, reason, **actor)
    except services.EntryRefused as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return
    done = {"accept": _("“%(title)s” is accepted and counts in the learner's record."),
            "reject": _("“%(title)s” is rejected; the learner sees the reason."),
            "revoke": _("The acceptance of “%(title)s” is withdrawn; the record shows the reversal.")}
    flash(done[action] % {"title": entry.title}, "success")


def read_entry(form, files):
    """(fields, evidence or None) of a staff's entry form; raises EntryRefused or EvidenceRefused."""
    return services.parse_fields(form), read_upload(files.get("evidence"))


def _page(status=200):
    ctx = g.launch
    entries = people.course_entries(ctx.course.id)
    return render_template("record/entries_course.html", ctx=ctx, entries=entries,
                           duplicates={e.id: services.duplicates_of(e) for e in entries if e.status == "pending"},
                           learners=people.course_learners(ctx.course), categories=category_choices()[1],
                           category_label=category_label, values=request.form), status


@bp.get("/course/entries")
@requires_launch(staff=True)
def course_entries():
    return _page()


@bp.post("/course/entries")
@requires_launch(staff=True)
def add_course_entry():
    """Training a learner of this course did elsewhere, added by an instructor: it counts at once."""
    ctx = g.launch
    learner = people.course_learner(ctx.course, request.form.get("learner"))
    if learner is None:
        flash(_("Choose a learner of this course."), "error")
        return _page(400)
    try:
        fields, evidence = read_entry(request.form, request.files)
    except (services.EntryRefused, EvidenceRefused) as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _page(400)
    entry, found = services.create(learner, ctx.course, fields, evidence, by_staff=True, actor_user=ctx.user)
    warn_duplicates(found)
    flash(_("“%(title)s” is added to the record of %(name)s.", title=entry.title, name=learner.name or learner.sub),
          "success")
    return redirect(url_for("record.course_entries", launch=ctx.token))


@bp.post("/course/entries/<id:entry_id>")
@requires_launch(staff=True)
def decide_course_entry(entry_id):
    ctx = g.launch
    entry = people.entry_of_course(entry_id, ctx.course.id)
    if entry is None:
        abort(404)
    decide(entry, request.form.get("action"), request.form.get("reason"), actor_user=ctx.user)
    return redirect(url_for("record.course_entries", launch=ctx.token))
