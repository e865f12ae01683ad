"""The staff pages of the loop from feedback to a change (routes on the ``feedback`` blueprint of ``pages``): the open
answers (search, tags, tag counts), the finding form that opens a revision request on a module of the course, and
the list of the requests this form opened with their state and the version that addressed them."""
from flask import flash, g, request
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..extensions import db
from ..revisions.labels import refusal as revision_refusal
from ..revisions.services import RevisionRefused
from . import loop_labels
from .domain.open_answers import DEFAULT_TAGS, MAX_QUERY
from .pages import bp, current_form, go, page
from .services import FeedbackRefused
from .services.findings import open_finding, requests_of, source_of, targets
from .services.findings_score import evaluation_of
from .services.items import item_rows
from .services.tags import open_answers as list_open_answers
from .services.tags import tag_answer, untag_answer


def _say(exc):
    db.session.rollback()
    if isinstance(exc, RevisionRefused):
        flash(revision_refusal(exc.code, exc.params), "error")
    else:
        flash(loop_labels.refusal(exc.code, exc.params), "error")


def _search():
    return {"q": (request.values.get("q") or "")[:MAX_QUERY], "tag": (request.values.get("tag") or "")[:40]}


@bp.get("/open-answers")
@requires_activity("feedback", staff=True)
def open_answers():
    form = current_form()
    search = _search()
    shown = list_open_answers(form, search["q"], search["tag"])
    items = [i for i in item_rows(form) if i.type != "info" and not i.hidden]
    return page("feedback/open_answers.html", form, shown=shown, search=search, default_tags=DEFAULT_TAGS, items=items,
                gate_text=loop_labels.gate_text(shown.reason, shown.responses, shown.minimum))


@bp.post("/open-answers/tags")
@requires_activity("feedback", staff=True)
def tag_open_answer():
    """Add (``action=add``) or remove a tag of one answer, then back to the page as it was searched."""
    form = current_form()
    try:
        if request.form.get("action") == "remove":
            untag_answer(form, request.form.get("answer"), request.form.get("tag"))
        else:
            tag_answer(form, request.form.get("answer"), request.form.get("tag"))
    except FeedbackRefused as exc:
        _say(exc)
    search = {k: v for k, v in {"q": request.form.get("q", ""), "tag": request.form.get("filter", "")}.items() if v}
    return go("feedback.open_answers", _anchor=f"a-{request.form.get('answer', '')[:32]}", **search)


def _finding_page(form, source, status=200, values=None):
    return page("feedback/open_answers_finding.html", form, status=status, source=source, targets=targets(g.activity),
                values=values or {})


@bp.get("/findings/new")
@requires_activity("feedback", staff=True)
def new_finding():
    form = current_form()
    try:
        source = source_of(form, request.args.get("source", "finding"), request.args.get("ref"),
                           loop_labels.discussion_label)
    except FeedbackRefused as exc:
        _say(exc)
        return go("feedback.open_answers")
    figure = loop_labels.item_figure(evaluation_of(form, source.item)) if source.item is not None else ""
    return _finding_page(form, source, values={"figure": figure})


@bp.post("/findings")
@requires_activity("feedback", staff=True)
def open_request():
    form = current_form()
    try:
        source = source_of(form, request.form.get("source", "finding"), request.form.get("ref"),
                           loop_labels.discussion_label)
    except FeedbackRefused as exc:
        _say(exc)
        return go("feedback.open_answers")
    try:
        row = open_finding(g.activity, source, request.form, g.launch.user)
    except (FeedbackRefused, RevisionRefused) as exc:
        _say(exc)
        return _finding_page(form, source, status=400, values=request.form)
    flash(_("The revision request is sent to “%(title)s”.", title=row.target.title), "success")
    return go("feedback.revisions")


@bp.get("/revisions")
@requires_activity("feedback", staff=True)
def revisions():
    return page("feedback/open_answers_revisions.html", requests=requests_of(g.activity))
