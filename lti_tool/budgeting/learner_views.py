"""The budgeting kind's pages: the learner's budget editor and results, the instructor's settings and imports."""
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..activities.access import requires_activity
from ..activities.kinds import ActivityKind
from ..extensions import db
from ..grades.delivery import deliver_soon
from ..grades.outbox import latest_score
from .domain.budget import HEADER_FIELDS, IndicatorKind, budget_total, group_by_account, line_amount
from .domain.numbers import HEADER_LABELS, INDICATOR_LABELS, format_decimal, format_rupiah, message
from .forms import document_from_form, exercise_settings_from_form
from .models import DRAFT, BudgetSubmission
from .richtext import render_markdown
from .services import grading, settings
from .services import submissions as services

bp = Blueprint("budgeting", __name__, url_prefix="/budgeting")
KIND = ActivityKind(
    name="budgeting",
    label=_l("Budgeting exercise (RKA)"),
    learner_endpoint="budgeting.work",
    instructor_endpoint="budgeting.manage",
    graded=True,
)
SAMPLES = Path(__file__).parent / "sample"
CHECK_LABELS = {
    "arithmetic": _l("Arithmetic"), "ceiling": _l("Total within the ceiling"), "account": _l("Accounts"),
    "price": _l("Unit prices"), "unit": _l("Units"), "required": _l("Required components"),
    "forbidden": _l("Forbidden items"), "duplicate": _l("Duplicates"), "fields": _l("Header and indicators"),
}
REFUSALS = {
    "not_draft": _l("This budget has been submitted and can no longer be changed."),
    "stale": _l("This budget was changed in another window. The newest version is shown: check it and save again."),
    "too_many_lines": _l("A budget can have at most %(max)s lines."),
    "past_due": _l("The due date has passed: the budget can no longer be submitted."),
    "line_errors": _l("%(count)s lines still have errors. Correct them before submitting."),
    "no_attempts": _l("You have used every attempt for this exercise."),
    "field_invalid": _l("Check the field “%(field)s”."),
    "rubric_invalid": _l("Rubric line %(row)s: write “criterion | level: points ; level: points”."),
    "rubric_incomplete": _l("Choose a level for “%(criterion)s”."),
    "not_submitted": _l("Only a submitted budget can be graded."),
}
FIELD_LABELS = {
    "title": _l("Title"), "ceiling": _l("Ceiling (pagu), Rp"), "ppn_rate": _l("PPN rate, percent"),
    "max_attempts": _l("Attempts"),
    "due_at": _l("Due (WIB)"), "rounding": _l("Rounding"), "automatic_weight_pct":
    _l("Weight of the automatic checks, percent (the rest is the rubric)"),
    "required_components": _l("Required components"), **CHECK_LABELS,
}
STATUS_LABELS = {"draft": _l("draft"), "submitted": _l("submitted, to be graded"), "graded": _l("graded")}


def _locale():
    return str(get_locale() or "id")


def _refused(exc):
    params = dict(exc.params)
    if "field" in params:
        params["field"] = str(FIELD_LABELS.get(params["field"], params["field"]))
        if params.get("row"):
            params["field"] = _("%(field)s, line %(row)s", field=params["field"], row=params["row"])
    flash(str(REFUSALS.get(exc.code, exc.code)) % params, "error")


def _go(endpoint):
    return redirect(url_for(endpoint, launch=g.launch.token))


def _labels():
    index = 1 if _locale() == "en" else 0
    return ({name: HEADER_LABELS.get(name, (name, name))[index] for name in HEADER_FIELDS},
            {k.value: INDICATOR_LABELS[k.value][index] for k in IndicatorKind})


def _required(exercise):
    """The header fields and indicator kinds the learner must fill in (names), for the pages."""
    rules = services.rules_for(exercise)
    return SimpleNamespace(header=set(rules.required_header_fields),
                           indicators={kind.value for kind in rules.required_indicator_kinds})


def _page(template, exercise, submission, parsed=None, **extra):
    header_labels, indicator_labels = _labels()
    parsed = parsed or services.parse_document(submission.document, _locale())
    return render_template(
        template, ctx=g.launch, activity=g.activity, exercise=exercise, submission=submission, parsed=parsed,
        scenario=render_markdown(exercise.scenario_md), rupiah=lambda v: format_rupiah(v, _locale()),
        header_labels=header_labels, indicator_labels=indicator_labels, locale=_locale(), required=_required(exercise),
        score=latest_score(g.launch.user.id, g.activity.id), **extra)


@bp.get("/")
@requires_activity("budgeting")
def work():
    exercise = services.exercise_for(g.activity)
    submission = services.current_submission(g.activity.id, g.launch.user.id)
    if submission.status != DRAFT:
        left = services.attempts_left(exercise, g.activity.id, g.launch.user.id)
        return _page("budgeting/result.html", exercise, submission, attempts_left=left)
    return _draft_page("budgeting/work.html", exercise, submission,
                       document=services.in_locale(submission.document, _locale()))


def _draft_page(template, exercise, submission, **extra):
    """A page of the draft with what the checks say about it now (the document parsed once for both)."""
    parsed = services.parse_document(submission.document, _locale())
    return _page(template, exercise, submission, parsed=parsed,
                 feedback=services.draft_feedback(parsed, exercise, _locale()), **extra)


@bp.post("/save")
@requires_activity("budgeting")
def save():
    submission = services.current_submission(g.activity.id, g.launch.user.id)
    document = document_from_form(request.form)
    document["lines"] = services.in_account_order(document["lines"])  # autosave keeps the page's order
    if request.form.get("action") == "add":
        document["lines"].append({})
    try:
        services.save_draft(submission, document, request.form.get("revision", type=int), _locale())
    except services.SubmissionRefused as exc:
        _refused(exc)
        return _go("budgeting.work")
    if request.form.get("action") == "submit":
        return _go("budgeting.confirm")
    flash(_("Saved."), "success")
    return _go("budgeting.work")


@bp.get("/confirm")
@requires_activity("budgeting")
def confirm():
    exercise = services.exercise_for(g.activity)
    submission = services.current_submission(g.activity.id, g.launch.user.id)
    if submission.status != DRAFT:
        return _go("budgeting.work")
    return _draft_page("budgeting/confirm.html", exercise, submission)


@bp.post("/submit")
@requires_activity("budgeting")
def submit():
    exercise = services.exercise_for(g.activity)
    submission = services.current_submission(g.activity.id, g.launch.user.id)
    if request.form.get("revision", type=int) != submission.revision:
        _refused(services.SubmissionRefused("stale"))
        return _go("budgeting.work")
    try:
        services.submit(submission, exercise, g.launch.user, g.launch.link, _locale())
    except services.SubmissionRefused as exc:
        _refused(exc)
        return _go("budgeting.work")
    score = latest_score(g.launch.user.id, g.activity.id)
    deliver_soon([score.id] if score else [])
    flash(_("Your budget has been submitted."), "success")
    return _go("budgeting.work")


@bp.post("/new-attempt")
@requires_activity("budgeting")
def new_attempt():
    try:
        services.new_attempt(services.exercise_for(g.activity), g.activity.id, g.launch.user.id)
    except services.SubmissionRefused as exc:
        _refused(exc)
    return _go("budgeting.work")


@bp.get("/export.xlsx")
@requires_activity("budgeting")
def export():
    return _xlsx(services.exercise_for(g.activity), services.current_submission(g.activity.id, g.launch.user.id))


def _xlsx(exercise, submission):
    from .io.rka_xlsx import export_rka

    parsed = services.parse_document(submission.document, _locale())
    data = export_rka(parsed.budget, services.rules_for(exercise), g.activity.title, locale=_locale())
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="rincian-belanja.xlsx"'})


def _printable(exercise, submission, back_url, xlsx_url):
    return _page("budgeting/print.html", exercise, submission, owner=submission.user, back_url=back_url,
                 xlsx_url=xlsx_url, status_label=STATUS_LABELS.get(submission.status, submission.status),
                 printed_at=(datetime.now(UTC) + timedelta(hours=7)).strftime("%d-%m-%Y %H:%M"))


@bp.get("/print")
@requires_activity("budgeting")
def print_budget():
    """The learner's own budget as a printable RKA page."""
    submission = services.current_submission(g.activity.id, g.launch.user.id)
    return _printable(services.exercise_for(g.activity), submission,
                      url_for("budgeting.work", launch=g.launch.token),
                      url_for("budgeting.export", launch=g.launch.token))


@bp.get("/print/<id:submission_id>")
@requires_activity("budgeting", staff=True)
def print_submission(submission_id):
    """A learner's budget, printable, for the instructor (a submission of this activity only)."""
    submission = _submission_of_activity(submission_id)
    return _printable(services.exercise_for(g.activity), submission,
                      url_for("budgeting.grade", submission_id=submission.id, launch=g.launch.token),
                      url_for("budgeting.export_submission", submission_id=submission.id, launch=g.launch.token))


@bp.get("/export/<id:submission_id>.xlsx")
@requires_activity("budgeting", staff=True)
def export_submission(submission_id):
    """A learner's budget as RKA XLSX, for the instructor."""
    return _xlsx(services.exercise_for(g.activity), _submission_of_activity(submission_id))


@bp.route("/manage", methods=["GET", "POST"])
@requires_activity("budgeting", staff=True)
def manage():
    exercise = services.exercise_for(g.activity)
    if request.method == "POST":
        try:
            values = exercise_settings_from_form(request.form)
            values["rubric"] = grading.parse_rubric(values.pop("rubric_text"), _locale())
            settings.update_settings(exercise, values, _locale())
        except services.SubmissionRefused as exc:
            db.session.rollback()  # nothing half-saved
            _refused(exc)
        else:
            flash(_("The exercise is saved."), "success")
        return _go("budgeting.manage")
    submissions = BudgetSubmission.query.filter_by(activity_id=g.activity.id).all()
    header_labels, indicator_labels = _labels()
    return render_template("budgeting/manage.html", ctx=g.launch, activity=g.activity, exercise=exercise,
                           header_labels=header_labels, indicator_labels=indicator_labels,
                           required=_required(exercise),
                           submissions=submissions, rupiah=lambda v: format_rupiah(v, _locale()),
                           number=lambda v: format_decimal(v, _locale()),
                           rubric_text=grading.rubric_text(exercise.rubric or []),
                           weights=settings.check_weights(exercise), check_labels=CHECK_LABELS)


@bp.get("/preview")
@requires_activity("budgeting", staff=True)
def preview():
    """The exercise as a learner sees it before starting (nothing is saved)."""
    exercise = services.exercise_for(g.activity)
    draft = BudgetSubmission(document=services.empty_document(), revision=0, status=DRAFT)
    return _page("budgeting/preview.html", exercise, draft)


def _submission_of_activity(submission_id):
    """A submission of this launch's activity only (the id comes from the browser)."""
    submission = db.session.get(BudgetSubmission, submission_id)
    if submission is None or submission.activity_id != g.activity.id:
        abort(404)
    return submission


@bp.route("/grade/<id:submission_id>", methods=["GET", "POST"])
@requires_activity("budgeting", staff=True)
def grade(submission_id):
    exercise = services.exercise_for(g.activity)
    submission = _submission_of_activity(submission_id)
    if request.method == "POST":
        choices = {i: request.form.get(f"criterion-{i}", type=int) for i in range(len(exercise.rubric or []))}
        choices = {i: c for i, c in choices.items() if c is not None}
        comments = {k.split("-", 1)[1]: v for k, v in request.form.items() if k.startswith("comment-")}
        try:
            score = grading.grade(submission, exercise, choices, comments, request.form.get("comment", ""))
        except services.SubmissionRefused as exc:
            _refused(exc)
            return redirect(url_for("budgeting.grade", submission_id=submission.id, launch=g.launch.token))
        deliver_soon([score.id])
        flash(_("The grade is saved and sent to Moodle."), "success")
        return _go("budgeting.manage")
    header_labels, indicator_labels = _labels()
    return render_template(
        "budgeting/grade.html", ctx=g.launch, activity=g.activity, exercise=exercise, submission=submission,
        parsed=services.parse_document(submission.document, _locale()), locale=_locale(),
        rupiah=lambda v: format_rupiah(v, _locale()), header_labels=header_labels, indicator_labels=indicator_labels)


@bp.route("/regrade", methods=["GET", "POST"])
@requires_activity("budgeting", staff=True)
def regrade():
    exercise = services.exercise_for(g.activity)
    previews = grading.regrade_preview(exercise)
    if request.method == "POST":
        sent = grading.apply_regrade(exercise, previews)
        deliver_soon([s.id for s in sent])
        flash(_("%(n)s scores were updated.", n=sum(p.changed for p in previews)), "success")
        return _go("budgeting.manage")
    return render_template("budgeting/regrade.html", ctx=g.launch, activity=g.activity, previews=previews)


@bp.post("/import/<any(accounts, prices):kind>")
@requires_activity("budgeting", staff=True)
def import_list(kind):
    from .io.reference_lists import ImportFailed
    from .io.reference_lists import message as io_message

    exercise = services.exercise_for(g.activity)
    if request.form.get("sample"):
        path = SAMPLES / f"{kind}_sample.csv"
        filename, data = path.name, path.read_bytes()
    else:
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(_("Choose a CSV or XLSX file."), "error")
            return _go("budgeting.manage")
        filename, data = upload.filename, upload.read(2 * 1024 * 1024 + 1)
    try:
        number_format = "en" if request.form.get("number_format") == "en" else "id"  # how the file writes numbers
        report = settings.import_reference(exercise, kind, filename, data, g.launch.user.id, number_format)
    except ImportFailed as exc:
        flash(io_message(exc.code, exc.params, _locale()), "error")
        return _go("budgeting.manage")
    if not report.ok:
        for row in report.rejected[:50]:
            flash(_("Row %(row)s: %(reason)s", row=row.row, reason=io_message(row.code, row.params, _locale())),
                  "error")
        flash(_("Nothing was imported: correct the rows above and import the file again."), "error")
    else:
        flash(_("%(n)s rows imported.", n=len(report.items)), "success")
    return _go("budgeting.manage")


@bp.app_template_filter("budget_groups")
def _budget_groups(budget, exercise, report=None):
    """Account groups with subtotals, the total, each line's amount (by line number) and the accounts' names,
    by the exercise's PPN and rounding rules; taken from the checks' ``report`` when the page has one."""
    rules = services.rules_for(exercise)
    pricing = (rules.ppn_rate, rules.prices_include_ppn, rules.rounding)
    if report is not None and len(report.line_amounts) == len(budget.lines):  # (not when too long to check)
        groups, total, amounts = report.groups, report.total, report.line_amounts
    else:
        groups, total = group_by_account(budget.lines, *pricing), budget_total(budget.lines, *pricing)
        amounts = [line_amount(line, *pricing[:2]) for line in budget.lines]
    return SimpleNamespace(groups=groups, total=total, subtotals={group.account: group.subtotal for group in groups},
                           amounts={line.line_no: amount for line, amount in zip(budget.lines, amounts, strict=True)},
                           names={a.code: a.name for a in rules.accounts})


@bp.app_template_filter("finding_text")
def _finding_text(finding, locale):
    """A stored finding's text in the page's language (stored in both when the budget was handed in)."""
    texts = finding.get("text") or {}
    return texts.get(locale) or texts.get("id", "")


@bp.app_template_filter("budget_message")
def _budget_message(error, locale):
    return message(error, locale)


@bp.app_template_filter("wib")
def _wib(moment):
    """A stored UTC time as the value of a datetime-local field in WIB (UTC+7)."""
    return (moment + timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M")


def init_app(app):
    from ..activities.kinds import register_kind
    from . import api_views, dashboard_views

    register_kind(app, KIND)
    app.register_blueprint(bp)
    app.register_blueprint(dashboard_views.bp)
    app.register_blueprint(api_views.bp)
