"""The review report's tree: plain frozen dataclasses, built by ``report.round_report``."""
from dataclasses import dataclass
from datetime import datetime  # noqa: F401


@dataclass(frozen=True)
class GroupRow:
    id: str
    name: str
    criteria: tuple  # criterion names, in the round's order
    invited: int  # reviewers not revoked
    submitted: int
    min_reviews: int | None  # from the rule (None: the rule asks nothing of this group)
    recommendations: tuple  # ((label, count), …) for every recommendation, zeros included


@dataclass(frozen=True)
class ReviewerRow:
    id: int
    name: str
    institution: str
    group: str
    group_name: str
    external: bool  # no Moodle account
    submitted: bool
    submitted_at: object  # datetime | None
    recommendation: str | None  # code, only once submitted
    recommendation_label: str
    revoked: bool
    revoked_at: object


@dataclass(frozen=True)
class ScoreRow:
    group: str
    group_name: str
    criterion: str
    criterion_name: str
    scale_max: int
    n: int
    median: int | None  # lower median
    median_high: int | None
    median_text: str  # "3", "2–3", "–"
    distribution: tuple  # counts of 1 … scale_max
    need: int | None  # the rule's minimum median, if any
    met: bool | None  # median ≥ need (None without a condition)


@dataclass(frozen=True)
class ReplyRow:
    author: str
    by_author: bool  # the module's author (a staff user), not a reviewer
    body: str
    at: object


@dataclass(frozen=True)
class CommentRow:
    id: int
    section_id: str
    section_title: str
    reviewer: str
    institution: str
    group_name: str
    quote: str  # the anchored exact text ("" for a whole section)
    body: str
    blocking: bool
    status: str  # CommentStatus value
    status_label: str
    answer_text: str  # "Addressed in version 2 …" / "Declined, because: …" / "Not answered yet"
    answered_by: str
    answered_at: object
    created_at: object
    replies: tuple  # ReplyRow


@dataclass(frozen=True)
class SectionComments:
    section_id: str
    title: str
    in_version: bool
    comments: tuple  # CommentRow, blocking first


@dataclass(frozen=True)
class DecisionRow:
    decided: bool
    outcome: str | None
    outcome_label: str
    reason: str
    against_rule: bool
    text: str  # the sentence the report prints (flagged when against the rule)
    decided_by: str
    decided_at: object


@dataclass(frozen=True)
class Report:
    module_title: str
    course: str
    version_number: int
    version_date: object
    version_author: str
    round_number: int
    state: str
    state_label: str
    deadline: object
    opened_at: object
    closed_at: object
    decided_at: object
    groups: tuple  # GroupRow
    reviewers: tuple  # ReviewerRow (revoked ones last)
    scores: tuple  # ScoreRow
    rule_lines: tuple  # the approval rule in words
    rule_met: bool | None  # None when the stored rule cannot be read
    unmet: tuple  # reasons in words
    comment_count: int
    blocking_count: int
    open_blocking: int
    sections: tuple  # SectionComments
    decision: DecisionRow
    generated_at: object

    @property
    def comments(self):
        return tuple(c for s in self.sections for c in s.comments)
