"""Report statistics of feedback answers from counts: worked examples by hand, and a few properties."""
import statistics
from decimal import Decimal as D
from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lti_tool.feedback.domain.cohorts import compare_runs
from lti_tool.feedback.domain.index import (
    CENTRE_POINTS,
    Band,
    Formula,
    IndexSpec,
    combined_index,
    index_of,
    index_table,
)
from lti_tool.feedback.domain.stats import (
    Scale,
    balanced_percents,
    distribution,
    net_promoter,
    numeric_summary,
    ordinal_summary,
    percent,
    round_half_up,
)

# --- percentages ---------------------------------------------------------------------------------------------------

def test_percentages_round_half_up_exactly_and_symmetrically():
    assert percent(F(2, 3)) == D("67") and percent(F(1, 3), places=1) == D("33.3")
    assert percent(F(1, 8)) == D("13")  # 12.5
    assert round_half_up(F(-25, 2)) == D("-13") and round_half_up(F(-1, 3)) == D("0")
    assert percent(None) is None


def test_each_rounded_percentage_may_miss_100_but_the_balanced_ones_add_up():
    # 1, 1 and 6 of 8: 12.5 + 12.5 + 75 → 13 + 13 + 75 = 101 when each is rounded on its own
    dist = distribution({"a": 1, "b": 1, "c": 6})
    assert [s.percent for s in dist.options] == [D(13), D(13), D(75)]
    # largest remainder: 12 + 12 + 75 = 99, the one unit left goes to the first of the tied remainders
    assert [s.percent_balanced for s in dist.options] == [D(13), D(12), D(75)]
    assert balanced_percents([1, 1, 1]) == (D(34), D(33), D(33))
    assert balanced_percents([1, 1, 1], places=1) == (D("33.4"), D("33.3"), D("33.3"))
    assert balanced_percents([0, 0]) == (D(0), D(0))


def test_a_distribution_lists_every_option_in_order_and_counts_not_applicable_apart():
    dist = distribution({"tidak": 1, None: 4, "ya": 3, "lain": 1}, options=["ya", "tidak", "ragu"])
    assert [(s.value, s.count, s.share) for s in dist.options] == [
        ("ya", 3, F(3, 5)), ("tidak", 1, F(1, 5)), ("ragu", 0, F(0)), ("lain", 1, F(1, 5))]
    assert dist.base == 5 and dist.not_applicable == 4


def test_an_item_with_several_answers_each_shares_the_respondents():
    dist = distribution({"video": 6, "modul": 4, "diskusi": 2}, respondents=8)
    assert [s.share for s in dist.options] == [F(3, 4), F(1, 2), F(1, 4)]
    assert [s.percent_balanced for s in dist.options] == [None, None, None]
    with pytest.raises(ValueError):
        distribution({"video": 9}, respondents=8)


@pytest.mark.parametrize("counts", [{"a": -1}, {"a": 1.0}, {"a": True}, [("a", 1)]])
def test_counts_must_be_non_negative_integers(counts):
    with pytest.raises(ValueError):
        distribution(counts)


# --- ordinal items -------------------------------------------------------------------------------------------------

def test_an_odd_number_of_answers_on_five_points():
    s = ordinal_summary({1: 1, 2: 2, 3: 3, 4: 4, 5: 5}, Scale(5))
    # 15 answers: the 8th is a 4 (1, 2, 2, 3, 3, 3, 4 …); the 4th is a 3; the 12th a 5
    assert (s.n, s.median, s.median_high, s.median_text) == (15, 4, 4, "4")
    assert (s.q1, s.q3) == (3, 5)
    assert s.top_box == F(9, 15) and percent(s.top_box) == D(60)
    assert s.bottom_box == F(3, 15) and percent(s.bottom_box) == D(20)


def test_an_even_number_of_answers_whose_middle_two_differ():
    s = ordinal_summary({2: 2, 3: 2}, Scale(4))
    assert (s.median, s.median_high, s.median_text) == (2, 3, "2\u20133")
    assert (s.q1, s.q3) == (2, 3)
    assert s.top_box == F(1, 2) and s.bottom_box == F(1, 2)  # 3–4 and 1–2 on four points: no neutral


def test_top_and_bottom_two_boxes_on_seven_points():
    s = ordinal_summary({1: 1, 4: 2, 6: 3, 7: 4}, Scale(7))
    assert s.top_box == F(7, 10) and s.bottom_box == F(1, 10)
    assert (s.median, s.median_high) == (6, 6)  # the 5th and 6th answers are both 6


def test_not_applicable_is_outside_the_base_and_stray_points_are_refused():
    s = ordinal_summary({None: 3, 3: 1}, Scale(5))
    assert (s.n, s.not_applicable, s.median) == (1, 3, 3)
    assert [x.percent for x in s.distribution] == [D(0), D(0), D(100), D(0), D(0)]
    with pytest.raises(ValueError):
        ordinal_summary({6: 1}, Scale(5))


def test_an_item_without_answers_has_no_median_and_an_empty_bar():
    s = ordinal_summary({None: 2}, Scale(4))
    assert (s.n, s.median, s.median_text, s.top_box, s.q1) == (0, None, None, None, None)
    assert all(seg.share == 0 for seg in s.bar.segments)


def test_the_diverging_bar_puts_the_neutral_point_across_the_middle():
    bar = ordinal_summary({1: 1, 2: 1, 3: 2, 4: 3, 5: 3}, Scale(5)).bar
    assert (bar.negative, bar.neutral, bar.positive) == (F(1, 5), F(1, 5), F(3, 5))
    assert [(seg.value, seg.start, seg.end) for seg in bar.segments] == [
        (1, F(-3, 10), F(-2, 10)), (2, F(-2, 10), F(-1, 10)), (3, F(-1, 10), F(1, 10)),
        (4, F(1, 10), F(4, 10)), (5, F(4, 10), F(7, 10))]


def test_on_an_even_scale_the_bar_divides_at_zero():
    bar = ordinal_summary({1: 1, 2: 1, 3: 1, 4: 1}, Scale(4)).bar
    assert bar.neutral == 0 and bar.segments[2].start == 0 and bar.segments[0].start == F(-1, 2)


@pytest.mark.parametrize("points, box", [(1, 1), (12, 1), (4, 3), (5, 0)])
def test_a_scale_must_make_sense(points, box):
    with pytest.raises(ValueError):
        Scale(points, box=box)


@given(st.lists(st.integers(1, 7), min_size=1, max_size=60))
def test_the_ordinal_summary_agrees_with_the_answers_themselves(answers):
    s = ordinal_summary({v: answers.count(v) for v in set(answers)}, Scale(7))
    ordered = sorted(answers)
    assert s.median == statistics.median_low(answers) and s.median_high == statistics.median_high(answers)
    assert s.q1 == ordered[-(-len(answers) // 4) - 1] and s.q3 == ordered[-(-3 * len(answers) // 4) - 1]
    assert sum(x.percent_balanced for x in s.distribution) == 100


# --- NPS -----------------------------------------------------------------------------------------------------------

def test_nps_edge_cases():
    assert net_promoter({}).score is None and net_promoter({None: 3}).not_applicable == 3
    assert net_promoter({9: 2, 10: 5}).score == 100
    assert net_promoter({0: 1, 3: 2, 6: 4}).score == -100
    assert net_promoter({7: 3, 8: 1}).score == 0


def test_nps_counts_promoters_passives_and_detractors_and_rounds_once_half_away_from_zero():
    nps = net_promoter({10: 5, 9: 5, 8: 2, 6: 3, None: 1})
    assert (nps.promoters, nps.passives, nps.detractors, nps.n, nps.not_applicable) == (10, 2, 3, 15, 1)
    assert nps.exact == F(140, 3) and nps.score == 47  # 66.67 % − 20 % = 46.67
    assert nps.share("promoters") == F(2, 3)
    assert net_promoter({10: 1, 7: 7}).score == 13  # 12.5
    assert net_promoter({0: 1, 8: 7}).score == -13  # −12.5
    with pytest.raises(ValueError):
        net_promoter({11: 1})


# --- numeric items -------------------------------------------------------------------------------------------------

def test_numeric_quartiles_interpolate_like_a_spreadsheet():
    odd = numeric_summary({3: 1, 1: 1, 2: 1, 9: 0})
    assert (odd.minimum, odd.q1, odd.median, odd.q3, odd.maximum) == (1, D("1.5"), 2, D("2.5"), 3)
    even = numeric_summary({1: 1, 2: 1, 3: 1, 4: 1, None: 2})
    assert (even.q1, even.median, even.q3, even.not_applicable) == (D("1.75"), D("2.5"), D("3.25"), 2)
    assert numeric_summary({D("1.5"): 2, D("2.5"): 2}).median == D("2.0")
    assert numeric_summary({}).median is None


def test_a_float_answer_is_refused():
    with pytest.raises(ValueError):
        numeric_summary({0.1: 1})


@given(st.lists(st.integers(-50, 50), min_size=2, max_size=40))
def test_numeric_summary_agrees_with_the_standard_library(values):
    s = numeric_summary({v: values.count(v) for v in set(values)})
    exact = [F(v) for v in values]
    q1, median, q3 = statistics.quantiles(exact, n=4, method="inclusive")
    assert (F(s.q1), F(s.median), F(s.q3)) == (q1, statistics.median(exact), q3)


# --- the centres' index --------------------------------------------------------------------------------------------

def test_scores_times_25_give_the_index_and_its_band():
    assert CENTRE_POINTS[4] == "sangat_baik"
    result = index_of({4: 1, 3: 1, None: 1})
    assert (result.mean, result.index, result.band.code, result.not_applicable) == (F(7, 2), D("87.50"), "baik", 1)
    assert index_of({4: 2}).index == D("100.00") and index_of({1: 2}).index == D("25.00")
    assert index_of({None: 2}).index is None


@pytest.mark.parametrize("counts, index, band", [
    ({4: 2661, 3: 2339}, "88.31", "sangat_baik"),  # exactly 88.305: shown 88.31, so Sangat Baik
    ({4: 532, 3: 468}, "88.30", "baik"),
    ({4: 644, 3: 9356}, "76.61", "baik"),
    ({4: 64, 3: 936}, "76.60", "kurang_baik"),
    ({3: 6, 2: 4}, "65.00", "kurang_baik"),
    ({3: 5996, 2: 4004}, "64.99", "tidak_baik"),
])
def test_bands_at_their_boundaries_follow_the_displayed_index(counts, index, band):
    result = index_of(counts)
    assert (str(result.index), result.band.code) == (index, band)


def test_the_band_table_is_the_guidelines():
    spec = IndexSpec()
    assert [(spec.band(D(x)).code, spec.band(D(x)).grade) for x in ("100", "88.31", "65", "25")] == [
        ("sangat_baik", "A"), ("sangat_baik", "A"), ("kurang_baik", "C"), ("tidak_baik", "D")]


def test_the_formula_and_the_target_are_the_centres_to_choose():
    assert index_of({4: 1, 3: 1}, IndexSpec(formula=Formula.SPAN)).index == D("83.33")  # (3.5 − 1) / 3
    spec = IndexSpec(target=D(80))
    assert index_of({3: 4, 4: 1}, spec).meets_target is True  # exactly 80.00
    assert index_of({3: 2}, spec).meets_target is False
    assert index_of({3: 2}).meets_target is None


@pytest.mark.parametrize("kwargs", [
    {"bands": (Band("a", D(50)), Band("b", D(70)))}, {"bands": (Band("a", 50),)}, {"target": 80.0},
    {"places": 9}, {"points": 1}, {"formula": "times_25"}])
def test_an_index_spec_must_make_sense(kwargs):
    with pytest.raises(ValueError):
        IndexSpec(**kwargs)


def test_items_combine_with_equal_weights_as_in_the_guideline():
    result = combined_index([{4: 2}, {3: 8}, {}, {None: 2}])
    # (4 + 3) / 2 = 3.5; pooling the ten answers would give 3.2
    assert (result.mean, result.index, result.n, result.not_applicable, result.items) == (F(7, 2), D("87.50"), 10, 2, 2)


def test_an_index_table_per_facilitator_per_item_and_for_the_run():
    table = index_table({"Budi": {"materi": {4: 3, 3: 1}, "metode": {3: 4}},
                         "Sari": {"materi": {2: 2, 3: 2}, "metode": {4: 4}}})
    budi, sari = table.rows["Budi"], table.rows["Sari"]
    assert [budi.cells[i].index for i in ("materi", "metode")] == [D("93.75"), D("75.00")]
    assert (budi.overall.index, budi.overall.band.code) == (D("84.38"), "baik")  # 84.375
    assert (sari.cells["materi"].band.code, sari.overall.index) == ("tidak_baik", D("81.25"))
    assert (table.items["materi"].index, table.items["metode"].index) == (D("78.13"), D("87.50"))
    assert table.overall.index == D("82.81")  # (3.75 + 3 + 2.5 + 4) / 4 × 25 = 82.8125


def test_index_points_outside_the_scale_are_refused():
    with pytest.raises(ValueError):
        index_of({5: 1})


# --- comparing runs ------------------------------------------------------------------------------------------------

def test_two_runs_compared_item_by_item():
    before = {"materi": {2: 2, 3: 1, 4: 1}, "sarana": {2: 1}}
    after = {"materi": {3: 1, 4: 3}, "waktu": {3: 1}}
    materi, sarana, waktu = compare_runs(before, after, Scale(4), IndexSpec())
    assert (materi.before.median, materi.after.median, materi.median) == (2, 4, 2)
    assert materi.top_box == F(1, 2) and percent(materi.top_box) == D(50)  # percentage points
    assert (materi.index_before.index, materi.index_after.index, materi.index) == (D("68.75"), D("93.75"), D("25.00"))
    assert (sarana.item, sarana.after, sarana.median, sarana.index) == ("sarana", None, None, None)
    assert (waktu.item, waktu.before, waktu.top_box) == ("waktu", None, None)


def test_without_an_index_spec_only_the_ordinal_changes():
    (change,) = compare_runs({"x": {1: 1, 5: 1}}, {"x": {5: 2}}, Scale(5))
    assert (change.median, change.top_box, change.index) == (4, F(1, 2), None)
    with pytest.raises(ValueError):
        compare_runs({}, {}, Scale(5), IndexSpec())
