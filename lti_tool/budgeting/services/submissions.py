"""A learner's drafts and submissions: saving a draft (never over newer work), handing it in exactly once with its
score in the outbox, new attempts."""
from decimal import Decimal

from sqlalchemy.exc import IntegrityError

from ...activities.completion import announce_completion
from ...clock import utcnow
from ...extensions import db
from ...grades.award import award
from ...grades.models import FULLY_GRADED, PENDING_MANUAL
from ..domain.budget import FORM_HEADER_FIELDS, MAX_LINES
from ..domain.checks import check_budget
from ..domain.scoring import automatic_score
from ..findings import stored
from ..header import with_scenario_header
from ..models import DRAFT, GRADED, SUBMITTED, BudgetSubmission
from . import SubmissionRefused
from .documents import clean_line, empty_document, parse_document
from .exercises import rules_for


def _latest(activity_id, user_id):
    return (BudgetSubmission.query.filter_by(activity_id=activity_id, user_id=user_id)
            .order_by(BudgetSubmission.attempt.desc()).first())


def _insert_attempt(activity_id, user_id, attempt, document, variant=None):
    """Add attempt number ``attempt``; when another request (another worker: a double click, two tabs) added it
    first, the unique (activity, user, attempt) keeps one row and the caller gets the latest."""
    draft = BudgetSubmission(activity_id=activity_id, user_id=user_id, attempt=attempt, status=DRAFT,
                             document=document, variant=variant)
    db.session.add(draft)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return _latest(activity_id, user_id)
    return draft


def current_submission(activity_id, user_id):
    """The learner's latest attempt; a first draft is created on demand."""
    return _latest(activity_id, user_id) or _insert_attempt(activity_id, user_id, 1, empty_document())


def _claim(submission, revision, values):
    """Compare-and-set on the row: write ``values`` only if it is still the draft at ``revision``. Another worker
    may have saved or submitted it since this request read it; then nothing is written and the refusal says which."""
    claimed = (BudgetSubmission.query.filter_by(id=submission.id, revision=revision, status=DRAFT)
               .update(values, synchronize_session=False))
    if not claimed:
        db.session.rollback()
        db.session.refresh(submission)
        raise SubmissionRefused("not_draft" if submission.status != DRAFT else "stale")


def save_draft(submission, document, revision, locale=None):
    """Replace the draft; ``revision`` must be the one the learner's page was built from (a form posted twice,
    or from two tabs, must not overwrite newer work)."""
    if submission.status != DRAFT:
        raise SubmissionRefused("not_draft")
    if revision != submission.revision:
        raise SubmissionRefused("stale")
    if len(document.get("lines", [])) > MAX_LINES:
        raise SubmissionRefused("too_many_lines", max=MAX_LINES)
    _claim(submission, revision, {"revision": revision + 1, "updated_at": utcnow(), "document": {
        "header": {name: str(document.get("header", {}).get(name, ""))[:500] for name in FORM_HEADER_FIELDS},
        "indicators": [{"kind": str(i.get("kind", "")), "measure": str(i.get("measure", ""))[:500],
                        "target": str(i.get("target", ""))[:500]} for i in document.get("indicators", [])[:20]],
        "lines": [clean_line(line) for line in document.get("lines", [])],
        "locale": locale or submission.document.get("locale") or "id",
    }})
    db.session.commit()


def submit(submission, exercise, user, link, locale):
    """Check, score and hand in the draft; the score goes to the outbox in the same transaction (``award``)."""
    if submission.status != DRAFT:
        raise SubmissionRefused("not_draft")
    if exercise.due_at is not None and utcnow() > exercise.due_at:
        raise SubmissionRefused("past_due")
    parsed = parse_document(with_scenario_header(submission.document, exercise), locale)
    if parsed.line_errors:
        raise SubmissionRefused("line_errors", count=len(parsed.line_errors))
    report = check_budget(parsed.budget, rules_for(exercise))
    automatic = automatic_score(report, rules_for(exercise).weights)
    # Hand in exactly once, even when the form reaches two workers at the same moment.
    _claim(submission, submission.revision, {"status": SUBMITTED})
    submission.status, submission.submitted_at = SUBMITTED, utcnow()
    submission.total, submission.automatic_score = report.total, automatic
    submission.findings = [stored(f) for f in report.findings]  # rendered in the reader's language when shown
    submission.check_units = dict(report.units)
    needs_person = exercise.review_required or bool(exercise.rubric)
    if not needs_person:
        submission.status, submission.final_score, submission.graded_at = GRADED, automatic, utcnow()
    activity = exercise.activity
    award(activity, user, (automatic * Decimal(activity.score_maximum) / 100).quantize(Decimal("0.01")), link=link,
          activity_progress="Submitted" if needs_person else "Completed",
          grading_progress=PENDING_MANUAL if needs_person else FULLY_GRADED)  # commits the hand-in with the score
    announce_completion(activity, user)  # handed in: the learner has done the work (once, whatever the attempts)
    return report


def new_attempt(exercise, activity_id, user_id):
    """A new draft from the latest handed-in budget, while attempts are left and the due date has not passed."""
    latest = current_submission(activity_id, user_id)
    if latest.status == DRAFT:
        return latest
    if attempts_left(exercise, activity_id, user_id) <= 0:
        raise SubmissionRefused("no_attempts")
    if exercise.due_at is not None and utcnow() > exercise.due_at:
        raise SubmissionRefused("past_due")
    # the learner keeps their scenario variant (services.variants)
    return _insert_attempt(activity_id, user_id, latest.attempt + 1, dict(latest.document), latest.variant)


def attempts_left(exercise, activity_id, user_id):
    used = BudgetSubmission.query.filter(BudgetSubmission.activity_id == activity_id,
                                         BudgetSubmission.user_id == user_id,
                                         BudgetSubmission.status != DRAFT).count()
    return max(0, exercise.max_attempts - used)
