"""The ``budgeting`` blueprint and what its pages share: the learner's (learner_views) and the instructor's
(instructor_views) routes are both on it, so their endpoints keep the one name ``budgeting.<view>``.

Also the template filters of the budgeting templates, which ``init_app`` adds to the app.
"""
import re
from decimal import Decimal
from types import SimpleNamespace

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from .. import clock
from ..extensions import db
from ..formats import format_number, format_percent, format_rupiah
from ..grades.outbox import latest_score
from .domain.budget import IndicatorKind, budget_total, group_by_account, line_amount
from .domain.rollup import kelompok_subtotals, recap_by_jenis, rollup, subgroups
from .findings import finding_text, finding_texts
from .header import form_header_labels, with_scenario_header
from .labels import FIELD_LABELS, INDICATOR_LABELS, message, refusal_text
from .models import BudgetSubmission
from .services.documents import parse_document
from .services.exercises import rules_for
from .services.variants import for_submission
from .variant_labels import refusal as variant_refusal

bp = Blueprint("budgeting", __name__, url_prefix="/budgeting")


def page_locale():
    return str(get_locale() or "id")


def refuse(exc):
    """Flash why a SubmissionRefused was raised, in the page's language."""
    if exc.code == "variants_invalid":
        flash(variant_refusal(exc.params), "error")
        return
    params = dict(exc.params)
    if "field" in params:
        params["field"] = str(FIELD_LABELS.get(params["field"], params["field"])) % {"zone": clock.zone_abbreviation()}
        if params.get("row"):
            params["field"] = _("%(field)s, line %(row)s", field=params["field"], row=params["row"])
    flash(refusal_text(exc.code, params), "error")


def go(endpoint):
    return redirect(url_for(endpoint, launch=g.launch.token))


def header_and_indicator_labels():
    return (form_header_labels(),
            {k.value: str(INDICATOR_LABELS[k.value]) for k in IndicatorKind})


def required_fields(exercise):
    """The header fields and indicator kinds the learner must fill in (names), for the pages."""
    rules = rules_for(exercise)
    return SimpleNamespace(header=set(rules.required_header_fields),
                           indicators={kind.value for kind in rules.required_indicator_kinds})


def render_page(template, exercise, submission, parsed=None, **extra):
    """A page showing one budget (the learner's, or a preview's) with the exercise around it, as its learner sees it
    (their scenario variant)."""
    exercise = for_submission(exercise, submission)
    header_labels, indicator_labels = header_and_indicator_labels()
    locale = page_locale()  # once: ``rupiah`` is called for every line
    parsed = parsed or parse_document(with_scenario_header(submission.document, exercise), locale)
    return render_template(
        template, ctx=g.launch, activity=g.activity, exercise=exercise, submission=submission, parsed=parsed,
        scenario=exercise.scenario_html(locale), rupiah=lambda v: format_rupiah(v, locale),
        header_labels=header_labels, indicator_labels=indicator_labels, locale=locale,
        required=required_fields(exercise), score=latest_score(g.launch.user.id, g.activity.id), **extra)


def rka_download(exercise, submission, for_staff=False):
    """The budget as an RKA XLSX file; the staff's copy has a second sheet with the findings and comments."""
    from .io.rka_xlsx import export_rka  # openpyxl is loaded only when a file is asked for

    exercise = for_submission(exercise, submission)
    parsed = parse_document(submission.document, page_locale())
    findings = staff_findings(submission) if for_staff else None
    data = export_rka(parsed.budget, rules_for(exercise), g.activity.title, locale=page_locale(), findings=findings)
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="rincian-belanja.xlsx"'})


def staff_findings(submission):
    """[(line_no or None, severity, finding, comment)]: the checks' findings with the instructor's line comments,
    then comments on lines without a finding and the overall comment."""
    review, locale = submission.rubric_scores or {}, page_locale()
    comments = {str(k): v for k, v in (review.get("line_comments") or {}).items()}
    rows, commented = [], set()
    for finding in submission.findings or []:
        line_no = finding.get("line_no")
        comment = comments.get(str(line_no), "") if line_no is not None and str(line_no) not in commented else ""
        commented.add(str(line_no))
        severity = _("error") if finding.get("severity") == "error" else _("warning")
        rows.append((line_no, severity, finding_text(finding, locale), comment))
    rows += [(int(n) if str(n).isdigit() else None, "", "", text) for n, text in comments.items()
             if n not in commented and text]
    if review.get("comment"):
        rows.append((None, "", "", review["comment"]))
    return rows


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
    """Account groups with subtotals, the total, each line's amount (by line number), the accounts' names and the
    standard prices' tax treatments (by code), by the exercise's PPN and rounding rules; taken from the checks'
    ``report`` when the page has one."""
    rules = rules_for(exercise)
    pricing = (rules.ppn_rate, rules.prices_include_ppn, rules.rounding)
    if report is not None and len(report.line_amounts) == len(budget.lines):  # (not when too long to check)
        groups, total, amounts = report.groups, report.total, report.line_amounts
    else:
        groups, total = group_by_account(budget.lines, *pricing), budget_total(budget.lines, *pricing)
        amounts = [line_amount(line, *pricing[:2]) for line in budget.lines]
    return SimpleNamespace(groups=groups, total=total, subtotals={group.account: group.subtotal for group in groups},
                           amounts={line.line_no: amount for line, amount in zip(budget.lines, amounts, strict=True)},
                           names={a.code: a.name for a in rules.accounts},
                           taxes={code: price.tax.value for code, price in rules.price_index.items()})


def ppn_percent(rate, locale=None):
    """A PPN rate (a fraction, ``0.11``) as the forms show it: ``11%``, ``12,5%``."""
    if rate is None or rate == "":
        return ""
    return format_percent(Decimal(str(rate)) * 100, locale)


def budget_rollup(totals):
    """The SIPD roll-ups of ``budget_groups``' result: rows for every account level, the recap per jenis belanja,
    and each account's lines under their kelompok and keterangan (``domain.rollup``)."""
    rows = rollup(totals.groups, totals.names)
    subs = {row.code: subgroups(row.group.lines, totals.amounts) for row in rows if row.group is not None}
    return SimpleNamespace(rows=rows, recap=recap_by_jenis(totals.groups, totals.names), subgroups=subs,
                           kelompok={code: kelompok_subtotals(found) for code, found in subs.items()})


def price_mode_text(choice, locale):
    """``batas tertinggi`` or ``perkiraan ± 10%`` for a standard price."""
    if choice.ceiling:
        return _("ceiling")
    return _("estimate ± %(p)s%%", p=format_number(choice.tolerance, locale))


def price_json(choice, locale):
    """A standard price as the panel's JavaScript shows it and fills it into a line."""
    return {"code": choice.code, "name": choice.name, "specification": choice.specification, "unit": choice.unit,
            "price": format_rupiah(choice.price, locale), "price_input": choice.price_input,
            "mode": price_mode_text(choice, locale), "ceiling": choice.ceiling, "accounts": list(choice.accounts),
            "account": choice.account}


def findings_by_line(findings, locale):
    """Stored findings by their line number, as (severity, text): a 500-line table looks each line's up once, not
    through them all, and each text is made once (``finding_texts``)."""
    by_line = {}
    for finding, text in zip(findings, finding_texts(findings, locale), strict=True):
        by_line.setdefault(finding.get("line_no"), []).append((finding.get("severity"), text))
    return by_line


def budget_message(error, locale):
    return message(error, locale)


def local_input(moment):
    """A stored UTC time as the value of a datetime-local field, in the configured zone (``clock``)."""
    return clock.to_local(moment).strftime("%Y-%m-%dT%H:%M")


def budget_jp(value):
    """The planned JP as typed in its field: 2.00 → "2", 1.50 → "1.5", None → ""."""
    return "" if value is None else (f"{value:.2f}".rstrip("0").rstrip(".") or "0")


def email_breaks(address):
    """An e-mail address that wraps only before its ``@`` and dots, never in the middle of a word."""
    parts = re.split(r"(?=[@.])", str(address or ""))
    return Markup("<wbr>").join(escape(part) for part in parts)


TEMPLATE_FILTERS = {"email_breaks": email_breaks, "budget_rollup": budget_rollup, "price_mode": price_mode_text,
                    "budget_jp": budget_jp, "findings_by_line": findings_by_line, "ppn_percent": ppn_percent,
                    "budget_groups": budget_groups, "finding_text": finding_text, "finding_texts": finding_texts,
                    "budget_message": budget_message, "local_input": local_input}
