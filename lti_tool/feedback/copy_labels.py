"""Texts of saving a form as a template, copying it to another course, comparing runs and exporting answers:
refusal codes and audit actions (in the gettext catalogue). ``refusal`` falls back to ``labels.refusal``."""
from flask_babel import lazy_gettext as _l

from . import labels

REFUSALS = {
    "template_name_missing": _l("Give the template a name."),
    "template_empty": _l("The form has no questions to save as a template."),
    "copy_title_missing": _l("Give the new activity a title."),
    "copy_target_answered": _l("Someone has answered that form in the meantime: its items are no longer replaced. "
                               "Choose another form or a new activity."),
    "export_not_closed": _l("The answers of an anonymous form can be exported only after the form closes."),
    "export_too_few": _l("Fewer than %(min)s people answered this anonymous form: its answers are not exported, so "
                         "that nobody's answers can be picked out."),
}

ACTIONS = {
    "saved_as_template": _l("saved the form as a template"),
    "copied_from": _l("copied the items from another course's form"),
    "copied_to": _l("copied the form to another course"),
}


def refusal(code, params=None):
    text = REFUSALS.get(code)
    if text is None:
        return labels.refusal(code, params)
    try:
        return str(text) % dict(params or {})
    except (KeyError, TypeError, ValueError):
        return str(text)
