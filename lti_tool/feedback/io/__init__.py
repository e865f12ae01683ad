"""Files out of a feedback form: its answers as CSV (``answers_csv``), XLSX (``answers_xlsx``) and a PDF report per
run (``answers_pdf``), all from ``services.exports.ExportData`` (the report's figures per group, the raw answers);
the texts they share are here (the question, the facilitator, an answer in words, why a group is hidden, in the
reader's language)."""
import re

from flask_babel import gettext as _

from ..pages import item_text, option_label, value_label
from ..report_labels import REASONS

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean(value):
    """Text without control characters (a tab or line break becomes a space)."""
    text = "" if value is None else str(value)
    return _CONTROL.sub("", re.sub(r"[\t\r\n]+", " ", text))


def column_title(item, person):
    """``Penguasaan materi — Dr. Sari`` for a rating per person, else the question."""
    text = clean(item_text(item))
    return f"{text} — {clean(person['name'])}" if person else text


def entry_title(entry):
    """The title of one group of the report: the question, on a rating per person followed by the facilitator
    (``Penguasaan materi — Dr. Sari``) or by "all facilitators" for their overall row."""
    text = clean(entry.item.text)
    if entry.person is not None:
        return f"{text} — {clean(entry.person.name)}"
    return f"{text} — {_('All facilitators')}" if entry.overall else text


def hidden_text(group):
    """Why a group shows no figure (the report's words)."""
    return str(REASONS.get(group.reason, group.reason))


def share(count, group):
    """A count's share of the group's base as a number (0.6667, shown as a percentage), None without a base."""
    return count / group.n if group.n else None


def choice_label(item, value):
    """A choice's option or a scale's point in words (an unknown value as it is)."""
    if value is None:
        return _("not applicable")
    if item.type in ("single", "multiple", "dropdown"):
        return clean(next((option_label(o) for o in item.options or [] if o["value"] == value), value))
    return clean(value_label(item, str(value)))


def raw_value(item, values):
    """The raw answer of one response to one column: a number (scales, NPS, numeric) as a number, else text."""
    return raw_reader(item)(values)


def raw_reader(item):
    """A function giving ``raw_value(item, values)``, with the item's type and labels looked up once (it runs for
    every cell of the raw sheet)."""
    if item.type in ("scale14", "likert", "person_rating", "nps", "numeric"):
        not_applicable = _("not applicable")
        return lambda values: None if not values else (not_applicable if values[0] == "na" else values[0])
    if item.type in ("single", "multiple", "dropdown"):
        labels = {}

        def choices(values):
            if not values:
                return None
            for value in values:
                if value not in labels:
                    labels[value] = choice_label(item, value)
            return ", ".join(labels[v] for v in values)

        return choices
    return lambda values: clean(values[0]) if values else None
