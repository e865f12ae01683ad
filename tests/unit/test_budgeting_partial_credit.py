"""Partial credit (issue 16): each check scores per line (per required component, per field), so 9 of 10 lines
within price earn 90 % of the price check's weight; overridden findings cost nothing."""
from decimal import Decimal as D

import pytest
from budgeting_support import catalogue_context

from lti_tool.budgeting.domain.budget import Budget, BudgetLine, parse_koefisien
from lti_tool.budgeting.domain.checks import Finding, Severity, check_budget
from lti_tool.budgeting.domain.rules import CheckKind, ExerciseRules, PriceMode, ReferencePrice, RequiredComponent
from lti_tool.budgeting.domain.scoring import automatic_score, breakdown, score_of

app_context = pytest.fixture(scope="module", autouse=True)(catalogue_context)
ATK = "5.1.02.01.01.0024"
ITEM = ReferencePrice(code="ATK-1", name="Kertas", unit="rim", price=D(50000), mode=PriceMode.CEILING,
                      accounts={ATK})


def lines(count, over=()):
    return [BudgetLine(line_no=n, account=ATK, component=f"Kertas {n}", koefisien=parse_koefisien("1 rim"),
                       unit="rim", unit_price=D(60000) if n in over else D(50000), ppn=True, reference_code="ATK-1")
            for n in range(1, count + 1)]


def check(budget_lines, **changes):
    rules = ExerciseRules(prices=(ITEM,), required_header_fields=(), required_indicator_kinds=(), **changes)
    return check_budget(Budget(lines=budget_lines), rules)


def part(report, kind, weights=None, ignored=()):
    return {s.kind: s for s in breakdown(report.findings, report.units, weights, ignored)}[kind]


def test_nine_of_ten_lines_within_price_earn_ninety_percent_of_the_price_check():
    report = check(lines(10, over={4}))
    assert part(report, "price").percent == D(90) and part(report, "price").units == 10
    assert automatic_score(report) == D(98)  # 100 − 20 × 10 %


def test_every_line_over_its_ceiling_earns_nothing_of_the_price_check_only():
    report = check(lines(4, over={1, 2, 3, 4}))
    assert part(report, "price").percent == 0 and part(report, "account").percent == 100
    assert automatic_score(report) == D(80)


def test_a_lines_warnings_cost_at_most_that_line():
    report = check(lines(2))
    findings = tuple(Finding(CheckKind.UNIT, Severity.WARNING, 1, "unit_mismatch", {}, D(60)) for _ in range(3))
    assert {s.kind: s for s in breakdown(findings, report.units)}["unit"].percent == D(50)  # 1 of 2 lines, not 180 %


def test_each_required_component_is_its_share_of_the_required_check():
    report = check(lines(2), required_components=(RequiredComponent(None, "kertas"), RequiredComponent(None, "map")))
    assert part(report, "required").percent == D(50)
    assert automatic_score(report) == D("92.50")  # 100 − 15 × 50 %


def test_the_instructor_sets_the_weight_of_each_check():
    report = check(lines(10, over={4}))
    assert score_of(report.findings, report.units, {"price": D(50), "ceiling": D(0)}) == \
        (100 * (60 + 50 * D("0.9")) / 110).quantize(D("0.01"))  # the other checks' 60, price 50, ceiling 0


def test_an_overridden_finding_costs_nothing():
    report = check(lines(10, over={4}))
    index = next(i for i, f in enumerate(report.findings) if f.message_code == "price_above_ceiling")
    assert score_of(report.findings, report.units, ignored={index}) == D(100)
    assert part(report, "price", ignored={index}).percent == D(100)


def test_no_lines_still_scores_zero():
    assert automatic_score(check([])) == 0
