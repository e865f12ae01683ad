"""A review round on one version: draft → open → closed → decided, and who is asked again in the next round.

The author prepares a round (draft: deadline, groups, criteria, reviewers), opens it, closes it (or its deadline
passes: reviews can no longer change, ``accepting_reviews``), and decides: *approved* (the version may be
published) or *revise* (answer the comments, write the next version, open the next round). Approving while the
approval rule is not met needs a written reason, which the report shows (``against_rule``). An open or closed round
can get a later deadline (it opens again). Every function returns a new Round or raises ModuleError: an illegal
move is ``illegal_transition`` with ``from`` and ``to``; none reads the clock (``now`` is passed in).
"""
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from .problems import ModuleError, Problem
from .reviews import MAX_REASON


class RoundState(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    DECIDED = "decided"


class Outcome(StrEnum):
    APPROVED = "approved"
    REVISE = "revise"


@dataclass(frozen=True)
class Round:
    number: int  # 1, 2, … within the module
    version: int  # the version under review (immutable)
    groups: tuple = ()  # the stakeholder groups asked
    deadline: datetime | None = None
    state: RoundState = RoundState.DRAFT
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    decided_at: datetime | None = None
    outcome: Outcome | None = None
    reason: str = ""
    against_rule: bool = False  # approved although the approval rule was not met

    def accepting_reviews(self, now):
        """Reviews and comments can be written and changed: the round is open and its deadline not passed."""
        return self.state == RoundState.OPEN and (self.deadline is None or now < self.deadline)

    @property
    def publishable(self):
        return self.state == RoundState.DECIDED and self.outcome == Outcome.APPROVED


def _require(round_, *states, to):
    if round_.state not in states:
        raise ModuleError("illegal_transition", {"from": round_.state.value, "to": to.value})


def _future_deadline(deadline, now):
    if not isinstance(deadline, datetime):
        return Problem("deadline_missing", {})
    if deadline <= now:
        return Problem("deadline_past", {"deadline": deadline})
    return None


def open_round(round_, *, now, reviewers):
    """Open a draft round: a deadline in the future, at least one group, and in every group at least one reviewer
    (``reviewers``: {group: number of reviewers invited})."""
    _require(round_, RoundState.DRAFT, to=RoundState.OPEN)
    problems = [p for p in (_future_deadline(round_.deadline, now),) if p]
    if not round_.groups:
        problems.append(Problem("no_groups", {}))
    problems += [Problem("group_without_reviewers", {"group": g}) for g in round_.groups if not reviewers.get(g)]
    if problems:
        raise ModuleError.of(problems)
    return replace(round_, state=RoundState.OPEN, opened_at=now)


def extend_deadline(round_, deadline, *, now):
    """A later deadline for an open or closed round, which is (again) open."""
    _require(round_, RoundState.OPEN, RoundState.CLOSED, to=RoundState.OPEN)
    if problem := _future_deadline(deadline, now):
        raise ModuleError(*problem)
    if round_.deadline is not None and deadline < round_.deadline:
        raise ModuleError("deadline_earlier", {"deadline": round_.deadline})
    return replace(round_, state=RoundState.OPEN, deadline=deadline, closed_at=None)


def close_round(round_, *, now):
    """Close an open round (before its deadline, or after it to decide)."""
    _require(round_, RoundState.OPEN, to=RoundState.CLOSED)
    return replace(round_, state=RoundState.CLOSED, closed_at=now)


def decide(round_, outcome, decision, *, now, reason=""):
    """Decide a closed round. ``decision`` is ``approval.evaluate``'s: approving against it needs a reason."""
    _require(round_, RoundState.CLOSED, to=RoundState.DECIDED)
    try:
        outcome = Outcome(outcome)
    except ValueError:
        raise ModuleError("outcome_unknown") from None
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise ModuleError("reason_too_long", {"max": MAX_REASON})
    against = outcome == Outcome.APPROVED and not decision.met
    if against and not reason:
        raise ModuleError("reason_required", {"unmet": [p.code for p in decision.unmet]})
    return replace(round_, state=RoundState.DECIDED, decided_at=now, outcome=outcome, reason=reason,
                   against_rule=against)


def next_round(previous, version, *, deadline=None):
    """The draft of the round after ``previous`` (decided: revise) on ``version`` (a later one), same groups."""
    if not (previous.state == RoundState.DECIDED and previous.outcome == Outcome.REVISE):
        raise ModuleError("previous_round_undecided")
    if not (isinstance(version, int) and version > previous.version):
        raise ModuleError("version_not_newer", {"version": previous.version})
    return Round(previous.number + 1, version, previous.groups, deadline)


def reviewers_to_ask_again(reviewers, comments, *, only_blocking):
    """The reviewers of the next round, in their order: all of them, or only those who wrote a blocking comment."""
    if not only_blocking:
        return list(reviewers)
    blocking = {c.author for c in comments if c.blocking}
    return [r for r in reviewers if r in blocking]
