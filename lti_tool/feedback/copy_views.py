"""Saving a form as a template of the platform, and copying it to another course after a confirmation (routes on
the ``feedback`` blueprint of ``pages``; staff only). Courses and forms from the browser are looked up only among
``services.copying.targets`` (the same platform, courses where the user is known as an instructor): else 404."""
from flask import abort, flash, g, request
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..extensions import db
from ..ids import record_id
from .copy_labels import refusal
from .pages import bp, current_form, go, page
from .services import FeedbackRefused, copying
from .services.items import item_rows
from .services.templates_own import own_templates


def _issuer():
    return g.launch.course.issuer


def _copy_page(form, status=200, **values):
    return page("feedback/copy.html", form, status=status, own=own_templates(_issuer()),
                targets=copying.targets(form, g.launch.user, _issuer()),
                items=len([r for r in item_rows(form) if not r.hidden]), **values)


@bp.get("/copy")
@requires_activity("feedback", staff=True)
def copy_home():
    return _copy_page(current_form())


@bp.post("/template")
@requires_activity("feedback", staff=True)
def save_template():
    from .services.templates_own import save_as_template

    form = current_form()
    try:
        template = save_as_template(form, g.launch.user, _issuer(), request.form.get("name"),
                                    request.form.get("description"))
    except FeedbackRefused as exc:
        db.session.rollback()
        flash(refusal(exc.code, exc.params), "error")
        return _copy_page(form, status=400)
    flash(_("Saved as the template “%(name)s”, version %(n)s. Instructors of this training centre can start new "
            "forms from it.", name=template.name, n=template.version), "success")
    return go("feedback.copy_home")


def _target(form, values):
    """(Target, activity id or None) named by ``values["to"]`` (``<course id>:<activity id>`` or
    ``<course id>:new``), or 404."""
    course, _colon, wanted = (values.get("to") or "").partition(":")
    activity_id = None if wanted == "new" else record_id(wanted)
    course_id = record_id(course)
    found = None
    if course_id is not None and (wanted == "new" or activity_id is not None):
        found = copying.target_of(form, g.launch.user, _issuer(), course_id, activity_id)
    if found is None:
        abort(404)
    return found


@bp.get("/copy/confirm")
@requires_activity("feedback", staff=True)
def copy_confirm():
    form = current_form()
    target, activity_id = _target(form, request.args)
    title = " ".join((request.args.get("title") or g.activity.title).split())[: copying.MAX_TITLE]
    replaced = dict(target.activities).get(activity_id)
    return page("feedback/copy_confirm.html", form, target=target, target_activity=activity_id, replaced=replaced,
                replaced_items=copying.item_count(activity_id) if activity_id else 0, title=title,
                items=len([r for r in item_rows(form) if not r.hidden]))


@bp.post("/copy")
@requires_activity("feedback", staff=True)
def copy_form():
    form = current_form()
    target, activity_id = _target(form, request.form)
    try:
        copying.copy_form(form, g.activity, g.launch.user, target, activity_id, request.form.get("title"))
    except FeedbackRefused as exc:
        db.session.rollback()
        flash(refusal(exc.code, exc.params), "error")
        return _copy_page(form, status=409 if exc.code == "copy_target_answered" else 400)
    flash(_("The form is copied to “%(course)s” (no answers are copied). Open it from that course to set its "
            "dates and add it to the course page.", course=target.course), "success")
    return go("feedback.copy_home")
