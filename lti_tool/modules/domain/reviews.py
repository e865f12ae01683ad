"""A stakeholder's review of a version (scores, recommendation) and the comments on it, with their states.

A review is a draft until submitted; it can be changed until then or until the round's deadline (``edit_review``,
``submit_review``). A comment is open until the author answers it: *addressed* (in the next version) or *declined*
with a reason (``answer_comment``); a blocking comment blocks approval while it is open. Every function returns a
new value or raises ModuleError with a code; none reads the clock (``now`` is passed in).
"""
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from .problems import ModuleError, Problem

MAX_REASON = 4000


class Recommendation(StrEnum):
    APPROVE = "approve"  # setujui
    APPROVE_WITH_CHANGES = "approve_with_changes"  # setujui dengan perbaikan
    REJECT = "reject"  # tolak


class ReviewState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class CommentStatus(StrEnum):
    OPEN = "open"
    ADDRESSED = "addressed"  # changed in version ``answered_in``
    DECLINED = "declined"  # not changed, for ``reason``


@dataclass(frozen=True)
class Criterion:
    """A criterion scored on the ordinal scale 1 … ``scale_max``; ``labels`` are the points' labels as the instructor
    wrote them (e.g. "tidak sesuai" … "sangat sesuai"), or none for the UI's default labels."""

    id: str
    scale_max: int = 4
    labels: tuple = ()

    def __post_init__(self):
        if not (isinstance(self.id, str) and self.id.strip() and isinstance(self.scale_max, int)
                and not isinstance(self.scale_max, bool) and 2 <= self.scale_max <= 10
                and len(self.labels) in (0, self.scale_max)):
            raise ModuleError("criterion_invalid", {"criterion": str(self.id)[:40]})

    def allows(self, value):
        return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= self.scale_max


@dataclass(frozen=True)
class Review:
    reviewer: str
    group: str
    scores: dict = field(default_factory=dict)  # criterion id → a point of its scale
    recommendation: Recommendation | None = None
    state: ReviewState = ReviewState.DRAFT
    submitted_at: datetime | None = None

    @property
    def submitted(self):
        return self.state == ReviewState.SUBMITTED


@dataclass(frozen=True)
class Comment:
    id: str
    author: str
    blocking: bool = False
    status: CommentStatus = CommentStatus.OPEN
    reason: str = ""  # why it was declined (or a note on how it was addressed)
    answered_in: int | None = None  # the version that addresses it

    @property
    def is_open(self):
        return self.status == CommentStatus.OPEN

    @property
    def blocks(self):
        return self.blocking and self.is_open


def _score_problems(scores, criteria):
    by_id = {c.id: c for c in criteria}
    problems = []
    for key, value in scores.items():
        if key not in by_id:
            problems.append(Problem("criterion_unknown", {"criterion": str(key)[:40]}))
        elif value is not None and not by_id[key].allows(value):
            problems.append(Problem("score_outside_scale", {"criterion": key, "max": by_id[key].scale_max}))
    return problems


def _editable(review, now, deadline):
    if review.submitted:
        raise ModuleError("review_submitted")
    if deadline is not None and now >= deadline:
        raise ModuleError("deadline_passed", {"deadline": deadline})


def edit_review(review, *, now, deadline, criteria, scores=None, recommendation=None):
    """The draft with these scores (merged into the ones given before; None clears one) and recommendation."""
    _editable(review, now, deadline)
    scores = dict(scores or {})
    if problems := _score_problems(scores, criteria):
        raise ModuleError.of(problems)
    if recommendation is not None:
        try:
            recommendation = Recommendation(recommendation)
        except ValueError:
            raise ModuleError("recommendation_unknown") from None
    merged = {k: v for k, v in {**review.scores, **scores}.items() if v is not None}
    return replace(review, scores=merged, recommendation=recommendation or review.recommendation)


def submit_review(review, *, now, deadline, criteria):
    """The review submitted: every criterion scored and a recommendation given, before the deadline."""
    _editable(review, now, deadline)
    problems = _score_problems(review.scores, criteria)
    missing = [c.id for c in criteria if c.id not in review.scores]
    if missing:
        problems.append(Problem("scores_missing", {"criteria": missing}))
    if review.recommendation is None:
        problems.append(Problem("recommendation_missing", {}))
    if problems:
        raise ModuleError.of(problems)
    return replace(review, state=ReviewState.SUBMITTED, submitted_at=now)


def answer_comment(comment, status, *, reason="", version=None):
    """The author's answer: ``addressed`` in ``version`` (the next one), or ``declined`` with a reason.

    An answer may be changed (the service decides until when); it can never make a comment open again.
    """
    try:
        status = CommentStatus(status)
    except ValueError:
        raise ModuleError("answer_unknown") from None
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise ModuleError("reason_too_long", {"max": MAX_REASON})
    if status == CommentStatus.DECLINED and not reason:
        raise ModuleError("reason_required")
    if status == CommentStatus.ADDRESSED and not (isinstance(version, int) and version > 0):
        raise ModuleError("version_required")
    if status == CommentStatus.OPEN:
        raise ModuleError("answer_unknown")
    return replace(comment, status=status, reason=reason,
                   answered_in=version if status == CommentStatus.ADDRESSED else None)
