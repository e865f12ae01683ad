"""The learner's page's arithmetic: a year's total with reversals, the share of the target, totals per category."""
from decimal import Decimal

from lti_tool.record.progress import by_category, display_jp, percent_of_target, year_total


def test_the_year_total_counts_reversals_and_never_goes_below_zero():
    assert year_total([Decimal("2"), Decimal("3"), Decimal("-2")]) == Decimal("3")
    assert year_total([]) == 0
    assert year_total([Decimal("-1")]) == 0


def test_percent_of_the_target_is_whole_and_capped():
    assert percent_of_target(Decimal("2"), 20) == 10
    assert percent_of_target(Decimal("7.5"), 20) == 37
    assert percent_of_target(Decimal("25"), 20) == 100
    assert percent_of_target(Decimal("1"), 0) == 100


def test_categories_in_the_configured_order_without_zero_totals():
    entries = [("seminar/workshop", Decimal("2")), ("e-learning", Decimal("3")), ("e-learning", Decimal("-3")),
               ("pelatihan klasikal", Decimal("4")), ("lain", Decimal("1"))]
    assert by_category(entries, ("pelatihan klasikal", "e-learning", "seminar/workshop")) == [
        ("pelatihan klasikal", Decimal("4")), ("seminar/workshop", Decimal("2")), ("lain", Decimal("1"))]


def test_jp_is_shown_without_trailing_zeros():
    assert display_jp(Decimal("2.00")) == "2" and display_jp(Decimal("1.50")) == "1.5" and display_jp(0) == "0"
