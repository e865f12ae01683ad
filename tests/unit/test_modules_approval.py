"""The approval rule of a module review: data in and out, validation, ordinal statistics, and the decision."""
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lti_tool.modules.domain.approval import (
    ApprovalRule,
    GroupRule,
    default_criteria,
    default_rule,
    evaluate,
    recommendations,
    rule_from_dict,
    statistics,
    validate_rule,
)
from lti_tool.modules.domain.problems import ModuleError
from lti_tool.modules.domain.reviews import (
    Comment,
    CommentStatus,
    Criterion,
    Recommendation,
    Review,
    ReviewState,
)

SUBMITTED = ReviewState.SUBMITTED
CRITERIA = default_criteria()  # pemda, masyarakat, perguruan_tinggi × relevance … culture on 1–4


def review(group, score, recommendation=Recommendation.APPROVE, state=SUBMITTED, reviewer="r", **scores):
    all_scores = {c.id: score for c in CRITERIA[group]} | scores
    return Review(reviewer, group, all_scores, recommendation, state)


def test_the_default_rule_asks_one_review_per_group_and_a_median_of_three_of_four():
    rule = default_rule(CRITERIA)
    assert [(g.group, g.min_reviews) for g in rule.groups] == [("pemda", 1), ("masyarakat", 1),
                                                               ("perguruan_tinggi", 1)]
    assert all(set(g.min_median.values()) == {3} and len(g.min_median) == 5 for g in rule.groups)
    assert rule.no_open_blocking and validate_rule(rule, CRITERIA) == ()
    assert default_rule({"pemda": (Criterion("a", 5), Criterion("b", 2))}).groups[0].min_median == {"a": 4, "b": 1}


def test_a_round_with_one_good_review_per_group_and_no_blocking_comment_is_approved():
    reviews = [review("pemda", 3), review("masyarakat", 4), review("perguruan_tinggi", 3)]
    decision = evaluate(default_rule(CRITERIA), reviews, [Comment("c1", "r", blocking=False)], CRITERIA)
    assert decision.met and decision.unmet == ()
    assert decision.submitted == {"pemda": 1, "masyarakat": 1, "perguruan_tinggi": 1}


def test_unmet_conditions_are_codes_with_params():
    reviews = [review("pemda", 4, state=ReviewState.DRAFT),  # a draft does not count
               review("masyarakat", 3, relevance=2), review("masyarakat", 2, relevance=2, culture=4),
               review("perguruan_tinggi", 4)]
    comments = [Comment("a", "r", blocking=True), Comment("b", "r", blocking=True),
                Comment("c", "r", blocking=True, status=CommentStatus.DECLINED, reason="di luar lingkup"),
                Comment("d", "r", blocking=False)]
    decision = evaluate(default_rule(CRITERIA), reviews, comments, CRITERIA)
    assert not decision.met
    assert ("too_few_reviews", {"group": "pemda", "have": 0, "need": 1}) in decision.unmet
    assert ("no_scores", {"group": "pemda", "criterion": "relevance", "need": 3}) in decision.unmet
    assert ("median_below", {"group": "masyarakat", "criterion": "relevance", "median": 2, "median_high": 2,
                             "need": 3, "n": 2}) in decision.unmet
    # scores 3 and 2: the lower median is 2, so half is not enough
    assert ("median_below", {"group": "masyarakat", "criterion": "accuracy", "median": 2, "median_high": 3,
                             "need": 3, "n": 2}) in decision.unmet
    assert not any(p.params.get("criterion") == "culture" and p.params["group"] == "masyarakat"
                   for p in decision.unmet)  # 3 and 4
    assert decision.unmet[-1] == ("blocking_open", {"count": 2})
    assert not any(p.params.get("group") == "perguruan_tinggi" for p in decision.unmet)


def test_statistics_give_median_distribution_and_n_per_group_and_criterion():
    reviews = [review("pemda", s, reviewer=f"r{s}") for s in (1, 4, 4, 2)] + [review("pemda", 3, state="draft")]
    stats = {(s.group, s.criterion): s for s in statistics(reviews, CRITERIA)}
    relevance = stats[("pemda", "relevance")]
    assert (relevance.n, relevance.median, relevance.median_high, relevance.distribution) == (4, 2, 4, (1, 1, 0, 2))
    assert stats[("masyarakat", "clarity")].median is None and stats[("masyarakat", "clarity")].distribution == (0,) * 4
    assert len(stats) == 15


def test_recommendations_are_tallied_per_group_from_submitted_reviews():
    reviews = [review("pemda", 3, Recommendation.APPROVE), review("pemda", 3, Recommendation.REJECT),
               review("pemda", 3, Recommendation.REJECT, state="draft"),
               review("masyarakat", 3, Recommendation.APPROVE_WITH_CHANGES)]
    assert recommendations(reviews) == {
        "pemda": {Recommendation.APPROVE: 1, Recommendation.APPROVE_WITH_CHANGES: 0, Recommendation.REJECT: 1},
        "masyarakat": {Recommendation.APPROVE: 0, Recommendation.APPROVE_WITH_CHANGES: 1, Recommendation.REJECT: 0}}


def test_a_group_that_needs_no_review_and_has_none_is_not_held_to_its_medians():
    rule = ApprovalRule((GroupRule("pemda", 0, {"relevance": 3}),), no_open_blocking=False)
    assert evaluate(rule, [], [Comment("a", "r", blocking=True)], CRITERIA).met
    assert not evaluate(rule, [review("pemda", 2)], [], CRITERIA).met


def test_without_a_setup_the_rule_names_the_criteria():
    rule = ApprovalRule((GroupRule("pemda", 1, {"relevance": 3}),))
    assert evaluate(rule, [Review("r", "pemda", {"relevance": 3}, "approve", SUBMITTED)], []).met


def test_a_rule_goes_to_json_and_back():
    rule = ApprovalRule((GroupRule("pemda", 2, {"relevance": 3, "clarity": 4}), GroupRule("masyarakat", 0, {})),
                        no_open_blocking=False)
    assert ApprovalRule.from_dict(json.loads(json.dumps(rule.to_dict()))) == rule
    assert rule_from_dict(default_rule(CRITERIA).to_dict(), CRITERIA) == default_rule(CRITERIA)


@pytest.mark.parametrize("data, at", [
    ([], "groups"), ({"groups": []}, "groups"), ({"no_open_blocking": "no"}, "no_open_blocking"),
    ({"groups": {"pemda": 1}}, "groups.pemda"),
    ({"groups": {"pemda": {"min_reviews": "1"}}}, "groups.pemda.min_reviews"),
    ({"groups": {"pemda": {"min_reviews": True}}}, "groups.pemda.min_reviews"),
    ({"groups": {"pemda": {"min_median": {"relevance": 2.5}}}}, "groups.pemda.min_median"),
])
def test_malformed_rules_are_refused_with_where(data, at):
    with pytest.raises(ModuleError) as refused:
        ApprovalRule.from_dict(data)
    assert (refused.value.code, refused.value.params) == ("rule_malformed", {"at": at})


def test_validation_names_every_problem():
    data = {"groups": {"pemda": {"min_reviews": -1, "min_median": {"relevance": 5, "nope": 3, "clarity": 0}},
                       "bupati": {"min_reviews": 1}, "masyarakat": {"min_reviews": 5000}}}
    with pytest.raises(ModuleError) as refused:
        rule_from_dict(data, CRITERIA)
    assert refused.value.problems == (
        ("negative_count", {"group": "pemda", "value": -1}),
        ("median_outside_scale", {"group": "pemda", "criterion": "relevance", "value": 5, "min": 1, "max": 4}),
        ("unknown_criterion", {"group": "pemda", "criterion": "nope"}),
        ("median_outside_scale", {"group": "pemda", "criterion": "clarity", "value": 0, "min": 1, "max": 4}),
        ("unknown_group", {"group": "bupati"}),
        ("count_too_large", {"group": "masyarakat", "value": 5000, "max": 1000}))
    assert refused.value.code == "negative_count"
    twice = ApprovalRule((GroupRule("pemda"), GroupRule("pemda")))
    assert validate_rule(twice, CRITERIA) == (("duplicate_group", {"group": "pemda"}),)


@pytest.mark.parametrize("kwargs", [{"id": ""}, {"id": "a", "scale_max": 1}, {"id": "a", "scale_max": 11},
                                    {"id": "a", "labels": ("x", "y")}, {"id": "a", "scale_max": True}])
def test_a_criterion_needs_an_id_and_a_scale_of_two_to_ten_points_with_a_label_each_or_none(kwargs):
    with pytest.raises(ModuleError, match="criterion_invalid"):
        Criterion(**kwargs)


# --- properties -------------------------------------------------------------------------------------------------

scores = st.lists(st.integers(1, 4), min_size=1, max_size=30)


@given(scores, st.integers(1, 4))
def test_the_median_is_at_least_t_exactly_when_more_than_half_scored_t_or_more(values, t):
    reviews = [Review(f"r{n}", "pemda", {"relevance": v}, "approve", SUBMITTED) for n, v in enumerate(values)]
    (stats,) = statistics(reviews, {"pemda": (Criterion("relevance"),)})
    assert (stats.median >= t) == (2 * sum(v >= t for v in values) > len(values))
    assert stats.median <= stats.median_high and stats.median in values and sum(stats.distribution) == len(values)


json_values = st.recursive(st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=5),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                      max_size=3), max_leaves=12)


@given(st.dictionaries(st.sampled_from(["groups", "no_open_blocking", "x"]), json_values, max_size=3))
def test_any_json_is_a_rule_or_a_refusal_with_a_code(data):
    try:
        rule = rule_from_dict(data, CRITERIA)
    except ModuleError as refused:
        assert refused.problems and all(isinstance(p.code, str) for p in refused.problems)
    else:
        assert ApprovalRule.from_dict(rule.to_dict()) == rule


@given(st.lists(st.tuples(st.sampled_from(sorted(CRITERIA)), st.integers(1, 4), st.booleans()), max_size=12),
       st.lists(st.tuples(st.booleans(), st.sampled_from(list(CommentStatus))), max_size=5))
def test_met_means_no_unmet_condition(reviewed, commented):
    reviews = [review(group, score, state=SUBMITTED if done else "draft") for group, score, done in reviewed]
    comments = [Comment(str(n), "r", blocking, status) for n, (blocking, status) in enumerate(commented)]
    decision = evaluate(default_rule(CRITERIA), reviews, comments, CRITERIA)
    assert decision.met == (decision.unmet == ())
    assert decision.met == (all(decision.submitted.get(g, 0) >= 1 for g in CRITERIA)
                            and all(s.median >= 3 for s in decision.stats)
                            and not any(b and s == CommentStatus.OPEN for b, s in commented))
