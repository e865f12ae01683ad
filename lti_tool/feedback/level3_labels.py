"""The texts of the level-3 follow-up (invitations, schedule, the standalone answer page, the gap), English in the
code and Indonesian in the catalogue. A refusal of this part is looked up here first, then in ``labels``."""
from flask_babel import lazy_gettext as _l

from . import labels

REFUSALS = {
    "email_invalid": _l("The email address is not valid."),
    "email_taken": _l("%(email)s is already invited."),
    "user_taken": _l("%(name)s is already invited."),
    "invitee_name_missing": _l("Give the person's name."),
    "invitee_name_too_long": _l("The name is too long (at most %(max)s characters)."),
    "unit_missing": _l("Give the institution or work unit."),
    "unit_too_long": _l("The institution or work unit is too long (at most %(max)s characters)."),
    "invitee_unknown": _l("This person is not invited to this form."),
    "invitee_revoked": _l("The links of %(name)s are revoked."),
    "invitee_answered": _l("%(name)s has already answered this wave."),
    "choose_members": _l("Tick at least one member of the course."),
    "too_many_members": _l("At most %(max)s people at a time."),
    "roster_unavailable": _l("The course's member list (from Moodle) is not available right now."),
    "not_in_course": _l("Someone ticked is not a member of this course."),
    "nobody_waiting": _l("Nobody is waiting to answer: everyone with a working link has answered."),
    "waves_invalid": _l("Give the waves as months after the course's end, separated by commas (e.g. 3, 6, 12): at "
                        "most %(max)s waves, each from 1 to %(months)s months."),
    "course_end_invalid": _l("The course's end date is not a valid date."),
    "link_days_range": _l("A link works from %(min)s to %(max)s days."),
}

STATUS = {
    "not_invited": _l("not invited yet"),
    "waiting": _l("invited, not answered"),
    "emailed": _l("invited by email, not answered"),
    "answered": _l("answered"),
    "expired": _l("link expired"),
    "revoked": _l("revoked"),
}

ROLE_NAMES = {"alumnus": _l("Alumnus"), "supervisor": _l("Direct supervisor")}

# The standalone page's refusals: (title, what the reader can do)
CLOSED_LINKS = {
    "unknown": (_l("This link is not valid"),
                _l("Check that you opened the whole link from your invitation (links sent by chat are sometimes cut). "
                   "If it still does not work, ask the training centre for a new link.")),
    "revoked": (_l("This link was revoked"),
                _l("The training centre has withdrawn this link. If you think this is a mistake, contact them: they "
                   "can send you a new one.")),
    "expired": (_l("This link has expired"),
                _l("The time to answer with this link is over. If you still want to answer, ask the training centre "
                   "for a new link.")),
    "answered": (_l("You have already answered"),
                 _l("Your answers were received. Thank you! Each link can be used once.")),
    "not_open": (_l("This form is not open yet"), _l("Try the link again later.")),
    "closed": (_l("This form is closed"), _l("Answers are no longer accepted.")),
    "limited": (_l("Too many requests"),
                _l("This page was opened too often from your network within a minute. Wait a minute, then reload "
                   "the page.")),
}

ACTIONS = {
    "invitee_added": _l("added a person to invite"),
    "invitee_revoked": _l("revoked a person's links"),
    "invitation_sent": _l("gave a personal link"),
    "reminders_sent": _l("sent reminders"),
    "schedule_changed": _l("changed the level-3 schedule"),
}


def refusal(code, params=None):
    if code in REFUSALS:
        try:
            return str(REFUSALS[code]) % dict(params or {})
        except (KeyError, TypeError, ValueError):
            return str(REFUSALS[code])
    return labels.refusal(code, params)
