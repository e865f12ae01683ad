"""A reviewer's side of a round, reached by the personal link (no Moodle session): who may open what, confirming
name and institution, and the review itself (scores, recommendation, a general remark: saved as a draft and
submitted through the domain's ``edit_review`` / ``submit_review``, compare-and-set on ``review_revision``).

The link's token is looked up by its hash (``review_data.reviewer_by_token``); this module never sees it otherwise
and never logs it. A refusal is ModuleRefused(code, **params) with ``problems`` (every reason, for the page).
"""
from dataclasses import dataclass
from datetime import datetime

from ...extensions import db
from ..domain.problems import ModuleError
from ..domain.reviews import MAX_REASON, edit_review, submit_review
from ..domain.rounds import RoundState
from ..models import ModuleReviewer
from . import ModuleRefused, audit, review_data

MAX_NAME = 255
MAX_SUMMARY = MAX_REASON


@dataclass(frozen=True)
class Access:
    """What the link opens: ``ok`` (the round takes reviews), ``unknown``, ``revoked``, ``not_open`` (the round is
    still being prepared) or ``closed`` (deadline passed, closed or decided: ``until`` is when it stopped)."""

    status: str
    reviewer: object = None
    until: datetime | None = None


def access(token, now):
    reviewer = review_data.reviewer_by_token(token)
    if reviewer is None:
        return Access("unknown")
    if reviewer.revoked_at is not None:
        return Access("revoked", reviewer)
    row = reviewer.round
    if row.state == RoundState.DRAFT.value:
        return Access("not_open", reviewer)
    if not review_data.domain_round(row).accepting_reviews(now):
        passed = row.deadline is not None and now >= row.deadline
        until = row.deadline if passed else (row.closed_at or row.decided_at or row.deadline)
        return Access("closed", reviewer, until)
    return Access("ok", reviewer)


def refused(error):
    """A domain ModuleError as a ModuleRefused that keeps every problem."""
    exc = ModuleRefused(error.code, **error.params)
    exc.problems = tuple(error.problems)
    return exc


def refuse(code, **params):
    exc = ModuleRefused(code, **params)
    exc.problems = ((code, params),)
    return exc


def record(reviewer, action, **detail):
    """An audit event for a reviewer's action; the actor is the reviewer's name (reviewers are not Moodle users)."""
    row = reviewer.round
    event = audit.record(row.module_id, None, action, row.version.number, round=row.number, reviewer=reviewer.id,
                         **detail)
    event.actor = (reviewer.name or "")[:255]
    return event


def note_opened(reviewer, now):
    """The first opening of the link (``opened_at``, an audit event); later ones change nothing."""
    if reviewer.opened_at is not None:
        return False
    reviewer.opened_at = now
    record(reviewer, "review_opened")
    db.session.commit()
    return True


def _line(value, limit, empty_code, long_code):
    text = " ".join((value or "").split())
    if empty_code and not text:
        raise refuse(empty_code)
    if len(text) > limit:
        raise refuse(long_code, max=limit)
    return text


def confirm(reviewer, name, institution, now):
    """The reviewer's own name and institution, as they want them in the report."""
    reviewer.name = _line(name, MAX_NAME, "name_required", "name_too_long")
    reviewer.institution = _line(institution, MAX_NAME, None, "institution_too_long")
    reviewer.confirmed_at = now
    db.session.commit()


def criteria_of(reviewer, settings):
    """The domain Criteria the reviewer's group scores in this round."""
    return review_data.round_criteria(reviewer.round, settings).get(reviewer.group, ())


def parse_scores(form, criteria):
    """{criterion id: the point chosen} from the form's ``score-<id>`` fields (a value that is not a whole number
    is passed on as it is: the domain refuses it as outside the scale)."""
    scores = {}
    for criterion in criteria:
        raw = (form.get(f"score-{criterion.id}") or "").strip()
        if raw:
            scores[criterion.id] = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 4 else raw
    return scores


def save_review(reviewer, settings, *, revision, scores, recommendation, summary, submit, now):
    """Save the draft (and submit it when ``submit``). Refused, with nothing stored, when the review changed since
    the form was opened (``stale_review``), the round no longer takes reviews (``deadline_passed`` /
    ``round_closed``) or a value is wrong. A submit that is not complete stores the draft, then is refused
    (``scores_missing``, ``recommendation_missing``)."""
    if revision != reviewer.review_revision:
        raise refuse("stale_review")
    row = reviewer.round
    if not review_data.domain_round(row).accepting_reviews(now):
        passed = row.deadline is not None and now >= row.deadline
        raise refuse("deadline_passed" if passed else "round_closed", deadline=row.deadline)
    summary = (summary or "").replace("\r\n", "\n").strip()
    if len(summary) > MAX_SUMMARY:
        raise refuse("summary_too_long", max=MAX_SUMMARY)
    criteria = criteria_of(reviewer, settings)
    try:
        review = edit_review(review_data.domain_review(reviewer), now=now, deadline=row.deadline,
                             criteria=criteria, scores=scores, recommendation=recommendation or None)
    except ModuleError as exc:
        raise refused(exc) from None
    _store(reviewer, review, summary, now)
    problem = None
    if submit:
        try:
            review = submit_review(review, now=now, deadline=row.deadline, criteria=criteria)
        except ModuleError as exc:
            problem = refused(exc)
        else:
            _store(reviewer, review, summary, now)
    _bump(reviewer, revision)
    record(reviewer, "review_submitted" if submit and problem is None else "review_saved",
           scores=dict(review.scores), recommendation=review.recommendation.value if review.recommendation else None)
    db.session.commit()
    if problem is not None:
        raise problem
    return reviewer


def _bump(reviewer, revision):
    """Compare-and-set: the row moves to ``revision + 1`` only if it is still at ``revision`` (another tab's save
    in between makes this one stale, on every database)."""
    changed = (db.session.query(ModuleReviewer).filter_by(id=reviewer.id, review_revision=revision)
               .update({"review_revision": revision + 1}, synchronize_session=False))
    if changed != 1:
        db.session.rollback()
        raise refuse("stale_review")
    reviewer.review_revision = revision + 1


def _store(reviewer, review, summary, now):
    reviewer.scores = dict(review.scores)
    reviewer.recommendation = review.recommendation.value if review.recommendation else None
    reviewer.summary = summary
    reviewer.review_state = review.state.value
    reviewer.submitted_at = review.submitted_at
    reviewer.updated_at = now
