"""The form's settings (named or anonymous — locked once someone has answered —, changes allowed, open and close,
grade, planned JP), its list of facilitators, and the builder's audit trail (routes on the ``feedback`` blueprint of
``pages``). Staff only."""
from flask import flash, g, request
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..activities.jp import apply_category
from ..activities.kinds import KindError
from ..clock import zone_abbreviation
from ..extensions import db
from .form_templates import TEMPLATES
from .labels import ACTIONS
from .level3_labels import ACTIONS as LEVEL3_ACTIONS
from .pages import bp, current_form, go, page, refuse
from .services import FeedbackRefused, audit
from .services.forms import MAX_JP, update_persons, update_settings
from .services.items import answered_persons
from .services.report_people import facilitator_choices


def _settings_page(form, status=200):
    return page("feedback/settings.html", form, status=status, trail=audit.trail(form.activity_id),
                actions=ACTIONS | LEVEL3_ACTIONS,
                form_template=TEMPLATES.get(form.template_key), answered_persons=answered_persons(form),
                zone=zone_abbreviation(), max_jp=MAX_JP, accounts=facilitator_choices(g.launch.course))


@bp.get("/settings")
@requires_activity("feedback", staff=True)
def settings():
    return _settings_page(current_form())


@bp.post("/settings")
@requires_activity("feedback", staff=True)
def save_settings():
    form = current_form()
    try:
        apply_category(g.activity, request.form, "feedback")  # the learning record's category (core field)
        update_settings(form, g.activity, request.form, g.launch.user)
    except FeedbackRefused as exc:
        db.session.rollback()
        refuse(exc)
        return _settings_page(form, status=400)
    except KindError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _settings_page(form, status=400)
    flash(_("The settings are saved."), "success")
    return go("feedback.settings")


@bp.post("/persons")
@requires_activity("feedback", staff=True)
def save_persons():
    form = current_form()
    try:
        accounts = facilitator_choices(g.launch.course)
        update_persons(form, request.form, answered_persons(form), g.launch.user,
                       accounts=None if accounts is None else {sub for sub, _label in accounts})
    except FeedbackRefused as exc:
        db.session.rollback()
        refuse(exc)
        return _settings_page(form, status=400)
    flash(_("The list of facilitators is saved."), "success")
    return go("feedback.settings", _anchor="persons")
