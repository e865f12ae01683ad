"""The stored review rounds read as the domain's values, and the personal links' tokens.

Every page that shows or decides a round (the author's round pages, the reviewer's pages, the report) reads it
through these: the round's rows become ``domain.rounds.Round``, ``domain.reviews.Review`` and ``Comment``, its own
copy of the criteria and rule become the setup ``approval.evaluate`` works with.

A personal link's token and its stored hash are the core's (``lti_tool.invitations.tokens``: 256 bits, SHA-256);
``new_token`` and ``hash_token`` are named here for this kind's callers.
"""
from ...invitations.tokens import by_token, hash_token, new_token
from ..domain.approval import ApprovalRule, evaluate
from ..domain.reviews import Comment, CommentStatus, Criterion, Recommendation, Review, ReviewState
from ..domain.rounds import Outcome, Round, RoundState
from ..models import ModuleComment, ModuleReviewer, ModuleRound

__all__ = ["active_reviewers", "domain_comment", "domain_review", "domain_round", "evaluate_round", "hash_token",
           "new_token", "reviewer_by_token", "round_criteria", "round_numbered", "round_rule", "rounds_of",
           "store_round", "top_comments"]


def rounds_of(module):
    """Every round of the module, the newest first."""
    return (ModuleRound.query.filter_by(module_id=module.activity_id)
            .order_by(ModuleRound.number.desc()).all())


def round_numbered(module, number):
    """Round ``number`` of this module, or None (the number comes from the browser)."""
    if not isinstance(number, int) or isinstance(number, bool):
        return None
    return ModuleRound.query.filter_by(module_id=module.activity_id, number=number).first()


def domain_round(row):
    return Round(number=row.number, version=row.version.number, groups=tuple(row.groups), deadline=row.deadline,
                 state=RoundState(row.state), opened_at=row.opened_at, closed_at=row.closed_at,
                 decided_at=row.decided_at, outcome=Outcome(row.outcome) if row.outcome else None,
                 reason=row.reason or "", against_rule=bool(row.against_rule))


def store_round(row, round_):
    """Write a domain Round's state back onto its row (the caller commits)."""
    row.deadline, row.state = round_.deadline, round_.state.value
    row.opened_at, row.closed_at, row.decided_at = round_.opened_at, round_.closed_at, round_.decided_at
    row.outcome = round_.outcome.value if round_.outcome else None
    row.reason, row.against_rule = round_.reason, round_.against_rule


def domain_review(reviewer):
    return Review(reviewer=str(reviewer.id), group=reviewer.group, scores=dict(reviewer.scores or {}),
                  recommendation=Recommendation(reviewer.recommendation) if reviewer.recommendation else None,
                  state=ReviewState(reviewer.review_state), submitted_at=reviewer.submitted_at)


def domain_comment(comment):
    """A top-level comment as the approval rule sees it (replies have no status and block nothing)."""
    return Comment(id=str(comment.id), author=str(comment.reviewer_id), blocking=bool(comment.blocking),
                   status=CommentStatus(comment.status), reason=comment.answer or "", answered_in=comment.answered_in)


def round_criteria(row, settings):
    """{group: (Criterion, …)}: the round's criteria per group, with the scales of the module's settings."""
    scales = {c["id"]: Criterion(c["id"], c["scale_max"], tuple(c["labels"])) for c in settings.criteria}
    return {group: tuple(scales.get(cid) or Criterion(cid) for cid in (row.criteria or {}).get(group, ()))
            for group in row.groups}


def round_rule(row):
    return ApprovalRule.from_dict(row.rule or {})


def active_reviewers(row):
    """The round's reviewers whose link is not revoked, in the order they were invited."""
    return [r for r in row.reviewers if r.revoked_at is None]


def top_comments(row):
    """The round's top-level comments (replies hang on them), oldest first."""
    return (ModuleComment.query.filter_by(round_id=row.id, parent_id=None)
            .order_by(ModuleComment.id).all())


def evaluate_round(row, settings):
    """``approval.evaluate`` on the round's own rule: its submitted reviews (revoked reviewers excluded) and its
    top-level comments."""
    reviews = [domain_review(r) for r in active_reviewers(row)]
    comments = [domain_comment(c) for c in top_comments(row)]
    return evaluate(round_rule(row), reviews, comments, round_criteria(row, settings))


def reviewer_by_token(token):
    """The reviewer whose personal link carries ``token``, or None (the caller tells revoked, expired and
    decided rounds apart)."""
    return by_token(ModuleReviewer, token)
