"""The learner's page: whether the form is named or anonymous, said before answering; the items page by page
(static/feedback/answer.js shows conditional items and counts characters; the server decides); submit → the
completion, full marks when the form gives a grade, and the completion event. Instructors see the same page as a
preview, where answers are checked and never stored (routes on the ``feedback`` blueprint of ``pages``)."""
from flask import flash, g, request
from flask_babel import gettext as _

from ..activities.access import requires_activity
from . import labels
from .pages import bp, current_form, go, item_text, page, refuse
from .services import FeedbackRefused, items, responses


def submitted_fields(fields):
    """The answer fields of a sent form (``q<item>``, ``q<item>_p<person>``): {name: [values]}."""
    return {name: fields.getlist(name) for name in fields if name.startswith("q")}


def _submitted():
    return submitted_fields(request.form)


def answer_context(rows, typed=None, reading=None):
    """What the answer form shows (shared with the page reached by a personal link, ``external_views``): the
    visible items page by page, the answers typed, the problems per (item, person) and the discarded answers."""
    pages = {}
    for row in rows:
        if not row.hidden:
            pages.setdefault(row.page, []).append(row)
    problems = {}
    for problem in (reading.problems if reading else ()):
        problems.setdefault((problem.item_id, problem.person), labels.problem_text(problem))
    by_id = {r.id: r for r in rows}
    discarded = [item_text(by_id[i]) for i in (reading.discarded if reading else ()) if i in by_id]
    return {"pages": pages, "by_id": by_id, "typed": typed or {}, "problems": problems, "discarded": discarded}


def _answer_page(form, preview, typed=None, reading=None, status=200):
    own = None if preview else responses.own_answers(form, g.launch.user)
    if typed is None and own is not None:
        typed = own[0]
    return page("feedback/answer.html", form, status=status, preview=preview,
                completed_at=None if preview else responses.completed_at(form, g.launch.user),
                respondent=own[1] if own else None, **answer_context(items.item_rows(form), typed, reading))


@bp.get("/")
@requires_activity("feedback")
def answer():
    return _answer_page(current_form(), preview=g.launch.is_staff)


@bp.get("/preview")
@requires_activity("feedback", staff=True)
def preview():
    """What learners see (also from Moodle's "Select content" dialog, where no link exists yet)."""
    return _answer_page(current_form(), preview=True)


@bp.post("/preview")
@requires_activity("feedback", staff=True)
def check_preview():
    """The preview's answers checked like a learner's (required, ranges, conditions), never stored."""
    return _check(current_form())


def _check(form):
    reading = responses.read_answers(form, _submitted())
    if not reading.problems:
        flash(_("Preview: the answers are complete. Nothing was stored."), "info")
    return _answer_page(form, preview=True, typed=reading.typed, reading=reading,
                        status=400 if reading.problems else 200)


@bp.post("/")
@requires_activity("feedback")
def submit():
    form = current_form()
    if g.launch.is_staff:  # an instructor's answers would be a grade Moodle refuses for a teacher
        return _check(form)
    try:
        outcome = responses.submit(g.activity, form, g.launch.user, g.launch.link, _submitted())
    except FeedbackRefused as exc:
        refuse(exc)
        return go("feedback.answer")
    if not outcome.stored:
        return _answer_page(form, preview=False, typed=outcome.reading.typed, reading=outcome.reading, status=400)
    for item_id in outcome.reading.discarded:
        row = items.item_in_form(form, item_id)
        if row is not None:
            flash(_("Your answer to “%(text)s” was not kept: that question applies only to some answers of an "
                    "earlier question.", text=item_text(row)), "warning")
    if outcome.changed:
        flash(_("Your answers are changed."), "success")
    elif g.activity.graded:
        flash(_("Thank you: your answers are sent, and your grade goes to Moodle."), "success")
    else:
        flash(_("Thank you: your answers are sent."), "success")
    return go("feedback.answer")
