"""Every text of the follow-up sessions that is decided in Python (the templates hold the rest)."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..record.views import category_label  # noqa: F401  (the record's names of the categories)

REFUSALS = {
    "starts_invalid": _l("Give the date and time the session starts."),
    "ends_invalid": _l("Give the date and time the session ends."),
    "ends_before_starts": _l("The session must end after it starts."),
    "url": _l("The online link must be a web address starting with http:// or https://."),
    "where": _l("Give a place or an online link."),
    "capacity": _l("The capacity is a whole number from 1 to 10000, or blank for no limit."),
    "jp_range": _l("The planned JP is a number from 0 to 100 (at most two decimals)."),
    "category": _l("Choose a category of competency development from the list."),
    "over": _l("This session has ended: signing up is closed."),
    "name": _l("Give the alumnus's name."),
    "email": _l("That email address cannot be used."),
}

CODE_OUTCOMES = {
    "attended": ("success", _l("Your attendance is recorded. Thank you!")),
    "already": ("info", _l("Your attendance was already recorded.")),
    "wrong": ("error", _l("The code is wrong or has expired. Look at the code on the screen now and enter it again.")),
    "limited": ("error", _l("Too many tries: wait a minute, then enter the code shown on the screen.")),
    "full": ("error", _l("The session is full and you are not signed up: ask the instructor to mark your "
                         "attendance.")),
    "over": ("error", _l("This session has ended: signing up is closed.")),
}

def refusal(code):
    return str(REFUSALS.get(code, code))


def signup_message(outcome, position=None):
    """The learner's (or alumnus's) message after signing up."""
    if outcome == "confirmed":
        return "success", _("You are signed up for this session.")
    if outcome == "waiting":
        return "warning", _("The session is full: you are number %(n)s on the waiting list. You get a seat when "
                            "someone cancels.", n=position)
    return "info", _("You are signed up already.")


def cancel_message(outcome):
    if outcome == "cancelled":
        return "success", _("Your sign-up is cancelled.")
    if outcome == "attended":
        return "error", _("Your attendance is recorded: the sign-up cannot be cancelled any more.")
    return "info", _("You were not signed up.")


def status_text(row, position=None):
    """One person's state in a word or two (the course overview, the next steps)."""
    if row is None:
        return _("not signed up")
    if row.attended_at is not None:
        return _("attended")
    if not row.confirmed:
        return _("waiting list no. %(n)s", n=position)
    return _("signed up")
