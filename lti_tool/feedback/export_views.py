"""Exports of the form's answers (routes on the ``feedback`` blueprint of ``pages``; staff only): a page with the
three downloads — CSV (raw answers), XLSX (counts per page of the form and the raw answers), PDF (the report of the
run) — each built from ``services.exports`` with the report's figures and suppression (the page says so). An
anonymous form's answers are exported only after it closes, and no form's with fewer responses than the minimum
group size: the page says why and the downloads answer 409."""
import re
import unicodedata

from flask import Response, g
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..clock import utcnow
from ..formats import format_datetime, format_number, language
from .cohort_views import template_name
from .copy_labels import refusal
from .pages import bp, current_form, page
from .report_labels import WITHHELD
from .services.exports import export_data, export_refusal
from .services.report import minimum_of

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename(title, extension):
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:50].rstrip("-") or "form"
    return f"{'answers' if language() == 'en' else 'jawaban'}-{slug}.{extension}"


def _download(data, mimetype, name):
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff"})


def _why(exc):
    """The refusal in words: a form with too few responses in the report's words, else the exports' own."""
    if exc.code in WITHHELD:
        return str(WITHHELD[exc.code]) % dict(exc.params)
    return refusal(exc.code, exc.params)


def _refused(exc):
    return Response(_why(exc), status=409, mimetype="text/plain")


def _data(form, raw=True):
    course = g.launch.course
    return export_data(form, g.activity.title, course.title or course.label or "", raw=raw)


def _facts(form, data):
    period = " – ".join(format_datetime(m) if m else "…" for m in (form.open_at, form.close_at))
    return [(_("Course"), data.course), (_("Form"), data.title),
            (_("Template"), _("%(name)s, version %(n)s", name=template_name(form.template_key),
                              n=form.template_version)),
            (_("Period"), period if (form.open_at or form.close_at) else _("no dates set")),
            (_("Answers"), _("anonymous") if form.anonymous else _("named")),
            (_("Responses"), format_number(data.responses)),
            (_("Exported"), format_datetime(utcnow()))]


@bp.get("/export")
@requires_activity("feedback", staff=True)
def exports():
    form = current_form()
    blocked = export_refusal(form)
    return page("feedback/exports.html", form, blocked=_why(blocked) if blocked else None, minimum=minimum_of(form))


@bp.get("/export/answers.csv")
@requires_activity("feedback", staff=True)
def export_csv():
    from .io.answers_csv import answers_csv

    form = current_form()
    if (blocked := export_refusal(form)) is not None:
        return _refused(blocked)
    data = _data(form)
    return _download(answers_csv(data), "text/csv; charset=utf-8", _filename(data.title, "csv"))


@bp.get("/export/answers.xlsx")
@requires_activity("feedback", staff=True)
def export_xlsx():
    from .io.answers_xlsx import answers_xlsx  # openpyxl is loaded only when asked for

    form = current_form()
    if (blocked := export_refusal(form)) is not None:
        return _refused(blocked)
    data = _data(form)
    return _download(answers_xlsx(data, _facts(form, data)), XLSX_TYPE, _filename(data.title, "xlsx"))


@bp.get("/export/report.pdf")
@requires_activity("feedback", staff=True)
def export_pdf():
    from .io.answers_pdf import answers_pdf  # fpdf2 likewise

    form = current_form()
    if (blocked := export_refusal(form)) is not None:
        return _refused(blocked)
    data = _data(form, raw=False)
    return _download(answers_pdf(data, _facts(form, data)), "application/pdf", _filename(data.title, "pdf"))
