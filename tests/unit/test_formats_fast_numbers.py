"""``format_number``'s own writing of plain Decimals is Babel's, digit for digit (the budget pages format thousands
of numbers; Babel is the reference)."""
import random
from decimal import Decimal, localcontext

from babel import numbers

from lti_tool.formats import _plain_number, format_number, format_rupiah


def babel(value, lang, places):
    with localcontext(prec=max(28, value.adjusted() + 10)):
        if places is None:
            return numbers.format_decimal(value, format="#,##0.###", locale=lang, decimal_quantization=False)
        return numbers.format_decimal(value, format="#,##0" + ("." + "0" * places if places else ""), locale=lang)


def test_plain_numbers_as_babel_writes_them():
    rng = random.Random(16)
    values = [Decimal(v) for v in ("0", "0.0", "12.50", "12.5000", "0.001", "1234567.125", "1E+3", "100", "0.0001234",
                                   "2.5", "3.5", "0.005", "0.015", "999999999999999.99", "1E+30", "123456789012345678")]
    values += [Decimal(rng.randrange(0, 10**rng.randrange(1, 16))).scaleb(-rng.randrange(0, 5)) for _ in range(2000)]
    for value in values:
        for lang in ("id", "en"):
            for places in (None, 0, 2):
                assert format_number(value, lang, places=places) == babel(value, lang, places), (value, lang, places)
    assert _plain_number(Decimal("1234.5"), "id", None) == "1.234,5"  # written here, not by Babel


def test_the_rest_still_through_babel():
    assert format_number(Decimal("-5.5"), "id") == babel(Decimal("-5.5"), "id", None)
    assert format_rupiah(Decimal("-4000000"), "id") == "-Rp4.000.000"
    assert format_rupiah(Decimal("1250000.50"), "en") == "Rp1,250,000.50"
    assert format_number(Decimal("NaN"), "id") == babel(Decimal("NaN"), "id", None)
