"""Every finding and refusal reads as an Indonesian sentence with rupiah amounts (issue 16): no raw message code,
no field name as stored (``sub_kegiatan``), no English decimal (``12.5``, ``1,250,000``) in the Indonesian text."""
import re
from decimal import Decimal as D

import pytest
from budgeting_support import catalogue_context

from lti_tool.budgeting.labels import IMPORT_MESSAGES, MESSAGES, import_message, render

app_context = pytest.fixture(scope="module", autouse=True)(catalogue_context)

PARAMS = {  # a plausible value for every placeholder the messages use
    "max": 4, "text": "abc", "example": "1.250.000,50", "thousands": "1.250", "decimal": "1,25", "limit": 10**15,
    "code": "SSH-01", "item": "Makan siang", "count": 3, "claimed": 2_700_000, "expected": 2_997_000,
    "amount": 2_997_000, "account": "5.1.02.01.01.0052", "total": 9_000_000, "ceiling": 5_000_000,
    "excess": 4_000_000, "accounts": "5.1.02.01.01.0052", "codes": "SSH-01, SSH-02", "price": D("1250000.5"),
    "reference": D("1000000"), "low": D("900000"), "high": D("1100000"), "tolerance": D("12.5"), "rate": D("11"),
    "unit": "kotak", "volume": D("12.5"), "min": D("60"), "first_line": 2, "field": "sub_kegiatan",
    "kind": "capaian", "column": "includes_ppn", "columns": ["code", "unit"], "encoding": "UTF-8",
    "encodings": "UTF-8, Windows-1252", "max_mb": 2, "ratio": 100, "first_row": 3, "row": 4, "criterion": "Volume",
}
_RAW_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b")  # a code or a stored field name
_ENGLISH_NUMBER = re.compile(r"\d,\d{3}(?!\d)|\d\.\d{1,2}(?![\d.])")  # 1,250 or 12.5 (not 1.250.000 or 5.1.02)


def _params(text):
    return {key: PARAMS[key] for key in re.findall(r"%\((\w+)\)s", text)}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_finding_reads_as_indonesian(code):
    text = render(code, _params(str(MESSAGES[code]._args[0]) if hasattr(MESSAGES[code], "_args") else ""), "id")
    english = render(code, _params(str(MESSAGES[code]._args[0]) if hasattr(MESSAGES[code], "_args") else ""), "en")
    assert text != english, code
    assert not _RAW_NAME.search(text.replace("non_ppn", "")), (code, text)
    assert not _ENGLISH_NUMBER.search(text.replace("5.1.02.01.01.0052", "")), (code, text)
    assert "?" not in text and text.rstrip()[-1] in ".!", (code, text)


@pytest.mark.parametrize("code", sorted(IMPORT_MESSAGES))
def test_every_import_message_reads_as_indonesian(code):
    text = import_message(code, _params(str(IMPORT_MESSAGES[code]._args[0])), "id")
    assert not _RAW_NAME.search(text.replace("non_ppn", "")), (code, text)
    assert not _ENGLISH_NUMBER.search(text.replace("5.1.02.01.01.0052", "")), (code, text)


def test_money_is_rupiah_and_decimals_have_a_comma():
    text = render("price_outside_tolerance", {"price": D("1250000.5"), "low": D(900000), "high": D(1100000),
                                              "reference": D(1000000), "tolerance": D("12.5"), "item": "Honor"}, "id")
    assert "Rp1.250.000,50" in text and "Rp900.000" in text and "12,5%" in text


def test_refusals_write_numbers_the_indonesian_way_and_never_show_a_code():
    from lti_tool.budgeting.labels import REFUSALS, refusal_text

    assert "2.000" in refusal_text("too_many_lines", {"max": 2000}, "id")
    assert "2,000" in refusal_text("too_many_lines", {"max": 2000}, "en")
    assert "some_new_code" not in refusal_text("some_new_code", {}, "id")
    for code in REFUSALS:
        text = refusal_text(code, _params(str(REFUSALS[code]._args[0])), "id")
        assert not _RAW_NAME.search(text) and "?" not in text.replace("“?”", ""), (code, text)
