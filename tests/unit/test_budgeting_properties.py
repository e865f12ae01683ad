"""Properties of the budgeting domain: exact amounts, consistent totals, round trips, and no crash on any input."""
import math
from decimal import ROUND_DOWN
from decimal import Decimal as D
from fractions import Fraction

import pytest
from budgeting_support import catalogue_context
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import scaled_examples

from lti_tool.budgeting.domain.budget import (
    MAX_LINE_AMOUNT,
    Budget,
    BudgetLine,
    Factor,
    Indicator,
    IndicatorKind,
    Koefisien,
    Rounding,
    budget_total,
    group_by_account,
    line_amount,
    parse_koefisien,
)
from lti_tool.budgeting.domain.checks import CheckReport, check_budget
from lti_tool.budgeting.domain.numbers import InputError, NumberError, format_decimal, parse_number
from lti_tool.budgeting.domain.rules import CheckKind, ExerciseRules, PriceMode, ReferencePrice, RequiredComponent
from lti_tool.budgeting.domain.scoring import automatic_score
from lti_tool.budgeting.labels import message
from lti_tool.formats import format_rupiah

_catalogue = pytest.fixture(scope="module", autouse=True)(catalogue_context)

ACCOUNTS = ("5.1.02.01.01.0052", "5.1.02.02.01.0003", "5.1.02.02.05.0009", "5.2.02.10.01.0002")
CODES = ("MM-01", "HON-01", "GDG-01", "ROK-01")

volumes = st.decimals(min_value=D("0.0001"), max_value=D(10**15), places=4)
modest_volumes = st.decimals(min_value=D("0.0001"), max_value=D(10_000), places=4)
prices = st.decimals(min_value=0, max_value=D(10**15), places=2)
rates = st.decimals(min_value=0, max_value=1, places=4)
units = st.text(min_size=1, max_size=12).filter(str.strip)
any_text = st.text(max_size=40)


def koefisien(volume=volumes):
    return st.lists(st.builds(Factor, volume, units), min_size=1, max_size=4).map(lambda fs: Koefisien(tuple(fs)))


def bounded_price(draw, koef):
    """A unit price that keeps koefisien × price within MAX_LINE_AMOUNT (a BudgetLine beyond it is refused)."""
    most = min(D(10**15), D(MAX_LINE_AMOUNT) / koef.total).quantize(D("0.01"), ROUND_DOWN)
    return draw(st.decimals(min_value=0, max_value=most, places=2) | st.just(most))


@st.composite
def budget_lines(draw, max_size=8, volume=volumes):
    lines = []
    for n in range(1, draw(st.integers(0, max_size)) + 1):
        koef = draw(koefisien(volume))
        lines.append(BudgetLine(
            line_no=n, account=draw(st.sampled_from(ACCOUNTS) | any_text),
            component=draw(st.sampled_from(("Makan siang", "Rokok", "Honorarium")) | any_text),
            specification=draw(any_text), koefisien=koef, unit=draw(any_text),
            unit_price=bounded_price(draw, koef), ppn=draw(st.booleans()),
            reference_code=draw(st.none() | st.sampled_from(CODES) | any_text),
            claimed_amount=draw(st.none() | st.integers(min_value=-(10**20), max_value=10**20))))
    return lines


pricing = st.tuples(rates, st.booleans())
# Text strategies build Hypothesis's Unicode table on first use (about a second on a fresh checkout).
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def exact_amount(line, rate, prices_include_ppn):
    """An independent oracle: exact fractions, then half up."""
    value = Fraction(line.unit_price)
    for factor in line.koefisien.factors:
        value *= Fraction(factor.volume)
    if line.ppn and not prices_include_ppn:
        value *= 1 + Fraction(rate)
    return value


@relaxed
@given(budget_lines(max_size=3), pricing)
def test_a_line_amount_is_the_exactly_rounded_product(lines, settings_):
    rate, prices_include_ppn = settings_
    for line in lines:
        amount = line_amount(line, rate, prices_include_ppn)
        assert type(amount) is int
        assert amount == math.floor(exact_amount(line, rate, prices_include_ppn) + Fraction(1, 2))


@relaxed
@given(budget_lines(), pricing)
def test_subtotals_sum_to_the_total_when_rounding_per_line(lines, settings_):
    groups = group_by_account(lines, *settings_)
    assert sum(subtotal for _, _, subtotal in groups) == budget_total(lines, *settings_)
    assert sum(len(group_lines) for _, group_lines, _ in groups) == len(lines)


@relaxed
@given(budget_lines(), pricing)
def test_rounding_per_line_and_on_total_differ_by_at_most_half_a_rupiah_per_line(lines, settings_):
    per_line = budget_total(lines, *settings_, Rounding.PER_LINE)
    on_total = budget_total(lines, *settings_, Rounding.ON_TOTAL)
    assert 2 * abs(per_line - on_total) <= len(lines) + 1  # each line and the total round by at most ½
    assert abs(per_line - on_total) <= len(lines)


@relaxed
@given(st.integers(min_value=-(10**15), max_value=10**15), st.sampled_from(("id", "en")))
def test_printed_rupiah_read_back_as_the_same_amount(amount, locale):
    """What the pages print (``formats.format_rupiah``) is what the domain reads: a learner may paste it back."""
    assert parse_number(format_rupiah(amount, locale), locale, allow_negative=True) == amount


@relaxed
@given(st.decimals(min_value=0, max_value=D(10**15), places=2), st.sampled_from(("id", "en")))
def test_printed_decimals_read_back_as_the_same_value(value, locale):
    assert parse_number(format_decimal(value, locale), locale) == value


number_like = st.text(alphabet="0123456789.,-+ Rp\u00a0١٢３eE−", max_size=20)


@relaxed
@given(st.text() | number_like, st.sampled_from(("id", "en", "xx")), st.integers(0, 6))
def test_reading_a_number_never_fails_except_with_a_message(text, locale, max_decimals):
    try:
        value = parse_number(text, locale, max_decimals=max_decimals)
    except NumberError as error:
        assert message(error, "id") and message(error, "en")
    else:
        assert value.is_finite() and 0 <= value <= 10**15


@relaxed
@given(st.text() | st.text(alphabet="0123456789., ×xorang*hari-", max_size=30))
def test_reading_a_koefisien_never_fails_except_with_a_message(text):
    try:
        parsed = parse_koefisien(text)
    except InputError as error:
        assert message(error, "id") != message(error, "en")
    else:
        assert 1 <= len(parsed.factors) <= 4 and parsed.total > 0


@relaxed
@given(st.decimals(allow_nan=True, allow_infinity=True) | st.integers(), st.text(max_size=5))
def test_building_a_factor_or_line_never_fails_except_with_a_message(value, unit):
    for build in (lambda: Factor(value, unit),
                  lambda: BudgetLine(line_no=1, account="5", component="x", koefisien=Koefisien((Factor(D(1), "o"),)),
                                     unit_price=value)):
        try:
            build()
        except InputError as error:
            assert message(error, "id") and message(error, "en")


@st.composite
def exercise_rules(draw):
    references = tuple(ReferencePrice(code=draw(st.sampled_from(CODES) | any_text), name=draw(any_text),
                                      unit=draw(any_text), price=draw(prices),
                                      mode=draw(st.sampled_from(PriceMode)),
                                      tolerance_pct=draw(st.decimals(min_value=0, max_value=1000, places=2)),
                                      accounts=draw(st.frozensets(st.sampled_from(ACCOUNTS) | any_text, max_size=3)),
                                      includes_ppn=draw(st.none() | st.booleans()))
                       for _ in range(draw(st.integers(0, 4))))
    required = tuple(RequiredComponent(draw(st.none() | st.sampled_from(CODES) | any_text), draw(st.none() | any_text),
                                       draw(st.none() | prices), draw(st.none() | prices))
                     for _ in range(draw(st.integers(0, 3))))
    return ExerciseRules(
        ceiling=draw(st.none() | st.integers(0, 10**15)), prices=references, required_components=required,
        allowed_accounts=draw(st.frozensets(st.sampled_from(ACCOUNTS) | any_text, max_size=3)),
        forbidden_codes=draw(st.frozensets(st.sampled_from(CODES) | any_text, max_size=2)),
        forbidden_keywords=tuple(draw(st.lists(any_text, max_size=3))),
        required_indicator_kinds=tuple(draw(st.sets(st.sampled_from(IndicatorKind)))),
        ppn_rate=draw(rates), prices_include_ppn=draw(st.booleans()), rounding=draw(st.sampled_from(Rounding)),
        weights=draw(st.dictionaries(st.sampled_from(CheckKind), st.decimals(min_value=0, max_value=1000, places=2))),
        warning_deduction_pct=draw(st.decimals(min_value=0, max_value=200, places=1)),
        max_lines=draw(st.integers(0, 10)))


@st.composite
def budgets(draw):
    header = draw(st.dictionaries(st.sampled_from(("lokasi", "program", "urusan")) | any_text, any_text, max_size=4))
    indicators = [Indicator(draw(st.sampled_from(IndicatorKind) | any_text), draw(any_text), draw(any_text))
                  for _ in range(draw(st.integers(0, 5)))]
    return Budget(header=header, indicators=indicators, lines=draw(budget_lines()),
                  claimed_subtotals=draw(st.dictionaries(st.sampled_from(ACCOUNTS) | any_text, st.integers())),
                  claimed_total=draw(st.none() | st.integers()))


@settings(relaxed, max_examples=scaled_examples(200))
@given(budgets(), exercise_rules())
def test_checking_any_budget_never_raises_and_scores_within_bounds(budget, rules):
    report = check_budget(budget, rules)
    assert isinstance(report, CheckReport)
    for finding in report.findings:
        assert message(finding, "id") != message(finding, "en")
    score = automatic_score(report, rules.weights)
    assert 0 <= score <= 100
    assert score == automatic_score(check_budget(budget, rules), rules.weights)  # deterministic
