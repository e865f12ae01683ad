"""Group discussions on the feedback activity (routes on the ``feedback`` blueprint of ``pages``): record one (day,
participants, points raised), tag its points like open answers, delete it; each point opens a finding."""
from flask import flash, g, request
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..extensions import db
from ..ids import record_id
from . import loop_labels
from .domain.open_answers import DEFAULT_TAGS
from .pages import bp, current_form, go, page
from .services import FeedbackRefused
from .services.discussions import (
    MAX_POINTS,
    add_discussion,
    delete_discussion,
    discussions_of,
    point_tag_counts,
    tag_point,
    untag_point,
)


def _say(exc):
    db.session.rollback()
    flash(loop_labels.refusal(exc.code, exc.params), "error")


def _page(form, status=200, values=None):
    rows = discussions_of(form)
    return page("feedback/discussions.html", form, status=status, discussions=rows, tag_counts=point_tag_counts(rows),
                default_tags=DEFAULT_TAGS, values=values or {}, max_points=MAX_POINTS)


@bp.get("/discussions")
@requires_activity("feedback", staff=True)
def discussions():
    return _page(current_form())


@bp.post("/discussions")
@requires_activity("feedback", staff=True)
def add():
    form = current_form()
    try:
        add_discussion(form, request.form, g.launch.user)
    except FeedbackRefused as exc:
        _say(exc)
        return _page(form, status=400, values=request.form)
    flash(_("The discussion is recorded."), "success")
    return go("feedback.discussions")


@bp.post("/discussions/delete")
@requires_activity("feedback", staff=True)
def delete():
    try:
        delete_discussion(current_form(), record_id(request.form.get("discussion")))
    except FeedbackRefused as exc:
        _say(exc)
    else:
        flash(_("The discussion is deleted."), "success")
    return go("feedback.discussions")


@bp.post("/discussions/tags")
@requires_activity("feedback", staff=True)
def tag_discussion_point():
    form, point = current_form(), record_id(request.form.get("point"))
    try:
        if request.form.get("action") == "remove":
            untag_point(form, point, request.form.get("tag"))
        else:
            tag_point(form, point, request.form.get("tag"))
    except FeedbackRefused as exc:
        _say(exc)
    return go("feedback.discussions", _anchor=f"p-{point or ''}")
