"""The answers as XLSX (openpyxl), sheets named in the reader's language: a summary (form, course, template and
version, period, responses), one sheet per page of the form (the item groups) with the report's figures per question
and per facilitator — counts per option or point and their shares (numbers, shown as percentages), the median and
top-2-box or NPS or quartiles; a hidden group says why and has no figure — and the raw answers on their own sheet,
one row per response (scales and numbers as numbers), without the columns of hidden groups. An anonymous form's raw
rows carry no name and come shuffled (``services.exports``). Text is written as text, never as a formula, as the
modules' report does (kinds share no code, so ``put`` is repeated here); times are date cells in the configured
zone."""
import io
from decimal import Decimal

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from ... import clock
from ...formats import XLSX_DATETIME
from . import clean, column_title, entry_title, hidden_text, raw_reader, share

PERCENT = "0.0%"
MAX_CELL_TEXT = 32767
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)


def cell(ws, value, font=None, number_format=None):
    """One cell of a write-only sheet: text stays text (whatever it starts with), times are date cells in the
    zone, numbers numbers. A plain value when nothing needs saying (most raw answers): openpyxl makes its cell."""
    if font is None and number_format is None:
        if value is None or isinstance(value, int | float | Decimal):
            return value
        if isinstance(value, str) and not value.startswith("="):
            return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT]
    if isinstance(value, str):
        made = WriteOnlyCell(ws, ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT])
        made.data_type = "s"
    elif hasattr(value, "hour"):
        made = WriteOnlyCell(ws, clock.to_local(value).replace(tzinfo=None))
        made.number_format = XLSX_DATETIME
    else:
        made = WriteOnlyCell(ws, value)
    if font is not None:
        made.font = font
    if number_format is not None:
        made.number_format = number_format
    return made


def put(ws, values, font=None, formats=()):
    """One row appended; ``formats``: {column index: number format}."""
    formats = dict(formats)
    ws.append([cell(ws, value, font, formats.get(n)) for n, value in enumerate(values)])


def _widths(ws, widths):
    for letter, width in zip("ABCDEFGH", widths, strict=False):
        ws.column_dimensions[letter].width = width


def answers_xlsx(data, facts):
    """The XLSX file's bytes (openpyxl's write-only mode: the raw sheet of 10,000 responses is streamed)."""
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Summary")[:31])
    _widths(summary, (28, 70))
    put(summary, [data.title], _TITLE)
    put(summary, [])
    for label, value in facts:
        put(summary, [label, value])
    pages = {}
    for entry in data.entries:
        pages.setdefault(entry.item.page, []).append(entry)
    for number, entries in sorted(pages.items()):
        _page(workbook.create_sheet(_("Page %(n)s", n=number)[:31]), entries)
    _raw(workbook.create_sheet(_("Raw answers")[:31]), data)
    workbook.properties.title = clean(data.title)[:250]
    workbook.properties.creator = "Latih"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _page(ws, entries):
    _widths(ws, (60, 12, 12))
    for entry in entries:
        group = entry.group
        put(ws, [entry_title(entry)], _BOLD)
        if group.hidden:  # no figure, not even the group's size
            put(ws, [hidden_text(group)])
            put(ws, [])
            continue
        if group.options:
            put(ws, [_("Answer"), _("Count"), _("Share")], _BOLD)
            for option in group.options:
                put(ws, [clean(option.label), option.count, share(option.count, group)], formats={2: PERCENT})
        if group.not_applicable:
            put(ws, [_("not applicable"), group.not_applicable])
        _summary_rows(ws, group)
        put(ws, [_("Responses to this question"), group.n])
        put(ws, [])


def _summary_rows(ws, group):
    if group.nps is not None:
        summary = group.nps
        lines = [(_("NPS"), summary.score), (_("Promoters (9–10)"), summary.promoters),
                 (_("Passives (7–8)"), summary.passives), (_("Detractors (0–6)"), summary.detractors)]
    elif group.numeric is not None:
        summary = group.numeric
        lines = [(_("Lowest"), summary.minimum), (_("First quartile"), summary.q1), (_("Median"), summary.median),
                 (_("Third quartile"), summary.q3), (_("Highest"), summary.maximum)]
    elif group.ordinal is not None:
        summary = group.ordinal
        top = float(summary.top_box) if summary.top_box is not None else None
        put(ws, [_("Median"), summary.median])
        put(ws, [_("Top-2-box"), top], formats={1: PERCENT})
        return
    else:
        return
    for label, value in lines:
        put(ws, [label, value])


def _raw(ws, data):
    named = not data.form.anonymous
    ws.freeze_panes = "A2"
    head = ([_("Name"), _("Sent")] if named else []) + [column_title(item, person) for item, person in data.columns]
    put(ws, head, _BOLD)
    keys = [(raw_reader(item), (item.id, person["id"] if person else None)) for item, person in data.columns]
    for name, sent, answers in data.raw:
        values = [name or "", sent] if named else []
        values += [read(answers.get(key)) for read, key in keys]
        put(ws, values)
