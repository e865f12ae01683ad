"""The admin's filtered list as a file, one line per ledger entry of the year (a learner without any: one line with
the learner alone): NIP, name, unit, course, activity, organiser, start and end dates, JP, category, certificate
number (``certnumbers``).

CSV as the feedback exports write it, for Excel in Indonesian offices: UTF-8 with a byte-order mark, ``;`` between
fields, the reader's decimal sign, CRLF, a text starting with ``=``, ``+``, ``-`` or ``@`` prefixed with an
apostrophe (never run as a formula). Streamed: rows are read from a server-side cursor in batches and sent as they
are written, so a unit of 10,000 learners never sits in memory. XLSX (openpyxl's write-only workbook): JP as
numbers, dates as date cells, texts as texts."""
import csv
import io
import tempfile
from decimal import Decimal

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from ..formats import format_date, language
from .certnumbers import certificate_numbers
from .progress import display_jp
from .summaries import export_rows
from .views import category_label

BOM = "\ufeff"


def headings():
    return ["NIP", _("Name"), _("Unit of work"), _("Course"), _("Activity"), _("Organiser"), _("Started"),
            _("Ended"), "JP", _("Category"), _("Certificate number")]


def _entries(filters):
    """Per batch: [(values, credit row or None)] with the certificate numbers of the batch."""
    for part in export_rows(filters):
        numbers = certificate_numbers([r for r in part if r.id is not None])
        yield [(r, numbers.get(r.id, "") if r.id is not None else "") for r in part]


def _values(row, number):
    if row.id is None:
        return [row.nip, row.name, row.unit, "", "", "", None, None, Decimal(0), "", ""]
    return [row.nip, row.name, row.unit, row.course_title, row.activity_title, row.organiser, row.started_on,
            row.ended_on, row.jp, str(category_label(row.category)), number]


def _safe(text):
    """A text a spreadsheet never runs as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


class _CsvLine:
    """One CSV line's cells; dates, JP and categories are formatted once per value met (a unit's export has
    100,000 lines but a few hundred distinct values), not once per line."""

    def __init__(self, comma):
        self.comma = comma
        self.dates, self.jps, self.categories = {None: ""}, {}, {}

    def date(self, value):
        if value not in self.dates:
            self.dates[value] = format_date(value)
        return self.dates[value]

    def jp(self, value):
        if value not in self.jps:
            text = display_jp(value)
            self.jps[value] = text.replace(".", ",") if self.comma else text
        return self.jps[value]

    def category(self, value):
        if value not in self.categories:
            self.categories[value] = _safe(str(category_label(value)))
        return self.categories[value]

    def __call__(self, row, number):
        head = [_safe(row.nip), _safe(row.name), _safe(row.unit)]
        if row.id is None:
            return head + ["", "", "", "", "", self.jp(Decimal(0)), "", ""]
        return head + [_safe(row.course_title), _safe(row.activity_title), _safe(row.organiser),
                       self.date(row.started_on), self.date(row.ended_on), self.jp(row.jp),
                       self.category(row.category), _safe(number)]


def csv_chunks(filters):
    """The CSV's bytes, a batch of lines at a time (the first chunk starts with the BOM and the headings)."""
    line = _CsvLine(language() == "id")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_safe(h) for h in headings()])
    yield (BOM + out.getvalue()).encode("utf-8")
    for batch in _entries(filters):
        out.seek(0)
        out.truncate()
        writer.writerows(line(row, number) for row, number in batch)
        yield out.getvalue().encode("utf-8")


def _xlsx_cell(ws, value, font=None):
    if isinstance(value, str):
        made = WriteOnlyCell(ws, ILLEGAL_CHARACTERS_RE.sub("", value)[:32767])
        made.data_type = "s"  # text, whatever it starts with
    else:
        made = WriteOnlyCell(ws, value)
        if hasattr(value, "year"):
            made.number_format = "dd/mm/yyyy"
        elif isinstance(value, Decimal):
            made.number_format = "0.##"
    if font is not None:
        made.font = font
    return made


def xlsx_file(filters):
    """The XLSX in a temporary file (written row by row), positioned at its start."""
    book = Workbook(write_only=True)
    ws = book.create_sheet(_("Learning record")[:31])
    for letter, width in zip("ABCDEFGHIJK", (22, 28, 28, 30, 36, 22, 12, 12, 8, 20, 22), strict=True):
        ws.column_dimensions[letter].width = width
    bold = Font(bold=True)
    ws.append([_xlsx_cell(ws, h, bold) for h in headings()])
    for batch in _entries(filters):
        for row, number in batch:
            ws.append([_xlsx_cell(ws, v) for v in _values(row, number)])
    out = tempfile.TemporaryFile()
    book.save(out)
    out.seek(0)
    return out
