"""The ``budgeting`` blueprint and what its pages share: the learner's (learner_views) and the instructor's
(instructor_views) routes are both on it, so their endpoints keep the one name ``budgeting.<view>``.

Also the template filters of the budgeting templates, which ``init_app`` adds to the app.
"""
from decimal import Decimal
from types import SimpleNamespace

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from .. import clock
from ..extensions import db
from ..formats import format_percent, format_rupiah
from ..grades.outbox import latest_score
from ..richtext import render_markdown
from .domain.budget import HEADER_FIELDS, IndicatorKind, budget_total, group_by_account, line_amount
from .findings import finding_text
from .labels import FIELD_LABELS, HEADER_LABELS, INDICATOR_LABELS, message, refusal_text
from .models import BudgetSubmission
from .services.documents import parse_document
from .services.exercises import rules_for

bp = Blueprint("budgeting", __name__, url_prefix="/budgeting")


def page_locale():
    return str(get_locale() or "id")


def refuse(exc):
    """Flash why a SubmissionRefused was raised, in the page's language."""
    params = dict(exc.params)
    if "field" in params:
        params["field"] = str(FIELD_LABELS.get(params["field"], params["field"])) % {"zone": clock.zone_abbreviation()}
        if params.get("row"):
            params["field"] = _("%(field)s, line %(row)s", field=params["field"], row=params["row"])
    flash(refusal_text(exc.code, params), "error")


def go(endpoint):
    return redirect(url_for(endpoint, launch=g.launch.token))


def header_and_indicator_labels():
    return ({name: str(HEADER_LABELS[name]) for name in HEADER_FIELDS},
            {k.value: str(INDICATOR_LABELS[k.value]) for k in IndicatorKind})


def required_fields(exercise):
    """The header fields and indicator kinds the learner must fill in (names), for the pages."""
    rules = rules_for(exercise)
    return SimpleNamespace(header=set(rules.required_header_fields),
                           indicators={kind.value for kind in rules.required_indicator_kinds})


def render_page(template, exercise, submission, parsed=None, **extra):
    """A page showing one budget (the learner's, or a preview's) with the exercise around it."""
    header_labels, indicator_labels = header_and_indicator_labels()
    parsed = parsed or parse_document(submission.document, page_locale())
    return render_template(
        template, ctx=g.launch, activity=g.activity, exercise=exercise, submission=submission, parsed=parsed,
        scenario=render_markdown(exercise.scenario_md), rupiah=lambda v: format_rupiah(v, page_locale()),
        header_labels=header_labels, indicator_labels=indicator_labels, locale=page_locale(),
        required=required_fields(exercise), score=latest_score(g.launch.user.id, g.activity.id), **extra)


def rka_download(exercise, submission):
    """The budget as an RKA XLSX file."""
    from .io.rka_xlsx import export_rka  # openpyxl is loaded only when a file is asked for

    parsed = parse_document(submission.document, page_locale())
    data = export_rka(parsed.budget, rules_for(exercise), g.activity.title, locale=page_locale())
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="rincian-belanja.xlsx"'})


def render_printable(exercise, submission, back_url, xlsx_url):
    return render_page("budgeting/print.html", exercise, submission, owner=submission.user, back_url=back_url,
                       xlsx_url=xlsx_url)


def submission_of_activity(submission_id):
    """A submission of this launch's activity only (the id comes from the browser)."""
    submission = db.session.get(BudgetSubmission, submission_id)
    if submission is None or submission.activity_id != g.activity.id:
        abort(404)
    return submission


# --- template filters ----------------------------------------------------------------------------------------------


def budget_groups(budget, exercise, report=None):
    """Account groups with subtotals, the total, each line's amount (by line number) and the accounts' names,
    by the exercise's PPN and rounding rules; taken from the checks' ``report`` when the page has one."""
    rules = rules_for(exercise)
    pricing = (rules.ppn_rate, rules.prices_include_ppn, rules.rounding)
    if report is not None and len(report.line_amounts) == len(budget.lines):  # (not when too long to check)
        groups, total, amounts = report.groups, report.total, report.line_amounts
    else:
        groups, total = group_by_account(budget.lines, *pricing), budget_total(budget.lines, *pricing)
        amounts = [line_amount(line, *pricing[:2]) for line in budget.lines]
    return SimpleNamespace(groups=groups, total=total, subtotals={group.account: group.subtotal for group in groups},
                           amounts={line.line_no: amount for line, amount in zip(budget.lines, amounts, strict=True)},
                           names={a.code: a.name for a in rules.accounts})


def ppn_percent(rate, locale=None):
    """A PPN rate (a fraction, ``0.11``) as the forms show it: ``11%``, ``12,5%``."""
    if rate is None or rate == "":
        return ""
    return format_percent(Decimal(str(rate)) * 100, locale)


def budget_message(error, locale):
    return message(error, locale)


def local_input(moment):
    """A stored UTC time as the value of a datetime-local field, in the configured zone (``clock``)."""
    return clock.to_local(moment).strftime("%Y-%m-%dT%H:%M")


def budget_jp(value):
    """The planned JP as typed in its field: 2.00 → "2", 1.50 → "1.5", None → ""."""
    return "" if value is None else (f"{value:.2f}".rstrip("0").rstrip(".") or "0")


TEMPLATE_FILTERS = {"budget_jp": budget_jp,
                    "budget_groups": budget_groups, "finding_text": finding_text, "budget_message": budget_message,
                    "local_input": local_input, "ppn_percent": ppn_percent}
