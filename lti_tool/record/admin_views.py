"""The admin's view of the learning record (the tool's admin area, signed-in admins only; across courses and
platforms): filters by year, unit of work, category and "below the target only", a summary per unit (learners,
their JP, how many are below the target), the learners page by page, the filtered list as CSV or XLSX
(``exports``), and the import of units of work from a CSV with a preview to confirm (``units``)."""
import secrets

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField

from ..admin.auth import login_required
from ..admin.forms import ActionForm
from ..clock import to_local, utcnow
from ..state import store
from . import exports, progress, summaries, units
from .views import category_label

bp = Blueprint("record_admin", __name__, url_prefix="/admin/record")
PREVIEW_SECONDS = 1800
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(FlaskForm):
    file = FileField(validators=[FileRequired()])


class ConfirmForm(FlaskForm):
    preview = HiddenField()


@bp.context_processor
def _action_form():
    return {"action_form": ActionForm()}  # the layout's sign-out button


@bp.after_request
def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def _filters():
    args = request.args
    this_year = to_local(utcnow()).year
    year = int(args["year"]) if args.get("year", "").isdigit() and 1900 <= int(args["year"]) <= 9999 else this_year
    unit = args.get("unit", "").strip()
    categories = tuple(current_app.config.get("LATIH_JP_CATEGORIES") or ())
    category = args.get("category", "")
    return summaries.Filters(year=year, unit=None if not unit else ("" if unit == "-" else unit),
                             category=category if category in categories else "",
                             below=args.get("below") == "1", issuer=args.get("issuer", "")[:500])


def _page():
    text = request.args.get("page", "")
    return min(int(text), 100_000) if text.isdigit() and int(text) > 0 else 1


@bp.get("/")
@login_required
def index():
    filters = _filters()
    page = _page()
    rows, count = summaries.learners(filters, page)
    pages = max(1, -(-count // summaries.PAGE_SIZE))
    return render_template("record/admin_index.html", filters=filters, rows=rows, count=count, page=page, pages=pages,
                           summary=summaries.unit_summary(filters), units=summaries.units(),
                           issuers=summaries.issuers(), categories=current_app.config.get("LATIH_JP_CATEGORIES") or (),
                           category_label=category_label, target=summaries.target(), jp=progress.display_jp)


def _name(filters, extension):
    name = filters.unit if filters.unit is not None else "semua"
    unit = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in name)[:40].strip("-").lower()
    return f"catatan-jp-{filters.year}-{unit or 'tanpa-unit'}.{extension}"


@bp.get("/export.csv")
@login_required
def export_csv():
    filters = _filters()
    return Response(stream_with_context(exports.csv_chunks(filters)), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{_name(filters, "csv")}"', "X-Content-Type-Options": "nosniff"})


@bp.get("/export.xlsx")
@login_required
def export_xlsx():
    filters = _filters()
    return send_file(exports.xlsx_file(filters), mimetype=XLSX_TYPE, as_attachment=True,
                     download_name=_name(filters, "xlsx"), max_age=0)


def _key(token):
    return f"record-units:{token}"


@bp.route("/units", methods=["GET", "POST"])
@login_required
def import_units():
    form = UploadForm()
    if not form.validate_on_submit():
        return render_template("record/admin_units.html", form=form, reading=None, rows=None, confirm=None)
    reading = units.read(form.file.data.read())
    rows, confirm = None, None
    if reading.pairs and not reading.problem:
        rows = units.preview(reading.pairs)
        token = secrets.token_urlsafe(16)
        store().set(_key(token), {"admin": g.admin.id, "pairs": reading.pairs}, PREVIEW_SECONDS)
        confirm = ConfirmForm(preview=token)
    return render_template("record/admin_units.html", form=UploadForm(formdata=None), reading=reading, rows=rows,
                           confirm=confirm)


@bp.post("/units/confirm")
@login_required
def confirm_units():
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    held = store().take(_key(form.preview.data or "")) if form.preview.data else None
    if not held or held.get("admin") != g.admin.id:
        flash(_("The preview has expired or was used already. Upload the file again."), "error")
        return redirect(url_for(".import_units"))
    changed = units.apply([tuple(p) for p in held["pairs"]])
    flash(_("Units of work saved: %(n)s learners changed.", n=changed), "success")
    return redirect(url_for(".index"))
