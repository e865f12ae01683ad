"""The pages of the recommended next steps: the instructor's list of a course's follow-ups
(``/record/next-steps/``, staff of the launch's course), and the learner's one-click sign-up from their record page
(a POST naming an activity, used only when it is one of that learner's recommendations)."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..ids import record_id
from ..lti.context import requires_launch
from . import next_steps

bp = Blueprint("next_steps", __name__, url_prefix="/record/next-steps")


def _go(endpoint):
    return redirect(url_for(endpoint, launch=g.launch.token))


@bp.get("/")
@requires_launch(staff=True)
def manage():
    ctx = g.launch
    return render_template("record/next_steps.html", ctx=ctx, steps=next_steps.steps_of(ctx.course),
                           candidates=next_steps.candidates(ctx.course))


@bp.post("/")
@requires_launch(staff=True)
def add():
    activity = next_steps.candidate(g.launch.course, record_id(request.form.get("activity")))
    if activity is None:
        flash(_("Choose a follow-up activity from the list."), "error")
        return _go("next_steps.manage")
    next_steps.add(g.launch.course, activity, g.launch.user)
    flash(_("“%(title)s” is now a next step of this course.", title=activity.title), "success")
    return _go("next_steps.manage")


@bp.post("/remove")
@requires_launch(staff=True)
def remove():
    if not next_steps.remove(g.launch.course, record_id(request.form.get("step"))):
        abort(404)
    flash(_("The next step is removed."), "success")
    return _go("next_steps.manage")


@bp.post("/enrol")
@requires_launch()
def enrol():
    message = next_steps.enrol(g.launch.user, record_id(request.form.get("activity")))
    if message is None:
        flash(_("That activity is not one of your recommended next steps."), "error")
    else:
        flash(message, "info")
    return _go("record.home")


def recommendations():
    """For the record page: [(activity, course titles, the learner's state in it)] of the launch's user."""
    launch = getattr(g, "launch", None)
    if launch is None:
        return []
    return [(activity, courses, next_steps.status_of(activity, launch.user),
             next_steps.enrolled(activity, launch.user))
            for activity, courses in next_steps.recommended_for(launch.user)]


def init_app(app):
    app.register_blueprint(bp)
    app.add_template_global(recommendations, "record_next_steps")
