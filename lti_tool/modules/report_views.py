"""The review report of a round ("Berita Acara Hasil Reviu Modul"): a printable page, a PDF and an XLSX (routes on
the ``modules`` blueprint of ``pages``; staff only; the round looked up within the launch's module, else 404).

Endpoints: ``modules.round_report``, ``modules.round_report_pdf``, ``modules.round_report_xlsx``.
"""
import re
import unicodedata

from flask import Response, abort, g, url_for

from ..activities.access import requires_activity
from ..formats import language
from .pages import bp, current_module, page
from .services import review_data
from .services.report import round_report

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(number):
    module = current_module()
    row = review_data.round_numbered(module, number)
    if row is None:
        abort(404)
    return round_report(module, row)


def filename(report, extension):
    """An ASCII file name: ``berita-acara-reviu-<title>-putaran-<n>.pdf`` (English: ``module-review-…-round-<n>``)."""
    text = unicodedata.normalize("NFKD", report.module_title).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:50].rstrip("-") or "modul"
    if language() == "en":
        return f"module-review-report-{slug}-round-{report.round_number}.{extension}"
    return f"berita-acara-reviu-{slug}-putaran-{report.round_number}.{extension}"


def _download(data, mimetype, name):
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff"})


@bp.get("/rounds/<id:number>/report", endpoint="round_report")
@requires_activity("modules", staff=True)
def report_page(number):
    report = _report(number)
    return page("modules/report.html", report=report,
                pdf_url=url_for("modules.round_report_pdf", number=number, launch=g.launch.token),
                xlsx_url=url_for("modules.round_report_xlsx", number=number, launch=g.launch.token))


@bp.get("/rounds/<id:number>/report.pdf")
@requires_activity("modules", staff=True)
def round_report_pdf(number):
    from .io.report_pdf import report_pdf  # fpdf2 is loaded only when a PDF is asked for

    report = _report(number)
    return _download(report_pdf(report), "application/pdf", filename(report, "pdf"))


@bp.get("/rounds/<id:number>/report.xlsx")
@requires_activity("modules", staff=True)
def round_report_xlsx(number):
    from .io.report_xlsx import report_xlsx  # openpyxl likewise

    report = _report(number)
    return _download(report_xlsx(report), XLSX_TYPE, filename(report, "xlsx"))
