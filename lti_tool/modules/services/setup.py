"""A module comes with its activity (the deep-linking form's fields) and its settings change on its home page."""
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...lti.models import LtiUser
from ..models import Module, ModuleDraft
from . import audit
from . import settings as module_settings

FORM_MARKER = "modules_form"  # present when the create form was shown (else: defaults, e.g. an activity made in code)


def create_module(activity, form):
    """The module of a new activity, from the create form's ``modules_*`` fields (ModuleRefused when one is wrong).
    Runs in the transaction that creates the activity: nothing is committed here."""
    if FORM_MARKER in form:
        values = module_settings.from_form(form)
        activity.graded = form.get("modules_graded") == "1"
    else:
        values = module_settings.default_settings()
    creator = db.session.get(LtiUser, activity.created_by) if activity.created_by else None
    db.session.add(Module(activity_id=activity.id, settings=values.to_json()))
    db.session.flush()  # the module row first: the draft and the audit event point at it
    db.session.add(ModuleDraft(module_id=activity.id, markdown="", revision=0))
    db.session.flush()
    audit.record(activity.id, creator, "created", jp=values.jp, graded=bool(activity.graded))
    return values


def module_for(activity):
    """The activity's module; made with the default settings when missing (another process may make it at once)."""
    module = db.session.get(Module, activity.id)
    if module is not None:
        return module
    try:
        create_module(activity, {})
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    return db.session.get(Module, activity.id)


def settings_of(module):
    return module_settings.load(module.settings)


def update_settings(module, form, user):
    """New settings from the home page's form (ModuleRefused when a field is wrong; nothing is changed then)."""
    before = settings_of(module)
    values = module_settings.from_form(form, current=before)
    if values.to_json() == before.to_json():
        return values
    module.settings = values.to_json()
    audit.record(module.activity_id, user, "settings_changed", jp=values.jp,
                 groups=[g["id"] for g in values.groups], criteria=[c["id"] for c in values.criteria])
    db.session.commit()
    return values
