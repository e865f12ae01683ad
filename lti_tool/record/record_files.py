"""The learner's record of a year as a file: PDF (fpdf2, A4 portrait, DejaVu Sans shipped in ``static/fonts`` so
every Indonesian name prints, no network) and XLSX (JP as numbers, dates as dates), downloaded from the learner's
page. The launch's own learner only; the only parameter is ``?year=``."""
import io
import os
import re

from flask import Response, current_app, g
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from ..clock import to_local, utcnow
from ..formats import format_date, language
from ..lti.context import requires_launch
from . import progress, services
from .models import REVERSAL
from .views import _year, bp, category_label

FONT = "DejaVu"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_HEAD = FontFace(emphasis="BOLD", fill_color=(230, 233, 238))


def _clean(value):
    return _CONTROL.sub("", "" if value is None else str(value))


def _download(data, mimetype, name):
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff"})


def _record():
    user = g.launch.user
    year = _year(to_local(utcnow()).year)
    rows = services.entries(user.id, year)
    return user, year, rows, progress.year_total(r.jp for r in rows)


def _filename(year, extension):
    return f"{'record' if language() == 'en' else 'catatan-kompetensi'}-{year}.{extension}"


def _dates(row):
    if row.started_on and row.ended_on and row.started_on != row.ended_on:
        return f"{format_date(row.started_on)} – {format_date(row.ended_on)}"
    return format_date(row.started_on or row.created_at)


def _activity(row):
    return row.activity_title + (f" ({_('completion revoked')})" if row.entry == REVERSAL else "")


@bp.get("/record.pdf")
@requires_launch()
def record_pdf():
    user, year, rows, total = _record()
    return _download(learner_pdf(user, year, rows, total), "application/pdf", _filename(year, "pdf"))


def learner_pdf(user, year, rows, total):
    target = current_app.config.get("LATIH_JP_TARGET") or 0
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    folder = os.path.join(current_app.static_folder, "fonts")
    pdf.add_font(FONT, "", os.path.join(folder, "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", os.path.join(folder, "DejaVuSans-Bold.ttf"))
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=16)
    title = _("Competency development record")
    pdf.set_title(f"{title} {year}")
    pdf.set_creator("Latih")
    pdf.set_lang(language())
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, title.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 6, _("Year %(year)s", year=year), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    facts = [(_("Name"), user.name), ("NIP", user.nip or _("not yet known")), (_("Unit of work"), user.unit or "—"),
             (_("JP this year"), _("%(total)s of %(target)s JP (hours of lessons)",
                                   total=progress.display_jp(total), target=target))]
    pdf.set_font(FONT, size=9)
    with pdf.table(col_widths=(40, 140), first_row_as_headings=False, line_height=5, padding=1,
                   borders_layout="HORIZONTAL_LINES") as table:
        for label, value in facts:
            row = table.row()
            row.cell(_clean(label), style=FontFace(emphasis="BOLD"))
            row.cell(_clean(value))
    pdf.ln(4)
    pdf.set_font(FONT, size=8)
    if not rows:
        pdf.multi_cell(0, 5, _("No entries in this year."), new_x="LMARGIN", new_y="NEXT")
    else:
        head = [_("Date"), _("Course"), _("Activity"), _("Organiser"), _("Category"), "JP"]
        with pdf.table(col_widths=(28, 36, 46, 28, 28, 14), headings_style=_HEAD, line_height=4.2, padding=1,
                       text_align=("LEFT", "LEFT", "LEFT", "LEFT", "LEFT", "RIGHT")) as table:
            for values in [head] + [[_dates(r), r.course_title, _activity(r), r.organiser,
                                     str(category_label(r.category)), progress.display_jp(r.jp)] for r in rows]:
                row = table.row()
                for value in values:
                    row.cell(_clean(value))
    pdf.ln(3)
    pdf.set_font(FONT, size=7.5)
    pdf.multi_cell(0, 4, _("Printed on %(date)s.", date=format_date(utcnow())), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@bp.get("/record.xlsx")
@requires_launch()
def record_xlsx():
    user, year, rows, total = _record()
    return _download(learner_xlsx(user, year, rows, total), XLSX_TYPE, _filename(year, "xlsx"))


def _text(value):
    return ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))


def learner_xlsx(user, year, rows, total):
    book = Workbook()
    ws = book.active
    ws.title = _("Record %(year)s", year=year)[:31]
    bold = Font(bold=True)
    ws.append([_text(_("Competency development record")), year])
    ws.append(["NIP", _text(user.nip)])
    ws.append([_text(_("Name")), _text(user.name)])
    ws.append([_text(_("Unit of work")), _text(user.unit)])
    ws.append([_text(_("JP this year")), total])
    ws.append([])
    ws.append([_text(h) for h in (_("Started"), _("Ended"), _("Course"), _("Activity"), _("Organiser"),
                                  _("Category"), "JP")])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for r in rows:
        started = r.started_on or to_local(r.created_at).date()
        ws.append([started, r.ended_on or started, _text(r.course_title), _text(_activity(r)), _text(r.organiser),
                   _text(category_label(r.category)), r.jp])
        for cell in ws[ws.max_row][:2]:
            cell.number_format = "dd/mm/yyyy"
        ws.cell(ws.max_row, 7).number_format = "0.##"
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
    for letter, width in zip("ABCDEFG", (14, 14, 30, 40, 24, 20, 8), strict=True):
        ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
