"""A review round's states: draft → open → closed → decided, refused moves, approval against the rule."""
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lti_tool.modules.domain.approval import default_criteria, default_rule, evaluate
from lti_tool.modules.domain.problems import ModuleError
from lti_tool.modules.domain.reviews import Comment, Recommendation, Review, ReviewState
from lti_tool.modules.domain.rounds import (
    Outcome,
    Round,
    RoundState,
    close_round,
    decide,
    extend_deadline,
    next_round,
    open_round,
    reviewers_to_ask_again,
)

NOW = datetime(2026, 3, 2, 9, 0)
WEEK = timedelta(days=7)
GROUPS = ("pemda", "masyarakat", "perguruan_tinggi")
INVITED = dict.fromkeys(GROUPS, 2)
CRITERIA = default_criteria(GROUPS)
MET = evaluate(default_rule(CRITERIA), [Review("r", g, {c.id: 4 for c in CRITERIA[g]}, Recommendation.APPROVE,
                                               ReviewState.SUBMITTED) for g in GROUPS], [], CRITERIA)
UNMET = evaluate(default_rule(CRITERIA), [], [Comment("c", "r", blocking=True)], CRITERIA)


def draft():
    return Round(1, 1, GROUPS, NOW + WEEK)


def test_a_round_goes_from_draft_to_decided():
    opened = open_round(draft(), now=NOW, reviewers=INVITED)
    assert opened.state == RoundState.OPEN and opened.opened_at == NOW
    assert opened.accepting_reviews(NOW) and not opened.accepting_reviews(NOW + WEEK)
    closed = close_round(opened, now=NOW + WEEK)
    assert closed.state == RoundState.CLOSED and not closed.accepting_reviews(NOW)
    decided = decide(closed, "approved", MET, now=NOW + 2 * WEEK)
    assert (decided.state, decided.outcome, decided.against_rule, decided.publishable) == (
        RoundState.DECIDED, Outcome.APPROVED, False, True)


def test_opening_needs_a_future_deadline_groups_and_reviewers_in_every_group():
    with pytest.raises(ModuleError) as refused:
        open_round(Round(1, 1, GROUPS, NOW), now=NOW, reviewers={"pemda": 1})
    assert refused.value.problems == (("deadline_past", {"deadline": NOW}),
                                      ("group_without_reviewers", {"group": "masyarakat"}),
                                      ("group_without_reviewers", {"group": "perguruan_tinggi"}))
    with pytest.raises(ModuleError) as refused:
        open_round(Round(1, 1), now=NOW, reviewers={})
    assert [p.code for p in refused.value.problems] == ["deadline_missing", "no_groups"]


@pytest.mark.parametrize("move", [
    lambda r: close_round(r, now=NOW), lambda r: decide(r, "approved", MET, now=NOW),
    lambda r: extend_deadline(r, NOW + 2 * WEEK, now=NOW),
])
def test_illegal_moves_are_refused_with_the_states(move):
    with pytest.raises(ModuleError) as refused:
        move(draft())
    assert refused.value.code == "illegal_transition" and refused.value.params["from"] == "draft"


def test_a_decided_round_stays_decided():
    decided = decide(close_round(open_round(draft(), now=NOW, reviewers=INVITED), now=NOW), "revise", UNMET, now=NOW)
    for move in (lambda r: open_round(r, now=NOW, reviewers=INVITED), lambda r: close_round(r, now=NOW),
                 lambda r: decide(r, "approved", MET, now=NOW), lambda r: extend_deadline(r, NOW + WEEK, now=NOW)):
        with pytest.raises(ModuleError, match="illegal_transition"):
            move(decided)
    assert not decided.publishable


def test_approving_against_the_rule_needs_a_reason_that_is_kept():
    closed = close_round(open_round(draft(), now=NOW, reviewers=INVITED), now=NOW)
    with pytest.raises(ModuleError) as refused:
        decide(closed, "approved", UNMET, now=NOW, reason="  ")
    assert refused.value.code == "reason_required"
    assert refused.value.params["unmet"] == [p.code for p in UNMET.unmet] and "blocking_open" in UNMET.unmet[-1]
    decided = decide(closed, "approved", UNMET, now=NOW, reason="Kepala dinas menyetujui dalam rapat 3 Maret.")
    assert decided.against_rule and decided.reason == "Kepala dinas menyetujui dalam rapat 3 Maret."
    assert decide(closed, "revise", UNMET, now=NOW).reason == ""
    with pytest.raises(ModuleError, match="outcome_unknown"):
        decide(closed, "publish", MET, now=NOW)


def test_a_deadline_can_be_extended_and_a_closed_round_opens_again():
    closed = close_round(open_round(draft(), now=NOW, reviewers=INVITED), now=NOW + WEEK)
    extended = extend_deadline(closed, NOW + 2 * WEEK, now=NOW + WEEK)
    assert (extended.state, extended.deadline, extended.closed_at) == (RoundState.OPEN, NOW + 2 * WEEK, None)
    for deadline, code in ((NOW + WEEK, "deadline_past"), (None, "deadline_missing")):
        with pytest.raises(ModuleError, match=code):
            extend_deadline(closed, deadline, now=NOW + WEEK)
    with pytest.raises(ModuleError, match="deadline_earlier"):
        extend_deadline(extended, NOW + WEEK + timedelta(hours=1), now=NOW + WEEK)


def test_the_next_round_reviews_a_newer_version_after_a_decision_to_revise():
    revise = decide(close_round(open_round(draft(), now=NOW, reviewers=INVITED), now=NOW), "revise", UNMET, now=NOW)
    second = next_round(revise, 2, deadline=NOW + 3 * WEEK)
    assert (second.number, second.version, second.groups, second.state) == (2, 2, GROUPS, RoundState.DRAFT)
    with pytest.raises(ModuleError, match="version_not_newer"):
        next_round(revise, 1)
    with pytest.raises(ModuleError, match="previous_round_undecided"):
        next_round(draft(), 2)


def test_the_next_round_asks_everyone_or_only_those_whose_comments_were_blocking():
    comments = [Comment("1", "b", blocking=True), Comment("2", "a"), Comment("3", "c", blocking=True)]
    assert reviewers_to_ask_again(["a", "b", "c", "d"], comments, only_blocking=False) == ["a", "b", "c", "d"]
    assert reviewers_to_ask_again(["a", "b", "c", "d"], comments, only_blocking=True) == ["b", "c"]


moves = st.lists(st.sampled_from(["open", "close", "extend", "approve", "revise"]), max_size=12)
ALLOWED = {"open": {"draft"}, "close": {"open"}, "extend": {"open", "closed"}, "approve": {"closed"},
           "revise": {"closed"}}


def apply(move, round_, now):
    if move == "open":
        return open_round(round_, now=now, reviewers=INVITED)
    if move == "close":
        return close_round(round_, now=now)
    if move == "extend":
        return extend_deadline(round_, round_.deadline + WEEK, now=now)
    return decide(round_, "approved" if move == "approve" else "revise", MET, now=now)


@given(moves)
def test_any_sequence_of_moves_follows_the_state_machine(sequence):
    round_ = draft()
    for hour, move in enumerate(sequence):
        before = round_.state
        try:
            round_ = apply(move, round_, NOW + timedelta(hours=hour))
        except ModuleError as refused:
            assert before not in ALLOWED[move] and refused.code == "illegal_transition"
        else:
            assert before in ALLOWED[move]
