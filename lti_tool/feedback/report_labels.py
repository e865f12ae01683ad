"""Every text of the feedback report (``report_views``, ``services/report*``) that is not in a template: the labels of
points and options, why a figure is hidden, the index bands, refusals, the reminder (always Indonesian), and the
report's audit actions — added to ``labels.ACTIONS`` when this module is imported (``init_app`` does), so the
settings page's audit trail names them."""
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..formats import format_date, format_datetime, format_number, format_percent, language
from .domain.stats import percent
from .labels import ACTIONS, NOT_APPLICABLE, SCALE14_LABELS
from .labels import refusal as form_refusal

REASONS = {
    "small": _l("hidden: fewer answers than the minimum group size"),
    "complementary": _l("hidden so that a small group cannot be worked out from the total"),
    "exposed": _l("withheld: with these group sizes no breakdown can be shown without exposing someone"),
}
WITHHELD = {
    "no_responses": _l("Nobody has answered yet."),
    "too_few": _l("Only %(n)s response(s), fewer than the minimum group size of %(minimum)s: no result is shown, so "
                  "that no answer can be traced to a person."),
    "anonymous_open": _l("This form is anonymous: its results are shown after it closes, on %(when)s."),
    "anonymous_open_no_close": _l("This form is anonymous: its results are shown after it closes. It has no closing "
                                  "time yet: set one on the Settings page."),
}
BANDS = {"sangat_baik": _l("Very good"), "baik": _l("Good"), "kurang_baik": _l("Not quite good"),
         "tidak_baik": _l("Not good")}
REPORT_REFUSALS = {
    "minimum_range": _l("The minimum group size must be a whole number from %(min)s to %(max)s."),
    "target_range": _l("The target must be a number from 0 to 100, such as 80 or 82,5, or empty."),
    "not_named": _l("Reminders are sent from the report of a named form only."),
    "nobody_chosen": _l("Tick at least one learner who has not answered."),
}
REPORT_ACTIONS = {
    "report_settings_changed": _l("changed the report settings"),
    "reminders_sent": _l("sent reminders"),
}
ACTIONS.update(REPORT_ACTIONS)


def report_refusal(code, params=None):
    text = REPORT_REFUSALS.get(code)
    if text is None:
        return form_refusal(code, params)
    try:
        return str(text) % dict(params or {})
    except (KeyError, TypeError, ValueError):
        return str(text)


def in_language(text_id, text_en):
    return text_en if language() == "en" and text_en else text_id


def point_label(item, value):
    """A point of a scale item in words: ``3 · Good``, a Likert point with its label, NPS ``9``; None: n/a."""
    if value is None:
        return str(NOT_APPLICABLE)
    if item.type in ("scale14", "person_rating") and isinstance(value, int) and 1 <= value <= 4:
        return f"{value} · {SCALE14_LABELS[value - 1]}"
    if item.type == "likert" and isinstance(value, int):
        names = [in_language(label.get("id", ""), label.get("en", "")) for label in
                 (item.config or {}).get("labels") or []]
        if 1 <= value <= len(names) and names[value - 1]:
            return f"{value} · {names[value - 1]}"
    return str(value)


def option_label(item, value):
    """A choice's stored value in words (the option's label), else the value itself."""
    for option in item.options or []:
        if option.get("value") == value:
            return in_language(option.get("id", ""), option.get("en", ""))
    return str(value)


def withheld_text(code, report):
    if code == "too_few":
        return str(WITHHELD["too_few"]) % {"n": report.responses, "minimum": report.minimum}
    if code == "anonymous_open":
        if report.close_at is None:
            return str(WITHHELD["anonymous_open_no_close"])
        return str(WITHHELD["anonymous_open"]) % {"when": format_datetime(report.close_at)}
    return str(WITHHELD.get(code, code))


def band_name(band):
    return "" if band is None else str(BANDS.get(band.code, band.code))


REMINDER_SUBJECT = _l("Reminder: the feedback form “%(title)s”")
REMINDER_BODY = _l("Dear %(name)s,\n\nplease fill in the feedback form “%(title)s” of the course %(course)s in Moodle"
                   "%(until)s. Your answers help us improve the training.\n\nThank you.")
REMINDER_UNTIL = _l(" before %(when)s")
PARTICIPANT = _l("participant")


def reminder(name, title, course, close_at):
    """(subject, body) of a reminder, in Indonesian whatever the reader's language (learners read Indonesian)."""
    with force_locale("id"):
        until = str(REMINDER_UNTIL) % {"when": format_date(close_at, "id", long=True)} if close_at else ""
        subject = str(REMINDER_SUBJECT) % {"title": title}
        body = str(REMINDER_BODY) % {"name": name or str(PARTICIPANT), "title": title, "course": course,
                                     "until": until}
    return subject, body


def share(fraction, places=0):
    """A share (Fraction) as a percentage for the page: ``67%``, ``12,5%``; "–" without one."""
    return "–" if fraction is None else format_percent(percent(fraction, places))


def index_text(result):
    """An index as the page prints it: ``82,50`` (two decimals, as the guideline); "–" without answers."""
    return "–" if result is None or result.index is None else format_number(result.index, places=2)


def rate_text(rate):
    return "–" if rate is None or rate.percent is None else format_percent(rate.percent)
