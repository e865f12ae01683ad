"""JSON for the budget editor's JavaScript: live amounts, check findings and totals (/check) and autosaved drafts
(/autosave).

Protected exactly like the pages: the launch token in ``?launch=``, the activity bound to the launch's link, and the
CSRF token (the page's ``csrf_token`` field, sent as the ``X-CSRFToken`` header). Every answer is JSON, refusals
included, and no input makes a 500: the body is the editor's form as posted, read as ``document_from_form`` reads it.
"""
from flask import Blueprint, g, jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..activities.access import requires_activity
from ..errors import error_response
from ..formats import format_number, format_rupiah, format_time
from ..lti.refusal import Refused
from .domain.budget import MAX_LINES
from .forms import document_from_form
from .header import with_scenario_header
from .labels import message, refusal_text
from .pages import budget_groups, price_json
from .services import SubmissionRefused, submissions
from .services.documents import draft_feedback, line_numbers, parse_document
from .services.exercises import exercise_for, rules_for
from .services.prices import search_prices
from .services.variants import for_learner

bp = Blueprint("budgeting_api", __name__, url_prefix="/budgeting/api")


def _locale():
    return str(get_locale() or "id")


def _document(form):
    """The budget as ``document_from_form`` reads it, and for each of its lines the ``n`` of the form's
    ``lines-<n>-…`` fields it came from (removed and empty rows are skipped, so the two numberings differ)."""
    document = document_from_form(form)  # read once; each line keeps its n as ``no``
    return document, [line["no"] for line in document["lines"]]


@bp.post("/check")
@requires_activity("budgeting")
def check():
    """For the form as it is now: each row's amount, input error and check findings (keyed by the form's row
    number), findings about the whole budget, the automatic score it would get, account subtotals and the total
    against the ceiling. Amounts, subtotals and the total are the checks' own, computed once."""
    locale = _locale()
    submission = submissions.current_submission(g.activity.id, g.launch.user.id)
    exercise = for_learner(exercise_for(g.activity), submission)  # the learner's variant: its pagu, its volumes
    document, numbers = _document(request.form)
    parsed = parse_document(with_scenario_header(document, exercise), locale)
    rules = rules_for(exercise)

    def rupiah(value):
        return format_rupiah(value, locale)

    feedback = draft_feedback(parsed, exercise, locale)
    totals = budget_groups(parsed.budget, exercise, feedback.report)
    lines = {}
    # each row by the form's n; its number in the checks is n too, unless a row had an unusable n (then positions)
    for n, no in zip(numbers, line_numbers(document["lines"][:MAX_LINES + 1]), strict=False):
        error = parsed.line_errors.get(no)
        lines[n] = ({"amount": None, "error": message(error, locale)} if error else
                    {"amount": rupiah(totals.amounts[no]), "error": None})
        lines[n]["findings"] = [{"severity": s, "text": t} for s, t in feedback.by_line.get(no, [])]
    total = totals.total
    ceiling = rules.ceiling or None
    over = ceiling is not None and total > ceiling
    balance = None
    if ceiling is not None:
        balance = (_("over by %(a)s", a=rupiah(total - ceiling)) if over
                   else _("remaining %(a)s", a=rupiah(ceiling - total)))
    return jsonify(
        lines=lines,
        groups=[{"account": group.account, "name": getattr(rules.account_index.get(group.account), "name", ""),
                 "subtotal": rupiah(group.subtotal)} for group in totals.groups],
        total=rupiah(total), ceiling=rupiah(ceiling) if ceiling is not None else None, over=over,
        remaining=rupiah(ceiling - total) if ceiling is not None else None, balance=balance,
        general=[{"severity": s, "text": t} for s, t in feedback.general], score=str(feedback.score),
        score_text=format_number(feedback.score, locale))


@bp.get("/prices")
@requires_activity("budgeting")
def prices():
    """The standard-price panel's search: the exercise's SSH/SBU items matching ``q`` (code, name, account)."""
    locale = _locale()
    found = search_prices(rules_for(exercise_for(g.activity)), request.args.get("q", ""), locale)
    return jsonify(query=found.query, found=found.found, items=[price_json(c, locale) for c in found.choices])


@bp.post("/autosave")
@requires_activity("budgeting")
def autosave():
    """Save the draft as the form is now, if ``revision`` is still the newest (never over newer work)."""
    revision = request.form.get("revision", type=int)
    if revision is None:
        return _error(400, "revision", _("The page is missing its revision: reload it."))
    submission = submissions.current_submission(g.activity.id, g.launch.user.id)
    document, _numbers = _document(request.form)
    document = with_scenario_header(document, for_learner(exercise_for(g.activity), submission))
    try:
        submissions.save_draft(submission, document, revision, _locale())
    except SubmissionRefused as exc:
        if exc.code == "stale":
            return _error(409, "stale", _("This budget was changed in another window. Reload the page to see the "
                                          "newest version; changes made here since then are not saved."))
        return _error(400, exc.code, refusal_text(exc.code, exc.params))
    return jsonify(revision=submission.revision, saved_at=submission.updated_at.isoformat() + "Z",
                   saved_at_text=format_time(submission.updated_at, _locale()))  # in the configured zone


def _error(status, code, text):
    return jsonify(error=code, message=text), status


@bp.errorhandler(Refused)
def _refused(exc):
    return _error(exc.status, exc.code, exc.texts()[0])


@bp.errorhandler(CSRFError)
def _csrf(exc):
    return _error(400, "csrf", _("This page has expired. Reload it, or save with the Save button."))


@bp.errorhandler(HTTPException)
def _http(exc):
    """JSON with the error pages' text in the reader's language (413 for a body over MAX_CONTENT_LENGTH, 405 …)."""
    return exc.response if exc.response is not None else error_response(exc)
