"""What a person judges: the rubric, the instructor's grading, and regrading after the rules change."""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ...clock import utcnow
from ...extensions import db
from ...grades.award import award
from ...grades.models import FULLY_GRADED, Score
from ...lti.models import ResourceLink
from ..domain.checks import check_budget
from ..domain.numbers import InputError, parse_number
from ..domain.scoring import score_of
from ..findings import stored
from ..models import GRADED, SUBMITTED, BudgetFindingOverride, BudgetSubmission
from . import SubmissionRefused
from .documents import parse_document
from .exercises import rules_for
from .variants import for_submission

TWO = Decimal("0.01")


def parse_rubric(text, locale):
    """Lines ``Criterion | level: points ; level: points`` → [{criterion, levels: [{label, points}]}]."""
    rubric = []
    for number, row in enumerate((text or "").splitlines(), start=1):
        if not row.strip():
            continue
        criterion, _, levels_text = row.partition("|")
        levels = []
        for part in levels_text.split(";"):
            if not part.strip():
                continue
            label, sep, points = part.rpartition(":")
            try:
                value = parse_number(points, locale, max_decimals=2, limit=1000)
            except InputError as exc:
                raise SubmissionRefused("rubric_invalid", row=number) from exc
            if not sep or not label.strip():
                raise SubmissionRefused("rubric_invalid", row=number)
            levels.append({"label": label.strip()[:200], "points": str(value)})
        if not criterion.strip() or not levels:
            raise SubmissionRefused("rubric_invalid", row=number)
        rubric.append({"criterion": criterion.strip()[:300], "levels": levels})
    return rubric[:30]


def rubric_text(rubric, locale="id"):
    return "\n".join(
        f"{c['criterion']} | " + " ; ".join(f"{lv['label']}: {lv['points']}" for lv in c["levels"]) for c in rubric
    )


def rubric_percent(rubric, choices):
    """Points chosen over the maximum points, 0..100. ``choices``: {criterion index: level index}."""
    earned = maximum = Decimal(0)
    for index, criterion in enumerate(rubric):
        points = [Decimal(level["points"]) for level in criterion["levels"]]
        maximum += max(points)
        chosen = choices.get(index)
        if chosen is None or not 0 <= chosen < len(points):
            raise SubmissionRefused("rubric_incomplete", criterion=criterion["criterion"])
        earned += points[chosen]
    return Decimal(100) if maximum == 0 else (100 * earned / maximum).quantize(TWO, ROUND_HALF_UP)


def final_score(exercise, automatic, rubric_pct):
    """automatic × w + rubric × (100 − w), with w the weight of the automatic checks in percent."""
    if not exercise.rubric or rubric_pct is None:
        return Decimal(automatic)
    weight = Decimal(exercise.automatic_weight_pct) / 100
    return (Decimal(automatic) * weight + rubric_pct * (1 - weight)).quantize(TWO, ROUND_HALF_UP)


def preview_final(exercise, automatic, choices):
    """The final grade the choices would give (what ``grade`` saves), or None while a criterion has no level."""
    try:
        rubric_pct = rubric_percent(exercise.rubric, choices) if exercise.rubric else None
    except SubmissionRefused:
        return None
    return final_score(exercise, automatic or 0, rubric_pct)


def _learners_link(activity, user):
    """The link whose line item the learner's earlier score went to (an activity may sit behind several links)."""
    previous = (Score.query.filter_by(activity_id=activity.id, user_id=user.id)
                .order_by(Score.id.desc()).first())
    query = ResourceLink.query.filter_by(activity_id=activity.id).filter(ResourceLink.ags_lineitem.isnot(None))
    if previous is not None and previous.lineitem_url:
        return query.filter_by(ags_lineitem=previous.lineitem_url).first() or query.first()
    return query.first()


def _send(submission, exercise, user, comment=""):
    activity = exercise.activity
    link = _learners_link(activity, user)
    given = (submission.final_score * Decimal(activity.score_maximum) / 100).quantize(TWO, ROUND_HALF_UP)
    return award(activity, user, given, link=link, comment=comment, activity_progress="Completed",
                 grading_progress=FULLY_GRADED)  # commits the grading with the score


def grade(submission, exercise, choices, line_comments, comment):
    """The instructor's grade: rubric choices, comments on lines, final weighted grade, sent as FullyGraded."""
    if submission.status not in (SUBMITTED, GRADED):
        raise SubmissionRefused("not_submitted")
    rubric_pct = rubric_percent(exercise.rubric, choices) if exercise.rubric else None
    submission.rubric_scores = {
        "choices": {str(k): v for k, v in choices.items()},
        "percent": str(rubric_pct) if rubric_pct is not None else None,
        "line_comments": {str(k): str(v)[:2000] for k, v in line_comments.items() if str(v).strip()},
        "comment": str(comment or "")[:4000],
    }
    submission.final_score = final_score(exercise, submission.automatic_score, rubric_pct)
    submission.status, submission.graded_at = GRADED, utcnow()
    return _send(submission, exercise, submission.user, comment=str(comment or "")[:1000])


def _carried(submission, findings):
    """{override row: index of the matching finding in ``findings``} (domain Findings of a new check, when
    regrading): a finding the instructor set aside stays set aside when the new check finds it again (same check,
    message and line); an override whose finding is gone maps to None."""
    old = submission.findings or []
    new_keys = [(f.check.value, f.message_code, f.line_no) for f in findings]
    taken, carried = set(), {}
    for row in BudgetFindingOverride.query.filter_by(submission_id=submission.id).order_by(
            BudgetFindingOverride.finding_index):
        stored_row = old[row.finding_index] if row.finding_index < len(old) else {}
        key = (stored_row.get("check"), stored_row.get("code"), stored_row.get("line_no"))
        index = next((i for i, k in enumerate(new_keys) if k == key and i not in taken), None)
        taken.add(index)
        carried[row] = index
    return carried


def carried_overrides(submission, findings):
    """Indices of ``findings`` (a new check's) that stay set aside (``_carried``)."""
    return {index for index in _carried(submission, findings).values() if index is not None}


def _store_new_findings(submission, report):
    """The regraded budget keeps the new check's findings and units; its overrides follow their findings."""
    carried = _carried(submission, report.findings)
    for row in carried:  # out of the way of the unique (submission, index) first
        row.finding_index = -1 - row.finding_index
    db.session.flush()
    for row, index in carried.items():
        if index is None:
            db.session.delete(row)
        else:
            row.finding_index = index
    submission.findings = [stored(f) for f in report.findings]
    submission.check_units = dict(report.units)


@dataclass(frozen=True)
class Regrade:
    submission: BudgetSubmission
    old: Decimal
    new: Decimal
    report: object = None  # the new CheckReport

    @property
    def changed(self):
        return self.old != self.new


def regrade_preview(exercise):
    """Every handed-in budget's automatic score under the current rules (its learner's variant's), next to the
    score it has now."""
    previews = []
    handed_in = BudgetSubmission.query.filter(BudgetSubmission.activity_id == exercise.activity_id,
                                              BudgetSubmission.status.in_((SUBMITTED, GRADED)))
    for submission in handed_in.order_by(BudgetSubmission.id):
        parsed = parse_document(submission.document, "id")
        rules = rules_for(for_submission(exercise, submission))
        report = check_budget(parsed.budget, rules)
        new = score_of(report.findings, report.units, rules.weights, carried_overrides(submission, report.findings))
        previews.append(Regrade(submission, Decimal(submission.automatic_score or 0), new, report))
    return previews


def apply_regrade(exercise, previews):
    """Store the new automatic scores with the new findings (overrides follow their findings); graded budgets get a
    new final grade, sent to the LMS again (each awarded with its budget's change)."""
    sent = []
    for preview in previews:
        if not preview.changed:
            continue
        submission = preview.submission
        submission.automatic_score = preview.new
        if preview.report is not None:
            _store_new_findings(submission, preview.report)
        if submission.status == GRADED:
            percent = submission.rubric_scores.get("percent") if submission.rubric_scores else None
            submission.final_score = final_score(exercise, preview.new, Decimal(percent) if percent else None)
            sent.append(_send(submission, exercise, submission.user))
    db.session.commit()
    return sent
