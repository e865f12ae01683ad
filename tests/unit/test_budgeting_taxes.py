"""Taxes on budget lines (issue 16): how the PPN rate is shown, and each tax treatment of a price-list item.

Facts copied from the domain notes: PPN is 11 % on goods and most services; honoraria and daily allowances are not
PPN objects (income tax is withheld instead, the line holds the gross amount); meals, catering and hotel services
carry the regional tax PBJT, which is included in the standard price, so the RKA line shows no PPN.
"""
from decimal import Decimal as D

import pytest
from budgeting_support import catalogue_context

from lti_tool.budgeting.pages import ppn_percent
from lti_tool.formats import format_percent

app_context = pytest.fixture(scope="module", autouse=True)(catalogue_context)


@pytest.mark.parametrize(("rate", "id_text", "en_text"), [
    (D("0.11"), "11%", "11%"), (D("0.1100"), "11%", "11%"), (0.11, "11%", "11%"), (0.07, "7%", "7%"),
    (D("0.125"), "12,5%", "12.5%"), (D("0.12"), "12%", "12%"), (D("0"), "0%", "0%"), (None, "", ""),
])
def test_the_ppn_rate_is_shown_as_a_whole_percentage(rate, id_text, en_text):
    assert ppn_percent(rate, "id") == id_text and ppn_percent(rate, "en") == en_text


def test_a_percentage_never_shows_float_noise_or_trailing_zeros():
    assert format_percent(0.07 * 100, "en") == "7%"  # 7.000000000000001 as a float
    assert format_percent(D("11.0000"), "id") == "11%"
    assert format_percent(D("11.00"), "en") == "11%"
    assert format_percent(D("12.5"), "id") == "12,5%"
