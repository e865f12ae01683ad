"""Every text of revision requests: states, where a finding came from, refusals (codes → messages)."""
from flask_babel import lazy_gettext as _l

STATES = {"open": _l("open"), "addressed": _l("addressed"), "declined": _l("declined")}

SOURCES = {
    "item": _l("Item of the form"),
    "answer": _l("Open answers"),
    "point": _l("Group discussion"),
    "finding": _l("Finding"),
}

REFUSALS = {
    "target_unknown": _l("Choose a module of this course."),
    "source_unknown": _l("That activity is not in this course."),
    "change_empty": _l("Say what should change."),
    "change_too_long": _l("What should change is too long: at most %(max)s characters."),
    "figure_too_long": _l("The figure is too long: at most %(max)s characters."),
    "too_many_quotes": _l("At most %(max)s quotes."),
    "quote_too_long": _l("A quote is too long: at most %(max)s characters."),
    "answer_unknown": _l("Choose “addressed” or “declined”."),
    "decline_reason_required": _l("Say why the request is declined."),
    "answer_too_long": _l("The answer is too long: at most %(max)s characters."),
    "version_required": _l("Give the version that addresses the request."),
    "request_unknown": _l("That revision request is not on this module."),
    "version_not_after": _l("Version %(number)s was frozen before the request was opened, so it cannot address it: "
                            "give the next version (%(next)s) or one frozen since."),
}


def refusal(code, params=None):
    message = REFUSALS.get(code)
    return str(message) % (params or {}) if message is not None else code


def state_name(state):
    return str(STATES.get(state, state))


def source_name(kind):
    return str(SOURCES.get(kind, kind))
