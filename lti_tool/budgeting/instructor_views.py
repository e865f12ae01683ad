"""The instructor's pages: the exercise's settings and list imports, a preview, grading a budget (printable and as
XLSX too) and regrading after the rules change (routes on the ``budgeting`` blueprint of ``pages``)."""
from pathlib import Path

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import clock
from ..activities.access import requires_activity
from ..activities.jp import apply_category, parse_jp
from ..activities.kinds import KindError
from ..extensions import db
from ..formats import format_rupiah
from .domain.budget import HEADER_FIELDS
from .domain.numbers import format_decimal
from .forms import exercise_settings_from_form
from .io.tables import ImportFailed
from .labels import CHECK_LABELS, import_message
from .models import DRAFT, BudgetSubmission
from .pages import (
    bp,
    go,
    header_and_indicator_labels,
    page_locale,
    refuse,
    render_page,
    render_printable,
    required_fields,
    rka_download,
    submission_of_activity,
)
from .services import SubmissionRefused, copies, grading, model_answer, overrides, settings
from .services.documents import empty_document, parse_document
from .services.exercises import exercise_for
from .services.variants import for_submission, settings_text, variant_labels

SAMPLES = Path(__file__).parent / "sample"


@bp.route("/manage", methods=["GET", "POST"])
@requires_activity("budgeting", staff=True)
def manage():
    exercise = exercise_for(g.activity)
    if request.method == "POST" and request.form.get("essentials"):  # the dialog's short set-up form
        try:
            settings.update_essentials(exercise, request.form, page_locale())
        except SubmissionRefused as exc:
            db.session.rollback()
            refuse(exc)
        else:
            flash(_("The exercise is saved."), "success")
        return go("budgeting.manage")
    if request.method == "POST":
        try:
            values = exercise_settings_from_form(request.form)
            values["rubric"] = grading.parse_rubric(values.pop("rubric_text"), page_locale())
            if "budgeting_jp" in request.form:  # the learning record's planned JP and category (core checks)
                exercise.jp = parse_jp(request.form["budgeting_jp"]) or None
            apply_category(g.activity, request.form, "budgeting")
            settings.update_settings(exercise, values, page_locale())
        except SubmissionRefused as exc:
            db.session.rollback()  # nothing half-saved
            refuse(exc)
        except KindError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            flash(_("The exercise is saved."), "success")
        return go("budgeting.manage")
    # in the order the budgets were started (without an order PostgreSQL lists updated rows last)
    submissions = BudgetSubmission.query.filter_by(activity_id=g.activity.id).order_by(BudgetSubmission.id).all()
    header_labels, indicator_labels = header_and_indicator_labels()
    return render_template("budgeting/manage.html", ctx=g.launch, activity=g.activity, exercise=exercise,
                           header_labels=header_labels, indicator_labels=indicator_labels,
                           required=required_fields(exercise), checked_header=HEADER_FIELDS,
                           submissions=submissions, rupiah=lambda v: format_rupiah(v, page_locale()),
                           number=lambda v: format_decimal(v, page_locale()),  # values of inputs: every decimal kept
                           rubric_text=grading.rubric_text(exercise.rubric or []),
                           model_text=model_answer.model_text(exercise),
                           copy_targets=copies.targets(g.activity, g.launch.user, g.launch.course.issuer),
                           weights=settings.check_weights(exercise), check_labels=CHECK_LABELS,
                           variants_text=settings_text(exercise, page_locale()),
                           variant_labels=variant_labels(exercise),
                           zone=clock.zone_abbreviation())


@bp.get("/preview")
@requires_activity("budgeting", staff=True)
def preview():
    """The exercise as a learner sees it before starting (nothing is saved)."""
    exercise = exercise_for(g.activity)
    draft = BudgetSubmission(document=empty_document(), revision=0, status=DRAFT,
                             variant=0 if exercise.variants else None)  # with variants: as the first learner sees it
    return render_page("budgeting/preview.html", exercise, draft)


@bp.get("/print/<id:submission_id>")
@requires_activity("budgeting", staff=True)
def print_submission(submission_id):
    """A learner's budget, printable, for the instructor (a submission of this activity only)."""
    submission = submission_of_activity(submission_id)
    return render_printable(exercise_for(g.activity), submission,
                            url_for("budgeting.grade", submission_id=submission.id, launch=g.launch.token),
                            url_for("budgeting.export_submission", submission_id=submission.id,
                                    launch=g.launch.token))


@bp.get("/export/<id:submission_id>.xlsx")
@requires_activity("budgeting", staff=True)
def export_submission(submission_id):
    """A learner's budget as RKA XLSX, for the instructor."""
    return rka_download(exercise_for(g.activity), submission_of_activity(submission_id), for_staff=True)


@bp.route("/grade/<id:submission_id>", methods=["GET", "POST"])
@requires_activity("budgeting", staff=True)
def grade(submission_id):
    submission = submission_of_activity(submission_id)
    exercise = for_submission(exercise_for(g.activity), submission)  # as its learner saw it (their variant)
    choices, typed = _typed_grading(exercise)
    if request.method == "POST" and request.form.get("action") != "preview":
        comments = typed["line_comments"]
        try:
            grading.grade(submission, exercise, choices, comments, request.form.get("comment", ""))
        except SubmissionRefused as exc:
            refuse(exc)
            return redirect(url_for("budgeting.grade", submission_id=submission.id, launch=g.launch.token))
        flash(_("The grade is saved and sent to Moodle."), "success")
        return go("budgeting.manage")
    if request.method != "POST":  # first opened: what was saved; a preview shows what was typed
        saved = submission.rubric_scores or {}
        choices = {int(k): v for k, v in (saved.get("choices") or {}).items()}
        typed = {"choices": choices, "line_comments": saved.get("line_comments") or {},
                 "comment": saved.get("comment", "")}
    header_labels, indicator_labels = header_and_indicator_labels()
    locale = page_locale()  # once: ``rupiah`` is called for every line
    parsed = parse_document(submission.document, locale)
    return render_template(
        "budgeting/grade.html", ctx=g.launch, activity=g.activity, exercise=exercise, submission=submission,
        beside=model_answer.comparison(exercise, parsed.budget),
        typed=typed, preview=grading.preview_final(exercise, submission.automatic_score, choices),
        parsed=parsed, locale=locale,
        rupiah=lambda v: format_rupiah(v, locale), header_labels=header_labels,
        indicator_labels=indicator_labels, parts=overrides.score_parts(submission, exercise),
        overridden=overrides.overrides_of(submission), check_labels=CHECK_LABELS)


def _typed_grading(exercise):
    """The rubric choices ({criterion index: level index}) and the comments as typed in the grading form."""
    choices = {i: request.form.get(f"criterion-{i}", type=int) for i in range(len(exercise.rubric or []))}
    choices = {i: c for i, c in choices.items() if c is not None}
    comments = {k.split("-", 1)[1]: v for k, v in request.form.items() if k.startswith("comment-")}
    return choices, {"choices": choices, "line_comments": comments, "comment": request.form.get("comment", "")}


@bp.route("/regrade", methods=["GET", "POST"])
@requires_activity("budgeting", staff=True)
def regrade():
    exercise = exercise_for(g.activity)
    previews = grading.regrade_preview(exercise)
    if request.method == "POST":
        grading.apply_regrade(exercise, previews)
        flash(_("%(n)s scores were updated.", n=sum(p.changed for p in previews)), "success")
        return go("budgeting.manage")
    return render_template("budgeting/regrade.html", ctx=g.launch, activity=g.activity, previews=previews)


@bp.post("/import/<any(accounts, prices):kind>")
@requires_activity("budgeting", staff=True)
def import_list(kind):
    exercise = exercise_for(g.activity)
    if request.form.get("sample"):
        path = SAMPLES / f"{kind}_sample.csv"
        filename, data = path.name, path.read_bytes()
    else:
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(_("Choose a CSV or XLSX file."), "error")
            return go("budgeting.manage")
        filename, data = upload.filename, upload.read(2 * 1024 * 1024 + 1)
    try:
        number_format = "en" if request.form.get("number_format") == "en" else "id"  # how the file writes numbers
        report = settings.import_reference(exercise, kind, filename, data, g.launch.user.id, number_format)
    except ImportFailed as exc:
        flash(import_message(exc.code, exc.params, page_locale()), "error")
        return go("budgeting.manage")
    if not report.ok:
        for row in report.rejected[:50]:
            flash(_("Row %(row)s: %(reason)s", row=row.row,
                    reason=import_message(row.code, row.params, page_locale())), "error")
        flash(_("Nothing was imported: correct the rows above and import the file again."), "error")
    else:
        flash(_("%(n)s rows imported.", n=len(report.items)), "success")
    return go("budgeting.manage")
