"""The export of every budget of an exercise for its instructor, as XLSX: a summary sheet (every learner) and one
flat sheet of every line of their newest handed-in budgets. The workbook follows the requester's language; numbers
and money are numeric cells, times date cells in the configured zone (``clock``), all with number formats.

- Not an RKA sheet per learner: ``rka_xlsx.export_rka`` returns a whole workbook, a flat sheet can be filtered and
  pivoted, hundreds of sheets cannot be read. Line amounts follow the current rules; summary totals are those
  computed at submission.
- A budget keeps numbers as typed, not the language they were typed in: it is read in the learner's language, else
  in the other (ambiguous spellings are refused, so at most one reading of a handed-in budget works).
"""
import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from sqlalchemy.orm import selectinload

from ... import clock
from ...formats import XLSX_DATETIME
from ...i18n import status_label
from ..domain.budget import line_amount
from ..domain.numbers import number_locale
from ..labels import DASHBOARD_TEXTS, in_language
from ..models import BudgetSubmission
from ..services.dashboard import learner_states, newest_handed_in
from ..services.documents import parse_document
from ..services.exercises import rules_for
from ..variant_labels import VARIANT_COLUMN
from .rka_xlsx import MAX_CELL_TEXT, PERCENT, RUPIAH, RUPIAH_CENTS

_BOLD = Font(bold=True)
_SCORE = "0.00"
_DATE = XLSX_DATETIME


def _put(ws, row, values, formats=(), bold=False):
    """One row; text is written as text, never as a formula, without the characters XLSX cannot hold."""
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column)
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT] if isinstance(value, str) else value
        if isinstance(value, str):
            cell.data_type = "s"
        if column <= len(formats) and formats[column - 1] and value is not None:
            cell.number_format = formats[column - 1]
        if bold:
            cell.font = _BOLD


def _sheet(ws, key, widths):
    ws.title = str(DASHBOARD_TEXTS[key])
    zone = {"zone": clock.zone_abbreviation()}
    _put(ws, 1, [str(label) % zone for label in DASHBOARD_TEXTS[key + "_columns"]], bold=True)
    for column, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + column)].width = width
    ws.freeze_panes = "A2"


def _parsed(budget, language):
    """The stored budget read in the learner's language, else in the other one (see the module docstring)."""
    first = number_locale(budget.user.locale or language)
    parsed = parse_document(budget.document, first)
    return parsed if not parsed.line_errors else parse_document(budget.document, "id" if first == "en" else "en")


def export_all(activity, exercise, locale):
    """Every learner (summary) and every line of every newest handed-in budget, as XLSX bytes in ``locale``."""
    with in_language(locale):
        return _export_all(activity, exercise, locale)


def _local(moment):
    """A stored UTC time as a date cell's value: the configured zone's wall time (XLSX has no zones)."""
    return clock.to_local(moment).replace(tzinfo=None) if moment is not None else None


def _export_all(activity, exercise, locale):
    index = 1 if number_locale(locale) == "en" else 0
    rows, _problem = learner_states(activity, activity.course)
    budgets = {b.user.sub: b for b in newest_handed_in(activity.id, selectinload(BudgetSubmission.user))}
    rules = rules_for(exercise)
    workbook = Workbook()
    summary, lines = workbook.active, workbook.create_sheet()
    _sheet(summary, "summary", (28, 30, 14, 26, 10, 18, 18, 14, 14, 18))
    _sheet(lines, "lines", (28, 30, 8, 22, 36, 28, 24, 12, 16, 10, 18))
    summary_formats = (None, None, None, None, None, RUPIAH, RUPIAH, _SCORE, _SCORE, _DATE)
    variants = bool(exercise.variants)  # then a last column: each learner's scenario variant
    if variants:
        summary.cell(row=1, column=11, value=str(VARIANT_COLUMN)).font = _BOLD
    line_row = 1
    for number, row in enumerate(rows, start=2):
        _put(summary, number, (row.name, row.email, row.user_id, status_label(row.state), row.attempt,
                               row.total, row.ceiling, row.automatic_score, row.final_score,
                               _local(row.submitted_at), *((row.variant,) if variants else ())), summary_formats)
        budget = budgets.get(row.user_id)
        for line in _parsed(budget, locale).budget.lines if budget is not None else ():
            line_row += 1
            _put(lines, line_row, *_line(row, line, rules, index))
    for ws, last in ((summary, len(rows) + 1), (lines, line_row)):
        ws.auto_filter.ref = f"A1:{chr(ord('A') + ws.max_column - 1)}{last}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _line(row, line, rules, index):
    """(values, number formats) of one line of the flat sheet."""
    cents = line.unit_price != line.unit_price.to_integral_value()
    included = str(DASHBOARD_TEXTS["included"])
    ppn = included if line.ppn and rules.prices_include_ppn else rules.ppn_rate if line.ppn else 0
    values = (row.name, row.email, line.line_no, line.account, line.component, line.specification,
              line.koefisien.label_for("en" if index else "id"), line.satuan,
              line.unit_price if cents else int(line.unit_price), ppn,
              line_amount(line, rules.ppn_rate, rules.prices_include_ppn))
    return values, (None,) * 8 + (RUPIAH_CENTS if cents else RUPIAH, PERCENT, RUPIAH)
