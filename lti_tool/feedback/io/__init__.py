"""Files out of a feedback form: its answers as CSV (``answers_csv``), XLSX (``answers_xlsx``) and a PDF report per
run (``answers_pdf``), all from ``services.exports.ExportData``; the texts they share are here (the question, the
facilitator, an answer in words, in the reader's language)."""
import re

from flask_babel import gettext as _

from ..pages import item_text, option_label, value_label

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean(value):
    """Text without control characters (a tab or line break becomes a space)."""
    text = "" if value is None else str(value)
    return _CONTROL.sub("", re.sub(r"[\t\r\n]+", " ", text))


def column_title(item, person):
    """``Penguasaan materi — Dr. Sari`` for a rating per person, else the question."""
    text = clean(item_text(item))
    return f"{text} — {clean(person['name'])}" if person else text


def choice_label(item, value):
    """A choice's option or a scale's point in words (an unknown value as it is)."""
    if value is None:
        return _("not applicable")
    if item.type in ("single", "multiple", "dropdown"):
        return clean(next((option_label(o) for o in item.options or [] if o["value"] == value), value))
    return clean(value_label(item, str(value)))


def raw_value(item, values):
    """The raw answer of one response to one column: a number (scales, NPS, numeric) as a number, else text."""
    if not values:
        return None
    if item.type in ("scale14", "likert", "person_rating", "nps", "numeric"):
        value = values[0]
        return _("not applicable") if value == "na" else value
    if item.type in ("single", "multiple", "dropdown"):
        return ", ".join(choice_label(item, v) for v in values)
    return clean(values[0])
