"""Export of a budget to XLSX in the layout of the RKA "Rincian Belanja" table.

openpyxl, the domain and the labels only; texts in the requester's language (``labels.in_language``). The sheet
holds a title, the header fields, the indicator table, then
Kode Rekening | Uraian | Koefisien | Volume | Satuan | Harga | PPN | Jumlah: the SIPD roll-ups (``domain.rollup``):
a bold row per account level (5 › 5.1 › 5.1.02 › …) with its name and sum, then each account's row, its [#] kelompok
and [-] keterangan rows and its lines; then a bold total row, with a ceiling Pagu and the remainder (or "Melebihi
pagu" with a positive amount: never a negative remainder), and the recap per jenis belanja. With ``findings`` (the
instructor's copy) a second sheet lists the checks' findings and the instructor's comments per line.

Decisions:
- Amounts are numeric cells (integer rupiah; a unit price with cents keeps them) with the number format
  ``"Rp"#,##0`` (``formats.XLSX_RUPIAH``): numbers stay numbers for whoever reads the file back. Excel and
  LibreOffice draw the thousands separator of the reader's regional settings, so Indonesian settings show
  ``Rp1.250.000``, as the pages do.
- Line amounts, subtotals and the total are the domain's (``line_amount``, ``group_by_account``, ``budget_total``)
  under the exercise's PPN rate, PPN mode and rounding; nothing is recomputed here.
- Koefisien is written as its factors (``30 orang × 2 hari``, text) and as a numeric volume (60), so the file can
  be computed with.
- PPN shows the rate applied to the line (``11%``), ``0%`` when the line has none, and "termasuk"/"included" when
  the line is subject to PPN but reference prices already include it.
- Text that learners typed is written as text, never as a formula (``=…`` stays a string); characters XLSX
  cannot hold are dropped.
"""
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from ...formats import XLSX_RUPIAH
from ..domain.budget import (
    PPN_RATE,
    IndicatorKind,
    Rounding,
    budget_total,
    group_by_account,
    line_amount,
)
from ..domain.numbers import number_locale
from ..domain.rollup import kelompok_subtotals, recap_by_jenis, rollup, subgroups
from ..header import form_header_labels
from ..labels import INDICATOR_LABELS, RKA_TEXTS, in_language

RUPIAH = XLSX_RUPIAH
RUPIAH_CENTS = XLSX_RUPIAH + ".00"
PERCENT = "0%"
WIDTHS = {"A": 22, "B": 50, "C": 24, "D": 10, "E": 12, "F": 18, "G": 10, "H": 20}
LAST_COLUMN = "H"
VOLUME = "#,##0"
VOLUME_DECIMALS = "#,##0.####"
MAX_CELL_TEXT = 32767

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
_GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _text(value):
    """Learner or instructor text, safe for a cell."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value if value is not None else ""))[:MAX_CELL_TEXT]


class _Sheet:
    """Row-by-row writer over one worksheet."""

    def __init__(self, ws, locale):
        self.ws, self.row, self.index = ws, 0, 1 if number_locale(locale) == "en" else 0

    def t(self, key):
        text = RKA_TEXTS[key]
        return tuple(map(str, text)) if isinstance(text, tuple) else str(text)

    def put(self, column, value, *, fmt=None, font=None, fill=None, border=True, wrap=False):
        cell = self.ws[f"{column}{self.row}"]
        if isinstance(value, str):
            cell.value = _text(value)
            cell.data_type = "s"  # never a formula, whatever the text starts with
        else:
            cell.value = value
        if fmt:
            cell.number_format = fmt
        if font:
            cell.font = font
        if fill:
            cell.fill = fill
        if border:
            cell.border = _BOX
        if wrap:
            cell.alignment = _WRAP
        return cell

    def next(self, count=1):
        self.row += count
        return self.row

    def merge(self, first, last):
        self.ws.merge_cells(f"{first}{self.row}:{last}{self.row}")


def _settings(rules):
    """PPN rate, whether prices include PPN, rounding, ceiling and account names, from ExerciseRules or alike."""
    accounts = {str(a.code).strip(): a.name for a in (getattr(rules, "accounts", None) or ())}
    return (getattr(rules, "ppn_rate", PPN_RATE), bool(getattr(rules, "prices_include_ppn", False)),
            getattr(rules, "rounding", Rounding.PER_LINE), getattr(rules, "ceiling", None), accounts)


def _money(value):
    """An amount or unit price as a cell value: int when whole, else Decimal; with its number format."""
    value = Decimal(value)
    return (int(value), RUPIAH) if value == value.to_integral_value() else (value, RUPIAH_CENTS)


def export_rka(budget, rules_or_settings, header_title, locale="id", findings=None):
    """The budget as XLSX bytes (sheet "Rincian Belanja"), ready to print on A4 landscape, in ``locale``;
    ``findings`` (the instructor's copy: [(line_no or None, severity, text, comment)]) adds a second sheet."""
    with in_language(locale):
        return _export_rka(budget, rules_or_settings, header_title, locale, findings)


def _export_rka(budget, rules_or_settings, header_title, locale, findings=None):
    ppn_rate, include_ppn, rounding, ceiling, account_names = _settings(rules_or_settings)
    workbook = Workbook()
    s = _Sheet(workbook.active, locale)
    s.ws.title = s.t("sheet")
    workbook.properties.title = _text(header_title)[:255]

    s.next()
    s.put("A", header_title, font=_TITLE, border=False)
    s.merge("A", LAST_COLUMN)
    s.next()
    s.put("A", s.t("subtitle"), font=_BOLD, border=False)
    s.merge("A", LAST_COLUMN)
    s.next()
    _write_header(s, budget.header or {})
    _write_indicators(s, budget.indicators or [])
    header_row = s.next()
    for column, label in zip(WIDTHS, s.t("columns"), strict=True):
        s.put(column, label, font=_BOLD, fill=_HEAD_FILL, wrap=True)

    lines = list(budget.lines)
    groups = group_by_account(lines, ppn_rate, include_ppn, rounding)
    amounts = {line.line_no: line_amount(line, ppn_rate, include_ppn) for line in lines}
    for row in rollup(groups, account_names):
        if row.group is None:
            _write_sum_row(s, row.code, row.name, row.subtotal, _GROUP_FILL)
            continue
        _write_sum_row(s, row.code, row.name, row.subtotal, _GROUP_FILL)
        found = subgroups(row.group.lines, amounts)
        kelompok_sums = kelompok_subtotals(found)
        for i, sub in enumerate(found):
            if sub.kelompok and (i == 0 or found[i - 1].kelompok != sub.kelompok):
                _write_sum_row(s, None, f"[#] {sub.kelompok}", kelompok_sums[sub.kelompok], None)
            if sub.keterangan:
                _write_sum_row(s, None, f"[-] {sub.keterangan}", sub.subtotal, None)
            for line in sub.lines:
                _write_line(s, line, ppn_rate, include_ppn, amounts[line.line_no])

    total = budget_total(lines, ppn_rate, include_ppn, rounding)
    rows = [("total", total)]
    if ceiling is not None:
        rows += [("ceiling", ceiling), ("over", total - ceiling) if total > ceiling else ("remaining", ceiling - total)]
    for key, amount in rows:
        s.next()
        s.put("A", s.t(key), font=_BOLD, fill=_HEAD_FILL)
        for column in "BCDEFG":
            s.put(column, None, fill=_HEAD_FILL)
        s.merge("A", "G")
        s.put(LAST_COLUMN, amount, fmt=RUPIAH, font=_BOLD, fill=_HEAD_FILL)
    _write_recap(s, recap_by_jenis(groups, account_names))

    _page_setup(s.ws, header_row)
    if findings is not None:
        _write_findings(workbook.create_sheet(), findings, locale)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _write_header(s, header):
    labels = form_header_labels()
    keys = list(labels) + [key for key in header if key not in labels]
    for key in keys:
        s.next()
        label = labels.get(key) or str(key).replace("_", " ").title()
        s.put("A", label, font=_BOLD)
        s.put("B", header.get(key, ""), wrap=True)
        for column in "CDEFG":
            s.put(column, None)
        s.merge("B", LAST_COLUMN)
    s.next()


def _write_indicators(s, indicators):
    s.next()
    s.put("A", s.t("indicator"), font=_BOLD, fill=_HEAD_FILL)
    s.put("B", s.t("measure"), font=_BOLD, fill=_HEAD_FILL)
    s.put("C", s.t("target"), font=_BOLD, fill=_HEAD_FILL)
    order = {kind.value: i for i, kind in enumerate(IndicatorKind)}
    for indicator in sorted(indicators, key=lambda x: order.get(str(getattr(x.kind, "value", x.kind)), 99)):
        kind = str(getattr(indicator.kind, "value", indicator.kind))
        s.next()
        s.put("A", str(INDICATOR_LABELS.get(kind, kind)))
        s.put("B", indicator.measure, wrap=True)
        s.put("C", indicator.target, wrap=True)
    s.next()


def _write_sum_row(s, code, name, amount, fill):
    """An account level's, an account's, a kelompok's or a keterangan's row: bold, its sum in the last column."""
    s.next()
    s.put("A", code, font=_BOLD, fill=fill)
    s.put("B", name, font=_BOLD, fill=fill, wrap=True)
    for column in "CDEFG":
        s.put(column, None, fill=fill)
    s.put(LAST_COLUMN, amount, fmt=RUPIAH, font=_BOLD, fill=fill)


def _write_line(s, line, ppn_rate, include_ppn, amount):
    s.next()
    uraian = line.component.strip()
    if line.specification.strip():
        uraian = f"{uraian} — {line.specification.strip()}"
    price, price_format = _money(line.unit_price)
    volume = line.koefisien.total
    s.put("A", None)
    s.put("B", uraian, wrap=True)
    s.put("C", line.koefisien.label_for("en" if s.index else "id"), wrap=True)
    whole = volume == volume.to_integral_value()
    s.put("D", int(volume) if whole else volume, fmt=VOLUME if whole else VOLUME_DECIMALS)
    s.put("E", line.satuan)
    s.put("F", price, fmt=price_format)
    if line.ppn and include_ppn:
        s.put("G", s.t("included"))
    else:
        s.put("G", ppn_rate if line.ppn else 0, fmt=PERCENT)
    s.put(LAST_COLUMN, amount, fmt=RUPIAH)


def _write_recap(s, recap):
    """The recap per jenis belanja below the total."""
    if not recap:
        return
    s.next(2)
    s.put("A", s.t("recap"), font=_BOLD, border=False)
    s.merge("A", LAST_COLUMN)
    for row in recap:
        s.next()
        s.put("A", row.code)
        s.put("B", row.name, wrap=True)
        s.put(LAST_COLUMN, row.subtotal, fmt=RUPIAH)


def _write_findings(ws, findings, locale):
    """The instructor's second sheet: each finding and comment, by line (None: about the whole budget)."""
    s = _Sheet(ws, locale)
    ws.title = s.t("findings_sheet")
    s.next()
    for column, label in zip("ABCD", s.t("findings_columns"), strict=True):
        s.put(column, label, font=_BOLD, fill=_HEAD_FILL, wrap=True)
    for line_no, severity, text, comment in findings:
        s.next()
        s.put("A", line_no)
        s.put("B", severity)
        s.put("C", text, wrap=True)
        s.put("D", comment, wrap=True)
    for column, width in {"A": 8, "B": 14, "C": 70, "D": 50}.items():
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"


def _page_setup(ws, header_row):
    for column, width in WIDTHS.items():
        ws.column_dimensions[column].width = width
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
