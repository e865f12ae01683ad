"""The learner's page of the record: this year's JP against the target, the entries by category, earlier years.

Any launch opens it, and it shows the record of the launch's user only: no user id is read from the browser; the
only parameter is ``?year=``."""
from flask import Blueprint, current_app, g, render_template, request
from flask_babel import lazy_gettext as _l

from ..clock import to_local, utcnow
from ..lti.context import requires_launch
from . import progress, services
from .models import REVERSAL

bp = Blueprint("record", __name__, url_prefix="/record")

CATEGORY_LABELS = {
    "pelatihan klasikal": _l("Classroom training"),
    "e-learning": _l("E-learning"),
    "coaching/mentoring": _l("Coaching/mentoring"),
    "seminar/workshop": _l("Seminar/workshop"),
    "belajar mandiri": _l("Self-study"),
}


def category_label(name):
    return CATEGORY_LABELS.get(name, name)


def _year(this_year):
    text = request.args.get("year", "")
    if text.isdigit() and 1900 <= int(text) <= 9999:
        return int(text)
    return this_year


@bp.get("/")
@requires_launch()
def home():
    ctx = g.launch
    this_year = to_local(utcnow()).year
    year = _year(this_year)
    rows = services.entries(ctx.user.id, year)
    target = current_app.config.get("LATIH_JP_TARGET") or 0
    total = progress.year_total(r.jp for r in rows)
    categories = progress.by_category(((r.category, r.jp) for r in rows),
                                      tuple(current_app.config.get("LATIH_JP_CATEGORIES") or ()))
    years = sorted(set(services.years(ctx.user.id)) | {this_year}, reverse=True)
    return render_template("record/home.html", ctx=ctx, year=year, this_year=this_year, years=years, rows=rows,
                           total=total, target=target, percent=progress.percent_of_target(total, target),
                           categories=categories, category_label=category_label, jp=progress.display_jp,
                           reversal=REVERSAL, to_local=to_local)
