"""What the author's round pages show, read in a few queries (a round of 30 reviewers and 500 comments is one page):
the reviewers, the approval rule evaluated, the scores' statistics per group and criterion, and the comments by
section (blocking first) with their replies."""
from dataclasses import dataclass

from sqlalchemy import case, func

from ...extensions import db
from ...lti.models import LtiUser
from ..domain.approval import evaluate
from ..models import ModuleComment, ModuleReviewer, ModuleRound
from .review_data import domain_comment, domain_review, round_criteria, round_rule


@dataclass(frozen=True)
class Thread:
    comment: ModuleComment
    reviewer: ModuleReviewer | None
    replies: tuple  # ((ModuleComment, author's name), …)


@dataclass(frozen=True)
class SectionComments:
    section_id: str
    title: str  # "" when the section is not in the version
    threads: tuple  # Thread, blocking first, then oldest first


@dataclass(frozen=True)
class Overview:
    reviewers: tuple  # ModuleReviewer, by group then invitation
    submitted: int
    active: int
    decision: object  # approval.Decision
    stats: tuple  # ((group, (CriterionStats, …)), …)
    sections: tuple  # SectionComments, in the version's order, unknown sections last
    comments: int
    open_blocking: int


def overview(row, settings):
    """The round page's data: reviewers, decision, statistics and comment threads."""
    reviewers = (ModuleReviewer.query.filter_by(round_id=row.id)
                 .order_by(ModuleReviewer.group, ModuleReviewer.id).all())
    by_id = {r.id: r for r in reviewers}
    active = [r for r in reviewers if r.revoked_at is None]
    every = ModuleComment.query.filter_by(round_id=row.id).order_by(ModuleComment.id).all()
    tops = [c for c in every if c.parent_id is None]
    user_ids = {c.user_id for c in every if c.parent_id is not None and c.reviewer_id is None and c.user_id}
    users = {u.id: u.name or u.email or "" for u in LtiUser.query.filter(LtiUser.id.in_(user_ids))} if user_ids else {}
    replies = {}
    for c in every:
        if c.parent_id is not None:
            who = by_id[c.reviewer_id].name if c.reviewer_id in by_id else users.get(c.user_id, "")
            replies.setdefault(c.parent_id, []).append((c, who))
    decision = evaluate(round_rule(row), [domain_review(r) for r in active],
                        [domain_comment(c) for c in tops if c.reviewer_id is not None], round_criteria(row, settings))
    stats = {}
    for s in decision.stats:
        stats.setdefault(s.group, []).append(s)
    threads = {}
    for c in sorted(tops, key=lambda c: (not c.blocking, c.id)):
        threads.setdefault(c.section_id, []).append(Thread(c, by_id.get(c.reviewer_id),
                                                           tuple(replies.get(c.id, ()))))
    titles = {s["id"]: s["title"] for s in row.version.sections}
    order = [sid for sid in titles if sid in threads] + sorted(sid for sid in threads if sid not in titles)
    sections = tuple(SectionComments(sid, titles.get(sid, ""), tuple(threads[sid])) for sid in order)
    return Overview(tuple(reviewers), sum(1 for r in active if r.review_state == "submitted"), len(active), decision,
                    tuple((g, tuple(stats.get(g, ()))) for g in row.groups), sections, len(tops),
                    sum(1 for c in tops if c.blocking and c.status == "open"))


def round_counts(module):
    """{round id: (submitted reviews, active reviewers)} of the module's rounds, in one query."""
    submitted = func.sum(case((ModuleReviewer.review_state == "submitted", 1), else_=0))
    rows = (db.session.query(ModuleReviewer.round_id, submitted, func.count(ModuleReviewer.id))
            .join(ModuleRound, ModuleReviewer.round_id == ModuleRound.id)
            .filter(ModuleRound.module_id == module.activity_id, ModuleReviewer.revoked_at.is_(None))
            .group_by(ModuleReviewer.round_id).all())
    return {round_id: (int(done or 0), int(total)) for round_id, done, total in rows}
