"""The answers as XLSX (openpyxl), sheets named in the reader's language: a summary (form, course, template and
version, period, responses), one sheet per page of the form with each question's counts per option or point and
their shares (numbers, shown as percentages), its median or NPS or quartiles, and the raw answers on their own
sheet, one row per response (scales and numbers as numbers). An anonymous form's raw rows carry no name and come
shuffled (``services.exports``). Text is written as text, never as a formula, as the modules' report does (kinds
share no code, so ``put`` is repeated here); times are date cells in the configured zone."""
import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from ... import clock
from ...formats import XLSX_DATETIME
from . import choice_label, clean, column_title, raw_value

PERCENT = "0.0%"
MAX_CELL_TEXT = 32767
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)


def put(ws, row, values, bold=False):
    """One row from column A: text stays text (whatever it starts with), times are date cells, numbers numbers."""
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column)
        if isinstance(value, str):
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT]
            cell.data_type = "s"
        elif hasattr(value, "hour"):
            cell.value = clock.to_local(value).replace(tzinfo=None)
            cell.number_format = XLSX_DATETIME
        else:
            cell.value = value
        if bold:
            cell.font = _BOLD


def answers_xlsx(data, facts):
    """The XLSX file's bytes; ``facts``: [(label, value)] of the summary sheet."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    put(summary, 1, [data.title])
    summary["A1"].font = _TITLE
    for n, (label, value) in enumerate(facts, start=3):
        put(summary, n, [label, value])
    summary.column_dimensions["A"].width, summary.column_dimensions["B"].width = 28, 70
    pages = {}
    for entry in data.items:
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
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width, ws.column_dimensions["C"].width = 60, 12, 12
    row = 1
    for entry in entries:
        put(ws, row, [column_title(entry.item, entry.person)], bold=True)
        row += 1
        if entry.distribution is not None:
            put(ws, row, [_("Answer"), _("Count"), _("Share")], bold=True)
            row += 1
            for share in entry.distribution.options:
                put(ws, row, [choice_label(entry.item, share.value), share.count, float(share.share)])
                ws.cell(row=row, column=3).number_format = PERCENT
                row += 1
            if entry.distribution.not_applicable:
                put(ws, row, [_("not applicable"), entry.distribution.not_applicable])
                row += 1
        row = _summary_rows(ws, row, entry)
        put(ws, row, [_("Responses to this question"), entry.answered])
        row += 2
    ws.freeze_panes = "A1"


def _summary_rows(ws, row, entry):
    summary = entry.summary
    if summary is None:
        return row
    if entry.item.type == "nps":
        lines = [(_("NPS"), summary.score), (_("Promoters (9–10)"), summary.promoters),
                 (_("Passives (7–8)"), summary.passives), (_("Detractors (0–6)"), summary.detractors)]
    elif entry.item.type == "numeric":
        lines = [(_("Lowest"), summary.minimum), (_("First quartile"), summary.q1), (_("Median"), summary.median),
                 (_("Third quartile"), summary.q3), (_("Highest"), summary.maximum)]
    else:
        lines = [(_("Median"), summary.median), (_("Top-2-box"), float(summary.top_box) if summary.top_box
                                                  is not None else None)]
    for label, value in lines:
        put(ws, row, [label, value])
        if label == _("Top-2-box"):
            ws.cell(row=row, column=2).number_format = PERCENT
        row += 1
    return row


def _raw(ws, data):
    named = not data.form.anonymous
    head = ([_("Name"), _("Sent")] if named else []) + [column_title(item, person) for item, person in data.columns]
    put(ws, 1, head, bold=True)
    for n, (name, sent, answers) in enumerate(data.raw, start=2):
        values = [name or "", sent] if named else []
        values += [raw_value(item, answers.get((item.id, person["id"] if person else None)))
                   for item, person in data.columns]
        put(ws, n, values)
    ws.freeze_panes = "A2"
