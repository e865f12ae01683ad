"""The learner's pages: the budget editor, the confirmation before handing in, the result, a new attempt, and the
budget as a printable page or an RKA XLSX file (routes on the ``budgeting`` blueprint of ``pages``)."""
from flask import flash, g, redirect, request, url_for
from flask_babel import gettext as _

from ..activities.access import requires_activity
from .forms import document_from_form
from .header import scenario_header, scenario_indicators, with_scenario_header
from .labels import CHECK_LABELS
from .models import DRAFT
from .pages import bp, go, page_locale, refuse, render_page, render_printable, rka_download
from .services import SubmissionRefused, overrides, submissions
from .services.documents import (
    clean_line,
    draft_feedback,
    in_account_order,
    in_locale,
    next_line_number,
    numbered,
    parse_document,
)
from .services.exercises import exercise_for, rules_for
from .services.prices import search_prices
from .services.variants import for_learner


@bp.get("/")
@requires_activity("budgeting")
def work():
    exercise, submission = _mine()
    if submission.status != DRAFT:
        left = submissions.attempts_left(exercise, g.activity.id, g.launch.user.id)
        return render_page("budgeting/result.html", exercise, submission, attempts_left=left,
                           parts=overrides.score_parts(submission, exercise),
                           overridden=overrides.overrides_of(submission), check_labels=CHECK_LABELS)
    # The standard-price panel: without JavaScript its search is this page with ?price_q=
    prices = search_prices(rules_for(exercise), request.args.get("price_q", ""), page_locale())
    document = in_locale(with_scenario_header(submission.document, exercise), page_locale())
    document = dict(document, lines=numbered(document["lines"]))  # each line shown with its number
    return _draft_page("budgeting/work.html", exercise, submission, price_search=prices,
                       fixed=scenario_header(exercise), fixed_indicators=scenario_indicators(exercise),
                       document=document)


def _mine():
    """The exercise as this learner sees it (their scenario variant, given on first opening) and their budget."""
    submission = submissions.current_submission(g.activity.id, g.launch.user.id)
    return for_learner(exercise_for(g.activity), submission), submission


def _draft_page(template, exercise, submission, **extra):
    """A page of the draft with what the checks say about it now (the document parsed once for both)."""
    parsed = parse_document(with_scenario_header(submission.document, exercise), page_locale())
    shown = submission.revision > 0 or template != "budgeting/work.html"  # errors only once the learner saved
    return render_page(template, exercise, submission, parsed=parsed,
                       feedback=draft_feedback(parsed, exercise, page_locale(), shown), **extra)


@bp.post("/save")
@requires_activity("budgeting")
def save():
    exercise, submission = _mine()
    document = with_scenario_header(document_from_form(request.form), exercise)
    line = worked_on(submission.document.get("lines", []), document["lines"])
    document["lines"] = in_account_order(document["lines"])  # autosave keeps the page's order
    if request.form.get("action") == "add":
        line = next_line_number(document["lines"])
        document["lines"].append({"no": line})
    try:
        submissions.save_draft(submission, document, request.form.get("revision", type=int), page_locale())
    except SubmissionRefused as exc:
        refuse(exc)
        return go("budgeting.work")
    if request.form.get("action") == "submit":
        return go("budgeting.confirm")
    flash(_("Saved."), "success")
    # back where the learner was: the page scrolls to the line worked on (its number does not change on saving)
    return redirect(url_for("budgeting.work", launch=g.launch.token, _anchor=f"line-{line}" if line else None))


def worked_on(stored, posted):
    """The number of the last line of the form that differs from the stored draft (a new or changed line), if any."""
    before = {line["no"]: clean_line(line) for line in numbered(stored)}
    changed = [line["no"] for line in posted if before.get(line.get("no")) != clean_line(line)]
    return changed[-1] if changed else None


@bp.get("/confirm")
@requires_activity("budgeting")
def confirm():
    exercise, submission = _mine()
    if submission.status != DRAFT:
        return go("budgeting.work")
    left = submissions.attempts_left(exercise, g.activity.id, g.launch.user.id)
    return _draft_page("budgeting/confirm.html", exercise, submission, attempts_left=left)


@bp.post("/submit")
@requires_activity("budgeting")
def submit():
    exercise, submission = _mine()
    if request.form.get("revision", type=int) != submission.revision:
        refuse(SubmissionRefused("stale"))
        return go("budgeting.work")
    try:
        submissions.submit(submission, exercise, g.launch.user, g.launch.link, page_locale())
    except SubmissionRefused as exc:
        refuse(exc)
        return go("budgeting.work")
    flash(_("Your budget has been submitted."), "success")
    return go("budgeting.work")


@bp.post("/new-attempt")
@requires_activity("budgeting")
def new_attempt():
    try:
        submissions.new_attempt(exercise_for(g.activity), g.activity.id, g.launch.user.id)
    except SubmissionRefused as exc:
        refuse(exc)
    return go("budgeting.work")


@bp.get("/export.xlsx")
@requires_activity("budgeting")
def export():
    exercise, submission = _mine()
    return rka_download(exercise, submission)


@bp.get("/print")
@requires_activity("budgeting")
def print_budget():
    """The learner's own budget as a printable RKA page."""
    exercise, submission = _mine()
    return render_printable(exercise, submission,
                            url_for("budgeting.work", launch=g.launch.token),
                            url_for("budgeting.export", launch=g.launch.token))
