"""Every text of the feedback pages that is not in a template: the names of the item types, the 1–4 preset's points,
answer problems, refusals and audit actions (codes → messages with params), all in the gettext catalogue."""
from flask_babel import lazy_gettext as _l

from ..formats import format_number

TYPE_LABELS = {
    "scale14": _l("Scale 1–4 (Poor … Very good)"),
    "likert": _l("Likert scale (4, 5 or 7 points)"),
    "person_rating": _l("Rating per facilitator (1–4)"),
    "single": _l("One choice"),
    "multiple": _l("Several choices"),
    "dropdown": _l("Drop-down list"),
    "numeric": _l("Number"),
    "date": _l("Date"),
    "nps": _l("Recommendation 0–10 (NPS)"),
    "short_text": _l("Short text"),
    "long_text": _l("Long text"),
    "info": _l("Information (no answer)"),
}

# The 1–4 preset used by training centres: Kurang / Cukup / Baik / Sangat Baik.
SCALE14_LABELS = (_l("Poor"), _l("Fair"), _l("Good"), _l("Very good"))
NOT_APPLICABLE = _l("Not applicable")
NPS_ENDS = (_l("Not at all likely"), _l("Extremely likely"))

PROBLEMS = {
    "required": _l("This question needs an answer."),
    "not_an_option": _l("Choose one of the answers offered."),
    "not_a_number": _l("Write a number, such as 12 or 12,5."),
    "below_min": _l("The number must be at least %(min)s."),
    "above_max": _l("The number must be at most %(max)s."),
    "not_a_date": _l("Write a date (day, month and year)."),
    "too_long": _l("The text is too long: %(have)s characters, at most %(max)s."),
}

REFUSALS = {
    # settings
    "jp_range": _l("Planned JP must be a whole number of hours of lessons from %(min)s to %(max)s."),
    "open_invalid": _l("The opening time is not a date and time."),
    "close_invalid": _l("The closing time is not a date and time."),
    "close_before_open": _l("The form must close after it opens."),
    "template_unknown": _l("Choose one of the templates."),
    "mode_locked": _l("Someone has already answered: the form stays named or anonymous as it is."),
    "too_many_persons": _l("At most %(max)s facilitators."),
    # items
    "type_unknown": _l("Choose the type of the item."),
    "type_locked": _l("This item has answers: its type cannot change. Hide it and add a new item instead."),
    "options_locked": _l("This item has answers: its options can be renamed or added, not removed."),
    "points_locked": _l("This item has answers: its number of points cannot change."),
    "text_missing": _l("Write the question (in Indonesian at least)."),
    "text_too_long": _l("The text is too long: at most %(max)s characters."),
    "page_range": _l("The page must be a whole number from 1 to %(max)s."),
    "label_missing": _l("Each line needs its Indonesian text before the “|”."),
    "too_many_options": _l("At most %(max)s lines."),
    "options_missing": _l("Write the options, one per line."),
    "options_duplicate": _l("Two options are the same."),
    "likert_points": _l("A Likert scale has %(choices)s points."),
    "likert_labels": _l("Write one label per point (%(points)s lines), or none."),
    "bound_not_a_number": _l("The lowest and highest values must be numbers."),
    "bounds_reversed": _l("The lowest value must not be above the highest."),
    "length_range": _l("The length limit must be a whole number from 1 to %(max)s characters."),
    "condition_one_source": _l("A condition looks at one question only: tick answers of one question."),
    "condition_source": _l("The condition must look at another question of this form."),
    "condition_source_type": _l("A condition can only look at a choice or a scale question."),
    "condition_values": _l("Tick at least one answer of that question."),
    "condition_cycle": _l("These conditions go round in a circle: an item would wait for itself."),
    "condition_broken": _l("Item %(position)s shows only for an answer this change removes: change its condition "
                           "first."),
    "order_stale": _l("The items changed in the meantime: the page is shown again, try once more."),
    "item_answered": _l("This item has answers: it can be hidden, not deleted."),
    "item_is_condition": _l("Another item's condition looks at this item: change that condition first."),
    # answering
    "not_open": _l("This form is not open yet."),
    "closed": _l("This form is closed."),
    "already_answered": _l("You have already answered this form."),
}

ACTIONS = {
    "created": _l("created the form"),
    "settings_changed": _l("changed the settings"),
    "persons_changed": _l("changed the list of facilitators"),
    "item_added": _l("added an item"),
    "item_changed": _l("changed an item"),
    "item_moved": _l("moved an item"),
    "items_reordered": _l("reordered a page"),
    "item_hidden": _l("hid an item"),
    "item_shown": _l("showed an item again"),
    "item_deleted": _l("deleted an item"),
}


def _shown(params):
    return {k: format_number(v) if not isinstance(v, str | bool) and v is not None else v for k, v in params.items()}


def refusal(code, params=None):
    text = REFUSALS.get(code)
    if text is None:
        return code
    try:
        return str(text) % _shown(dict(params or {}))
    except (KeyError, TypeError, ValueError):
        return str(text)


def problem_text(problem):
    text = PROBLEMS.get(problem.code)
    if text is None:
        return problem.code
    try:
        return str(text) % _shown(dict(problem.params))
    except (KeyError, TypeError, ValueError):
        return str(text)


def type_name(type_):
    return str(TYPE_LABELS.get(type_, type_))
