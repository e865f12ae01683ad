"""Amounts the database can hold: a line is at most Rp 1.000.000.000.000 (koefisien × unit price), so no amount or
total of a budget can overflow a BIGINT column, whatever volumes and prices a learner types.

Koefisien factors of up to 10^15 each once gave a line of 10^25 rupiah: the checks called it absurd, but the budget
could still be handed in, and storing its total answered 500 on PostgreSQL (and on SQLite).
"""
from decimal import Decimal as D

import pytest
from budgeting_support import catalogue_context

from lti_tool.budgeting.domain.budget import (
    MAX_LINE_AMOUNT,
    MAX_LINES,
    BudgetLine,
    Rounding,
    budget_total,
    parse_koefisien,
)
from lti_tool.budgeting.domain.numbers import InputError
from lti_tool.budgeting.domain.rules import ExerciseRules
from lti_tool.budgeting.labels import message
from lti_tool.budgeting.services.documents import parse_document

_catalogue = pytest.fixture(scope="module", autouse=True)(catalogue_context)

BIGINT = 2**63 - 1


def line(koefisien, price, n=1, ppn=False):
    return BudgetLine(line_no=n, account="5.1.02.01.01.0052", component="Konsumsi",
                      koefisien=parse_koefisien(koefisien), unit_price=D(price), ppn=ppn)


@pytest.mark.parametrize("koefisien, price", [
    ("1.000.000.000.000.000 orang × 10.000.000.000 hari", "1"),  # the attack: 10^25
    ("1.000.000.000.000.000 orang × 1.000.000.000.000.000 hari × 1.000.000.000.000.000 kali × "
     "1.000.000.000.000.000 jam", "1000000000000000"),  # every factor and the price at their own limits: 10^75
    ("1.000.000 orang", "1000000.01"),  # a cent over
])
def test_a_line_over_a_trillion_rupiah_is_refused_with_a_message(koefisien, price):
    with pytest.raises(InputError) as caught:
        line(koefisien, price)
    assert caught.value.code == "line_amount_too_large"
    assert "Rp1.000.000.000.000" in message(caught.value, "id") and "harga satuan" in message(caught.value, "id")
    assert "Rp1,000,000,000,000" in message(caught.value, "en") and "unit price" in message(caught.value, "en")


def test_a_line_of_exactly_a_trillion_is_accepted():
    assert line("1.000.000 orang", "1000000").unit_price == 10**6
    assert line("0,0001 orang × 10.000 hari", "1000000000000").koefisien.total == 1  # small volumes, large price


def test_the_largest_possible_budget_fits_a_bigint():
    assert MAX_LINES * MAX_LINE_AMOUNT * 2 < BIGINT  # every line at the limit, PPN at its largest rate (100 %)
    lines = [line("1.000.000 orang", "1000000", n, ppn=True) for n in range(1, MAX_LINES + 1)]
    for rounding in Rounding:
        total = budget_total(lines, D(1), False, rounding)
        assert total == MAX_LINES * MAX_LINE_AMOUNT * 2 < BIGINT


def test_a_typed_line_over_the_limit_is_a_line_error_which_blocks_handing_in():
    document = {"locale": "id", "lines": [
        {"account": "5.1.02.01.01.0052", "component": "Konsumsi", "koefisien": "1.000.000.000.000.000 orang × "
         "10.000.000.000 hari", "unit_price": "1", "ppn": False},
        {"account": "5.1.02.01.01.0052", "component": "Kudapan", "koefisien": "30 orang", "unit_price": "20.000"}]}
    parsed = parse_document(document, "id")
    assert [x.component for x in parsed.budget.lines] == ["Kudapan"]
    assert parsed.line_errors[1].code == "line_amount_too_large"  # submissions.submit refuses while there is one


def test_the_ceiling_is_bounded_too():
    with pytest.raises(InputError) as caught:
        ExerciseRules(ceiling=10**15 + 1)
    assert caught.value.code == "ceiling_invalid"
    assert ExerciseRules(ceiling=10**15).ceiling < BIGINT
