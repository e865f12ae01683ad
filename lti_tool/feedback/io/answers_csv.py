"""The raw answers as CSV, for Excel as Indonesian offices set it up: UTF-8 with a byte-order mark (else Excel reads
the text as Windows-1252 and breaks every name with an accent), fields separated by ``;`` (the list separator of the
Indonesian regional settings, where ``,`` is the decimal sign), numbers with the reader's decimal sign, lines
ending CRLF. One row per response, one column per question (per facilitator for a rating per person); a named
form starts with the name and the time sent. A text that starts with ``=``, ``+``, ``-`` or ``@`` gets a leading
apostrophe so a spreadsheet never runs it as a formula. The budgeting import reads such files back (``;`` or ``,``
and the BOM are recognised there)."""
import csv
import io
from decimal import Decimal

from flask_babel import gettext as _

from ...formats import format_datetime, language
from . import column_title, raw_reader

BOM = "\ufeff"


def _cell(value, comma):
    if value is None:
        return ""
    if isinstance(value, int | Decimal):
        text = str(value)
        return text.replace(".", ",") if comma else text
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def answers_csv(data):
    """The CSV file's bytes."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    named, comma = not data.form.anonymous, language() == "id"
    head = ([_("Name"), _("Sent")] if named else []) + [column_title(item, person) for item, person in data.columns]
    writer.writerow([_cell(h, comma) for h in head])
    keys = [(raw_reader(item), (item.id, person["id"] if person else None)) for item, person in data.columns]
    for name, sent, answers in data.raw:
        row = [_cell(name, comma), format_datetime(sent)] if named else []
        row += [_cell(read(answers.get(key)), comma) for read, key in keys]
        writer.writerow(row)
    return (BOM + out.getvalue()).encode("utf-8")
