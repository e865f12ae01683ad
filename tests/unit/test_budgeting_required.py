"""Required components written as a name (issue 16): found through the chosen price-list item first, then in the
line's text by word prefixes without stemming ("makan" finds "Makanan Rapat"), never in the middle of a word."""
from decimal import Decimal as D

import pytest
from budgeting_support import catalogue_context

from lti_tool.budgeting.domain.budget import Budget, BudgetLine, parse_koefisien
from lti_tool.budgeting.domain.checks import check_budget
from lti_tool.budgeting.domain.rules import ExerciseRules, ReferencePrice, RequiredComponent

app_context = pytest.fixture(scope="module", autouse=True)(catalogue_context)
MAKAN = "5.1.02.01.01.0052"
PRICES = (ReferencePrice(code="SBU.KON.001", name="Makanan Rapat", unit="OK", price=D(45000), accounts={MAKAN}),
          ReferencePrice(code="SBU.KON.009", name="Nasi kotak", unit="OK", price=D(40000), accounts={MAKAN}))


def line(component, reference_code=None, koefisien="30 orang × 2 hari"):
    return BudgetLine(line_no=1, account=MAKAN, component=component, koefisien=parse_koefisien(koefisien, "id", "OK"),
                      unit="OK", unit_price=D(45000), reference_code=reference_code)


def required_findings(lines, name="makan", **volumes):
    rules = ExerciseRules(prices=PRICES, required_header_fields=(), required_indicator_kinds=(),
                          required_components=(RequiredComponent(None, name, volumes.get("low"), volumes.get("high")),))
    return [f.message_code for f in check_budget(Budget(lines=lines), rules).findings if f.check == "required"]


@pytest.mark.parametrize("component", ["Makanan Rapat", "makan siang", "MAKANAN peserta", "Konsumsi: makanan"])
def test_a_name_finds_the_words_it_begins(component):
    assert required_findings([line(component)], low=D(60), high=D(70)) == []


def test_the_chosen_price_list_item_counts_even_when_the_line_is_named_otherwise():
    assert required_findings([line("Konsumsi peserta", "SBU.KON.001")]) == []


def test_the_chosen_items_name_is_matched_by_prefix_too():
    assert required_findings([line("Konsumsi", "SBU.KON.009")], name="nasi") == []


@pytest.mark.parametrize("component", ["Pemakaman", "Minuman", "Konsumsi peserta"])
def test_a_name_inside_a_word_or_absent_is_missing(component):
    assert required_findings([line(component)]) == ["required_missing"]


def test_several_words_are_prefixes_of_consecutive_words():
    assert required_findings([line("Makanan siang peserta")], name="makan siang") == []
    assert required_findings([line("Makanan malam")], name="makan siang") == ["required_missing"]
