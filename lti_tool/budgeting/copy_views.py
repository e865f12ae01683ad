"""Saving an exercise as a template of the platform, and copying it to another course of the same platform after
a confirmation (routes on the ``budgeting`` blueprint of ``pages``). Staff of this activity only; the target course
from the browser is looked up among the user's own courses of this platform (``services.copies``)."""
from flask import abort, flash, g, render_template, request
from flask_babel import gettext as _

from ..activities.access import requires_activity
from .pages import bp, go, refuse
from .services import SubmissionRefused, copies
from .services.exercises import exercise_for


def _issuer():
    return g.launch.course.issuer


@bp.post("/template")
@requires_activity("budgeting", staff=True)
def save_template():
    try:
        template = copies.save_as_template(exercise_for(g.activity), g.launch.user.id, _issuer(),
                                           request.form.get("name"))
    except SubmissionRefused as exc:
        refuse(exc)
    else:
        flash(_("Saved as the template “%(name)s” of this platform.", name=template.name), "success")
    return go("budgeting.manage")


@bp.post("/copy")
@requires_activity("budgeting", staff=True)
def copy_exercise():
    """First post: the confirmation page; the confirmed post makes the copy."""
    target = copies.target_of(g.activity, g.launch.user, _issuer(), request.form.get("course", type=int))
    if target is None:
        abort(404)
    title = " ".join((request.form.get("title") or g.activity.title).split())
    if request.form.get("confirmed") != "1":
        return render_template("budgeting/copy_confirm.html", ctx=g.launch, activity=g.activity, target=target,
                               title=title)
    try:
        copies.copy_to(exercise_for(g.activity), g.activity, g.launch.user, target, title)
    except SubmissionRefused as exc:
        refuse(exc)
    else:
        flash(_("The exercise is copied to “%(course)s”: add it there from Moodle's activity chooser.",
                course=target.course), "success")
    return go("budgeting.manage")
