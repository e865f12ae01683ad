"""A reviewer's review (draft → submitted, editable until then or the deadline) and the author's answers."""
from datetime import datetime, timedelta

import pytest

from lti_tool.modules.domain.problems import ModuleError
from lti_tool.modules.domain.reviews import (
    Comment,
    CommentStatus,
    Criterion,
    Recommendation,
    Review,
    ReviewState,
    answer_comment,
    edit_review,
    submit_review,
)

NOW = datetime(2026, 3, 2, 9, 0)
DEADLINE = NOW + timedelta(days=7)
CRITERIA = (Criterion("relevance"), Criterion("clarity", 5, ("1", "2", "3", "4", "5")))


def codes(refused):
    return [p.code for p in refused.value.problems]


def test_a_draft_is_edited_piece_by_piece_then_submitted():
    review = Review("r1", "pemda")
    review = edit_review(review, now=NOW, deadline=DEADLINE, criteria=CRITERIA, scores={"relevance": 3})
    review = edit_review(review, now=NOW, deadline=DEADLINE, criteria=CRITERIA, scores={"clarity": 5},
                         recommendation="approve_with_changes")
    assert review.scores == {"relevance": 3, "clarity": 5}
    assert review.recommendation == Recommendation.APPROVE_WITH_CHANGES and not review.submitted
    review = edit_review(review, now=NOW, deadline=DEADLINE, criteria=CRITERIA, scores={"clarity": None})
    assert review.scores == {"relevance": 3} and review.recommendation == Recommendation.APPROVE_WITH_CHANGES
    review = edit_review(review, now=NOW, deadline=DEADLINE, criteria=CRITERIA, scores={"clarity": 4})
    done = submit_review(review, now=NOW, deadline=DEADLINE, criteria=CRITERIA)
    assert done.state == ReviewState.SUBMITTED and done.submitted_at == NOW


def test_submitting_needs_every_score_and_a_recommendation():
    with pytest.raises(ModuleError) as refused:
        submit_review(Review("r1", "pemda", {"relevance": 2}), now=NOW, deadline=DEADLINE, criteria=CRITERIA)
    assert refused.value.problems == (("scores_missing", {"criteria": ["clarity"]}), ("recommendation_missing", {}))


@pytest.mark.parametrize("scores, code", [({"relevance": 5}, "score_outside_scale"), ({"relevance": 0},
                                          "score_outside_scale"), ({"relevance": True}, "score_outside_scale"),
                                          ({"nope": 1}, "criterion_unknown")])
def test_scores_outside_the_scale_or_of_unknown_criteria_are_refused(scores, code):
    with pytest.raises(ModuleError) as refused:
        edit_review(Review("r1", "pemda"), now=NOW, deadline=DEADLINE, criteria=CRITERIA, scores=scores)
    assert codes(refused) == [code]
    with pytest.raises(ModuleError, match="recommendation_unknown"):
        edit_review(Review("r1", "pemda"), now=NOW, deadline=DEADLINE, criteria=CRITERIA, recommendation="ya")


def test_a_submitted_review_or_a_passed_deadline_refuses_changes():
    done = Review("r1", "pemda", {"relevance": 3, "clarity": 3}, Recommendation.APPROVE, ReviewState.SUBMITTED)
    for change in (edit_review, submit_review):
        with pytest.raises(ModuleError, match="review_submitted"):
            change(done, now=NOW, deadline=DEADLINE, criteria=CRITERIA)
    with pytest.raises(ModuleError) as refused:
        edit_review(Review("r1", "pemda"), now=DEADLINE, deadline=DEADLINE, criteria=CRITERIA)
    assert refused.value.params == {"deadline": DEADLINE}
    assert edit_review(Review("r1", "pemda"), now=DEADLINE, deadline=None, criteria=CRITERIA).scores == {}


def test_a_blocking_comment_blocks_until_addressed_or_declined_with_a_reason():
    comment = Comment("c1", "r1", blocking=True)
    assert comment.blocks and comment.is_open
    addressed = answer_comment(comment, "addressed", version=2)
    assert (addressed.status, addressed.answered_in, addressed.blocks) == (CommentStatus.ADDRESSED, 2, False)
    declined = answer_comment(addressed, "declined", reason="  Di luar lingkup modul. ")
    assert (declined.status, declined.reason, declined.answered_in) == (CommentStatus.DECLINED,
                                                                        "Di luar lingkup modul.", None)
    assert not declined.blocks


@pytest.mark.parametrize("status, kwargs, code", [
    ("declined", {"reason": "   "}, "reason_required"), ("addressed", {}, "version_required"),
    ("addressed", {"version": 0}, "version_required"), ("open", {}, "answer_unknown"), ("maybe", {}, "answer_unknown"),
    ("declined", {"reason": "x" * 4001}, "reason_too_long"),
])
def test_answers_that_would_leave_a_comment_unanswered_are_refused(status, kwargs, code):
    with pytest.raises(ModuleError) as refused:
        answer_comment(Comment("c1", "r1", blocking=True), status, **kwargs)
    assert codes(refused) == [code]
