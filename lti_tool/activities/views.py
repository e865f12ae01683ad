"""Where a launch lands: deep-linking picker, link binding, and dispatch to the activity's kind."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..ids import record_id
from ..lti.context import requires_launch, set_up_in_deep_linking
from ..lti.launch import DEEP_LINKING_REQUEST
from ..lti.refusal import Refused
from ..lti.urls import external_url
from . import overview, services
from .deep_linking import response_jwt
from .kinds import all_kinds, get_kind

bp = Blueprint("activities", __name__, url_prefix="/activities")


def _go(endpoint, **values):
    return redirect(url_for(endpoint, launch=g.launch.token, **values))


def _deep_linking_launch():
    """The current launch, which must come from Moodle's "Select content" dialog (a deep-linking request)."""
    if not g.launch.deep_linking:
        raise Refused("forbidden")
    return g.launch


@bp.get("/")
@requires_launch()
def entry():
    ctx = g.launch
    if ctx.message_type == DEEP_LINKING_REQUEST:
        if not ctx.is_staff:
            raise Refused("forbidden")
        return _go("activities.select")
    activity = ctx.link.activity if ctx.link else None
    if activity is not None:
        kind = get_kind(activity.kind)
        if kind is None:
            return render_template("activities/kind_missing.html", ctx=ctx, activity=activity), 503
        return _go(kind.instructor_endpoint if ctx.is_staff else kind.learner_endpoint)
    if ctx.is_staff and ctx.link is not None:
        return render_template(
            "activities/choose.html", ctx=ctx, activities=services.course_activities(ctx.course.id), kinds=all_kinds()
        )
    return render_template("activities/not_ready.html", ctx=ctx)


@bp.get("/select")
@requires_launch(staff=True)
def select():
    ctx = _deep_linking_launch()
    return render_template(
        "activities/select.html",
        ctx=ctx,
        activities=services.course_activities(ctx.course.id),
        kinds=all_kinds(),
        chosen=[record_id(value) for value in request.args.getlist("chosen")],
    )


@bp.post("/create")
@requires_launch(staff=True)
def create():
    ctx = g.launch
    try:
        activity = services.create_activity(
            ctx.course.id, ctx.user.id, request.form.get("kind"), request.form.get("title"),
            request.form.get("description"), form=request.form,
        )
    except services.ActivityError as exc:
        flash(exc.message if exc.reason == "form" else _("Give the activity a title and choose its kind."), "error")
        return _go("activities.select" if ctx.deep_linking else "activities.entry")
    flash(_("Activity “%(title)s” created.", title=activity.title), "success")
    if ctx.deep_linking:
        return _go("activities.select", chosen=activity.id)
    services.bind_link(ctx.link, activity)
    return _go("activities.entry")


@bp.post("/bind")
@requires_launch(staff=True)
def bind():
    ctx = g.launch
    activity = services.activity_in_course(request.form.get("activity"), ctx.course.id)
    if ctx.link is None or activity is None:
        abort(404)
    services.bind_link(ctx.link, activity)
    flash(_("This link now shows “%(title)s”.", title=activity.title), "success")
    return _go("activities.entry")


@bp.post("/setup")
@requires_launch(staff=True)
def setup():
    """From the deep-linking picker: open an activity's own set-up pages before adding it to the course."""
    ctx = _deep_linking_launch()
    activity = services.activity_in_course(request.form.get("setup"), ctx.course.id)
    kind = get_kind(activity.kind) if activity is not None else None
    if kind is None:
        abort(404)
    set_up_in_deep_linking(ctx.token, activity.id)
    return _go(kind.instructor_endpoint)


@bp.post("/deep-link")
@requires_launch(staff=True)
def deep_link():
    ctx = _deep_linking_launch()
    chosen = [services.activity_in_course(i, ctx.course.id) for i in request.form.getlist("activity")]
    chosen = [a for a in chosen if a is not None]
    if not chosen:
        flash(_("Choose at least one activity."), "error")
        return _go("activities.select")
    if not ctx.deep_linking["accept_multiple"]:
        chosen = chosen[:1]
    token = response_jwt(ctx.course, ctx.deep_linking, chosen, external_url("lti.launch"))
    return render_template(
        "activities/deep_link_return.html", return_url=ctx.deep_linking["deep_link_return_url"], jwt=token
    )


@bp.get("/overview")
@requires_launch(staff=True)
def course_overview():
    """Every learner of the course against every activity, in the words of each activity's kind."""
    ctx = g.launch
    linked = ctx.link.activity if ctx.link is not None else None
    if linked is not None and linked.course_id == ctx.course.id:
        g.activity = linked  # the staff navigation of the activity the instructor came from
    activities, rows, problem = overview.course_overview(ctx.course, refresh=bool(request.args.get("refresh")))
    return render_template("activities/overview.html", ctx=ctx, activities=activities, rows=rows,
                           roster_problem=problem, kinds=all_kinds(), run_lines=overview.run_lines(activities))
