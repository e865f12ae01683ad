"""The report settings' fields, read without a database: the minimum group size (3 to 50, never below 3) and the
index target (0–100, ``,`` or ``.``, two decimals at most, empty for none)."""
from decimal import Decimal

import pytest

from lti_tool.feedback.services import FeedbackRefused
from lti_tool.feedback.services.report_settings import _minimum, _target


@pytest.mark.parametrize("text, value", [("3", 3), ("5", 5), (" 50 ", 50)])
def test_minimum_accepted(text, value):
    assert _minimum(text) == value


@pytest.mark.parametrize("text", ["", "2", "0", "-5", "51", "4.5", "lima", "٥", "1e1"])
def test_minimum_refused(text):
    with pytest.raises(FeedbackRefused) as caught:
        _minimum(text)
    assert caught.value.code == "minimum_range" and caught.value.params == {"min": 3, "max": 50}


@pytest.mark.parametrize("text, value", [("", None), ("80", Decimal("80.00")), ("82,5", Decimal("82.50")),
                                         ("76.61", Decimal("76.61")), ("0", Decimal(0)), ("100", Decimal(100))])
def test_target_accepted(text, value):
    assert _target(text) == value


@pytest.mark.parametrize("text", ["100,01", "-1", "80,555", "delapan puluh", "1e2", "NaN"])
def test_target_refused(text):
    with pytest.raises(FeedbackRefused):
        _target(text)
