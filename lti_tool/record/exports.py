"""The admin's filtered list as a file, one line per ledger entry of the year (a learner without any: one line with
the learner alone): NIP, name, unit, course, activity, organiser, start and end dates, JP, category, certificate
number (``certnumbers``).

CSV as the feedback exports write it, for Excel in Indonesian offices: UTF-8 with a byte-order mark, ``;`` between
fields, the reader's decimal sign, CRLF, a text starting with ``=``, ``+``, ``-`` or ``@`` prefixed with an
apostrophe (never run as a formula). Streamed: one ordered statement read from a server-side cursor, a batch of
5,000 lines at a time, sent as they are written, so a unit of 10,000 learners never sits in memory. XLSX
(openpyxl's write-only workbook): JP as numbers, dates as date cells, texts as texts."""
import tempfile
from datetime import date
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


def _entries(filters, as_text=False):
    """Batches of rows (``summaries.export_rows``), each with the certificate numbers of its entries:
    ({user id: (nip, name, unit)}, rows, {credit id: number})."""
    for people, part in export_rows(filters, as_text=as_text):
        yield people, part, certificate_numbers([row for row in part if row[1] is not None])  # row[1]: entry id


def _safe(text):
    """A text a spreadsheet never runs as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


class _Cached(dict):
    """A value's text, computed once per value met (a unit's export has 100,000 lines but few distinct titles,
    dates, JP and categories)."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, value):
        self[value] = text = self.make(value)
        return text


def _field(text):
    """One CSV field as ``csv.writer`` (``;``, minimal quoting) writes it, formula-safe."""
    text = _safe(text)
    if any(ch in text for ch in ';"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_chunks(filters):
    """The CSV's bytes, a batch of lines at a time (the first chunk starts with the BOM and the headings). Each
    field's text (formula guard, quoting) is made once per distinct value and the lines are joined directly: the
    csv module's writer was a third of a unit's export."""
    comma = language() == "id"
    jp = _Cached(lambda v: display_jp(Decimal(v)).replace(".", ",") if comma else display_jp(Decimal(v)))
    day = _Cached(lambda v: _field(format_date(date.fromisoformat(v[:10]))) if v else "")
    category = _Cached(lambda v: _field(str(category_label(v))))
    text = _Cached(_field)
    yield (BOM + ";".join(_field(h) for h in headings()) + "\r\n").encode("utf-8")
    last, head = None, ""
    for people, part, numbers in _entries(filters, as_text=True):
        lines = []
        for user_id, credit_id, course, activity, organiser, started, ended, value, kind, _entry in part:
            if user_id != last:
                nip, name, unit = people[user_id]
                last, head = user_id, f"{text[nip]};{text[name]};{text[unit]};"
            if credit_id is None:
                lines.append(head + ";;;;;0;;\r\n")
                continue
            lines.append(f"{head}{text[course]};{text[activity]};{text[organiser]};{day[started]};{day[ended]};"
                         f"{jp[value]};{category[kind]};{text[numbers.get(credit_id, '')]}\r\n")
        yield "".join(lines).encode("utf-8")


def _xlsx_cell(ws, value, font=None):
    """A plain value when openpyxl writes it right (a text not starting with "=", a number), else a cell: a text
    that would be a formula stays text, a date gets its format, JP show their decimals only when they have some."""
    if font is None:
        if isinstance(value, str) and not value.startswith("="):
            return ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
        if value is None or isinstance(value, int):
            return value
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
    category = _Cached(lambda v: str(category_label(v)))
    for people, part, numbers in _entries(filters):
        for row in part:
            person = [_xlsx_cell(ws, v) for v in people[row.user_id]]
            if row.id is None:
                ws.append(person + [None] * 5 + [0, None, None])
                continue
            ws.append(person + [_xlsx_cell(ws, v) for v in (
                row.course_title, row.activity_title, row.organiser, row.started_on, row.ended_on, row.jp,
                category[row.category], numbers.get(row.id, ""))])
    out = tempfile.TemporaryFile()
    book.save(out)
    out.seek(0)
    return out
