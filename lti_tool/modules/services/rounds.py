"""Review rounds, the author's side: a draft round on a frozen version, opened, closed, extended and decided on the
approval rule; the next round with the reviewers asked again; the author's answers and replies to comments.

The moves are the domain's (``domain.rounds``, ``domain.reviews``, ``domain.approval``), read and written through
``review_data``'s adapters. A refusal is ModuleRefused(code, **params); a domain ModuleError is turned into one
(``refused``). Every step is in the audit trail, committed with the change it records.
"""
from collections import Counter
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from ...clock import from_local, utcnow
from ...extensions import db
from ..domain import reviews as review_rules
from ..domain import rounds as round_rules
from ..domain.approval import ApprovalRule, GroupRule
from ..domain.problems import ModuleError
from ..domain.reviews import MAX_REASON, CommentStatus
from ..domain.rounds import RoundState
from ..models import ModuleComment, ModuleReviewer, ModuleRound
from . import ModuleRefused, audit
from .review_data import (
    active_reviewers,
    domain_comment,
    domain_round,
    evaluate_round,
    new_token,
    store_round,
)
from .setup import settings_of
from .versions import version_numbered

BUSY = (RoundState.DRAFT.value, RoundState.OPEN.value, RoundState.CLOSED.value)  # a round still to be decided
# Domain codes whose message depends on the step (the same code, another sentence)
RENAMED = {"decide": {"reason_required": "decision_reason_required"},
           "answer": {"reason_required": "decline_reason_required"}}


def refused(exc, step=""):
    """The domain's ModuleError as a ModuleRefused (its first problem)."""
    code = RENAMED.get(step, {}).get(exc.code, exc.code)
    params = {k: v for k, v in exc.params.items() if k not in ("unmet", "from", "to", "deadline")}
    if "from" in exc.params:
        params["state"] = exc.params["from"]
    return ModuleRefused(code, **params)


def deadline_from(date_text, time_text):
    """A deadline typed as a date and a time in the configured zone (WIB) as naive UTC; None when both are empty;
    ModuleRefused("deadline_invalid") when it is not a date and time."""
    date_text, time_text = (date_text or "").strip(), (time_text or "").strip() or "23:59"
    if not date_text:
        return None
    try:
        moment = datetime.fromisoformat(f"{date_text}T{time_text}")
        if moment.tzinfo is not None or not 2000 <= moment.year <= 2200:
            raise ValueError(date_text)
        return from_local(moment)
    except (ValueError, OverflowError):
        raise ModuleRefused("deadline_invalid") from None


def round_setup(settings, groups, criteria_by_group):
    """The round's groups (in the settings' order), criteria ({group: [criterion id, …]}) and rule (the module's,
    restricted to them), from what the author chose; ModuleRefused when a group has no criterion."""
    known = [g["id"] for g in settings.groups]
    chosen = [g for g in known if g in set(groups or ())]
    if not chosen:
        raise ModuleRefused("groups_missing")
    order = [c["id"] for c in settings.criteria]
    criteria = {}
    for group in chosen:
        picked = set((criteria_by_group or {}).get(group) or ())
        criteria[group] = [c for c in order if c in picked]
        if not criteria[group]:
            raise ModuleRefused("round_criteria_missing", group=group)
    rules = {g.group: g for g in settings.rule.groups}
    rule = ApprovalRule(tuple(GroupRule(g, rules[g].min_reviews,
                                        {c: v for c, v in rules[g].min_median.items() if c in criteria[g]})
                              for g in chosen if g in rules), settings.rule.no_open_blocking)
    return chosen, criteria, rule.to_dict()


def _busy_round(module, except_id=None):
    query = ModuleRound.query.filter(ModuleRound.module_id == module.activity_id, ModuleRound.state.in_(BUSY))
    if except_id is not None:
        query = query.filter(ModuleRound.id != except_id)
    return query.order_by(ModuleRound.number).first()


def _next_number(module):
    last = (ModuleRound.query.filter_by(module_id=module.activity_id)
            .order_by(ModuleRound.number.desc()).first())
    return last.number + 1 if last is not None else 1


def _version(module, number):
    version = version_numbered(module, number)
    if version is None:
        raise ModuleRefused("version_unknown", number=number)
    return version


def _add(row):
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:  # another request made round N at the same moment
        db.session.rollback()
        raise ModuleRefused("round_busy", number=row.number) from None


def create_round(module, user, version_number, groups, criteria_by_group, deadline, show_comments,
                 hide_identities):
    """A draft round on version ``version_number`` (the next round number); refused while another round of the
    module is not decided. ``deadline``: naive UTC or None. Returns the ModuleRound."""
    version = _version(module, version_number)
    if (busy := _busy_round(module)) is not None:
        raise ModuleRefused("round_busy", number=busy.number)
    chosen, criteria, rule = round_setup(settings_of(module), groups, criteria_by_group)
    row = ModuleRound(module_id=module.activity_id, number=_next_number(module), version_id=version.id,
                      groups=chosen, criteria=criteria, rule=rule, deadline=deadline, state=RoundState.DRAFT.value,
                      show_comments=bool(show_comments), hide_identities=bool(hide_identities),
                      created_by=user.id if user is not None else None, created_at=utcnow())
    _add(row)
    audit.record(module.activity_id, user, "round_created", version.number, round=row.number, groups=chosen)
    db.session.commit()
    return row


def update_round(module, user, row, groups, criteria_by_group, deadline, show_comments, hide_identities):
    """A draft round's setup changed (its version stays)."""
    _locked(row)
    if row.state != RoundState.DRAFT.value:
        raise ModuleRefused("round_not_draft", state=row.state)
    chosen, criteria, rule = round_setup(settings_of(module), groups, criteria_by_group)
    row.groups, row.criteria, row.rule, row.deadline = chosen, criteria, rule, deadline
    row.show_comments, row.hide_identities = bool(show_comments), bool(hide_identities)
    audit.record(module.activity_id, user, "round_changed", row.version.number, round=row.number, groups=chosen)
    db.session.commit()
    return row


def _locked(row):
    """The round read again under a row lock (PostgreSQL), so two requests cannot both move it from one state."""
    db.session.refresh(row, with_for_update=True)
    return row


def _move(module, user, row, action, move, **detail):
    _locked(row)
    try:
        moved = move(domain_round(row))
    except ModuleError as exc:
        raise refused(exc) from None
    store_round(row, moved)
    audit.record(module.activity_id, user, action, row.version.number, round=row.number, **detail)
    db.session.commit()
    return row


def open_round(module, user, row):
    """Open a draft round: its deadline in the future and every group with at least one active reviewer."""
    invited = Counter(r.group for r in active_reviewers(row))
    return _move(module, user, row, "round_opened",
                 lambda r: round_rules.open_round(r, now=utcnow(), reviewers=invited), reviewers=sum(invited.values()))


def close_round(module, user, row):
    return _move(module, user, row, "round_closed", lambda r: round_rules.close_round(r, now=utcnow()))


def extend_deadline(module, user, row, deadline):
    """A later deadline (naive UTC) for an open or closed round, which is open again."""
    return _move(module, user, row, "round_extended",
                 lambda r: round_rules.extend_deadline(r, deadline, now=utcnow()),
                 deadline=deadline.isoformat() if isinstance(deadline, datetime) else None)


def decide(module, user, row, outcome, reason):
    """Decide a closed round on its approval rule: approving while the rule is not met needs a reason
    (``against_rule``). Returns the row."""
    _locked(row)
    decision = evaluate_round(row, settings_of(module))
    reason = (reason or "").replace("\r\n", "\n").strip()
    try:
        decided = round_rules.decide(domain_round(row), outcome, decision, now=utcnow(), reason=reason)
    except ModuleError as exc:
        raise refused(exc, "decide") from None
    store_round(row, decided)
    row.decided_by = user.id if user is not None else None
    audit.record(module.activity_id, user, "round_decided", row.version.number, round=row.number,
                 outcome=decided.outcome.value, against_rule=decided.against_rule, reason=decided.reason,
                 unmet=[p.code for p in decision.unmet])
    db.session.commit()
    return row


def next_round(module, user, previous, version_number, only_blocking):
    """The draft round after ``previous`` (decided: revise) on a newer version: the same groups, criteria and rule,
    and its reviewers asked again (all, or only those with a blocking comment), each a new row pointing at the old
    one (``previous_id``) with a new personal link. Returns (the round, [(reviewer row, token), …]): the tokens are
    shown once and never stored."""
    version = _version(module, version_number)
    _locked(previous)
    try:
        round_rules.next_round(domain_round(previous), version.number)
    except ModuleError as exc:
        raise refused(exc) from None
    if (busy := _busy_round(module)) is not None:
        raise ModuleRefused("round_busy", number=busy.number)
    row = ModuleRound(module_id=module.activity_id, number=_next_number(module), version_id=version.id,
                      groups=list(previous.groups), criteria=dict(previous.criteria), rule=dict(previous.rule),
                      state=RoundState.DRAFT.value, show_comments=previous.show_comments,
                      hide_identities=previous.hide_identities, created_by=user.id if user is not None else None,
                      created_at=utcnow())
    _add(row)
    reviewers = {str(r.id): r for r in active_reviewers(previous)}
    comments = [domain_comment(c) for c in ModuleComment.query.filter_by(round_id=previous.id, parent_id=None)
                .filter(ModuleComment.reviewer_id.isnot(None))]
    asked = round_rules.reviewers_to_ask_again(list(reviewers), comments, only_blocking=bool(only_blocking))
    links = []
    for key in asked:
        old = reviewers[key]
        token, token_hash = new_token()
        copy = ModuleReviewer(round_id=row.id, user_id=old.user_id, previous_id=old.id, group=old.group,
                              name=old.name, institution=old.institution, email=old.email, token_hash=token_hash,
                              invited_at=utcnow(), invited_by=user.id if user is not None else None,
                              confirmed_at=old.confirmed_at)
        db.session.add(copy)
        links.append((copy, token))
    db.session.flush()
    audit.record(module.activity_id, user, "round_created", version.number, round=row.number,
                 previous_round=previous.number, reviewers=len(links), only_blocking=bool(only_blocking))
    db.session.commit()
    return row, links


def _comment(module, comment_id, row=None):
    """A top-level comment of one of this module's rounds (of round ``row``, when given), else refused."""
    query = (ModuleComment.query.join(ModuleRound, ModuleComment.round_id == ModuleRound.id)
             .filter(ModuleRound.module_id == module.activity_id, ModuleComment.id == comment_id,
                     ModuleComment.parent_id.is_(None)))
    if row is not None:
        query = query.filter(ModuleComment.round_id == row.id)
    comment = query.first() if isinstance(comment_id, int) else None
    if comment is None:
        raise ModuleRefused("comment_unknown")
    return comment


def answer_comment(module, user, comment_id, status, answer, version, row=None):
    """The author's answer to a comment: ``addressed`` in version ``version`` (after the round's) or ``declined``
    with a reason. An answer may be changed; a comment never becomes open again."""
    comment = _comment(module, comment_id, row)
    round_version = comment_round_version(comment)
    answer = (answer or "").replace("\r\n", "\n").strip()
    if status == CommentStatus.ADDRESSED.value and isinstance(version, int) and version <= round_version:
        raise ModuleRefused("answer_version_newer", number=round_version)
    try:
        answered = review_rules.answer_comment(domain_comment(comment), status, reason=answer, version=version)
    except ModuleError as exc:
        raise refused(exc, "answer") from None
    comment.status, comment.answer, comment.answered_in = answered.status.value, answered.reason, answered.answered_in
    comment.answered_by, comment.answered_at = (user.id if user is not None else None), utcnow()
    comment.updated_at = comment.answered_at
    audit.record(module.activity_id, user, "comment_answered", round_version, comment=comment.id,
                 status=comment.status, answered_in=comment.answered_in, reason=comment.answer)
    db.session.commit()
    return comment


def comment_round_version(comment):
    return db.session.get(ModuleRound, comment.round_id).version.number


def reply(module, user, comment_id, body, row=None):
    """The author's reply in a comment's thread (plain text)."""
    parent = _comment(module, comment_id, row)
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ModuleRefused("reply_empty")
    if len(body) > MAX_REASON:
        raise ModuleRefused("reply_too_long", max=MAX_REASON)
    now = utcnow()
    answer = ModuleComment(round_id=parent.round_id, parent_id=parent.id, user_id=user.id if user is not None else None,
                           reviewer_id=None, section_id=parent.section_id, anchor=None, body=body, created_at=now,
                           updated_at=now)
    db.session.add(answer)
    audit.record(module.activity_id, user, "comment_replied", comment_round_version(parent), comment=parent.id)
    db.session.commit()
    return answer
