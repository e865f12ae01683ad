"""The score of a handed-in budget from its stored findings: the breakdown per check (partial credit) and the
instructor's overrides of automatic findings (each with a note the learner sees, who and when), after which the
automatic score and the final grade are computed again from the findings that remain and sent through ``award``."""
from decimal import Decimal

from ...clock import utcnow
from ...extensions import db
from ...grades.award import award
from ...grades.models import PENDING_MANUAL
from ..domain.scoring import breakdown, check_units, score_of
from ..findings import Scored
from ..models import GRADED, SUBMITTED, BudgetFindingOverride
from . import SubmissionRefused
from .documents import parse_document
from .exercises import rules_for
from .grading import _learners_link, _send, final_score

MAX_NOTE = 2000


def overrides_of(submission):
    """{finding index: BudgetFindingOverride} of a submission."""
    rows = BudgetFindingOverride.query.filter_by(submission_id=submission.id).all()
    return {row.finding_index: row for row in rows}


def _units(submission, rules):
    if submission.check_units:
        return submission.check_units
    return check_units(len(parse_document(submission.document, "id").budget.lines), rules)  # handed in before 0022


def _scoring(submission, exercise, ignored=None):
    rules = rules_for(exercise)
    findings = [Scored(row) for row in submission.findings or []]
    ignored = set(overrides_of(submission)) if ignored is None else ignored
    return findings, _units(submission, rules), rules.weights, ignored


def score_parts(submission, exercise):
    """Each weighted check's CheckScore for the handed-in budget, overridden findings left out."""
    return breakdown(*_scoring(submission, exercise))


def rescore(submission, exercise):
    """The automatic score from the findings that remain; the final grade too when graded; sent through award."""
    submission.automatic_score = score_of(*_scoring(submission, exercise))
    activity = exercise.activity
    if submission.status == GRADED:
        percent = (submission.rubric_scores or {}).get("percent")
        submission.final_score = final_score(exercise, submission.automatic_score,
                                             Decimal(percent) if percent else None)
        return _send(submission, exercise, submission.user)
    given = (submission.automatic_score * Decimal(activity.score_maximum) / 100).quantize(Decimal("0.01"))
    return award(activity, submission.user, given, link=_learners_link(activity, submission.user),
                 activity_progress="Submitted", grading_progress=PENDING_MANUAL)


def set_override(submission, exercise, index, note, user_id):
    """Set aside finding ``index`` (from the browser: checked against the stored findings) with ``note``."""
    if submission.status not in (SUBMITTED, GRADED):
        raise SubmissionRefused("not_submitted")
    if not isinstance(index, int) or not 0 <= index < len(submission.findings or []):
        raise SubmissionRefused("finding_unknown")
    note = str(note or "").strip()[:MAX_NOTE]
    if not note:
        raise SubmissionRefused("override_note_empty")
    row = overrides_of(submission).get(index)
    if row is None:
        row = BudgetFindingOverride(submission_id=submission.id, finding_index=index)
        db.session.add(row)
    row.note, row.overridden_by, row.overridden_at = note, user_id, utcnow()
    db.session.flush()
    return rescore(submission, exercise)


def withdraw_override(submission, exercise, index):
    """The finding counts again."""
    row = overrides_of(submission).get(index)
    if row is None:
        raise SubmissionRefused("finding_unknown")
    db.session.delete(row)
    db.session.flush()
    return rescore(submission, exercise)

