"""Findings as stored with a handed-in budget: a code and JSON-safe params, rendered in the reader's language."""
import json
from decimal import Decimal as D

import pytest
from budgeting_support import catalogue_context

from lti_tool.budgeting.domain.checks import Finding, Severity
from lti_tool.budgeting.domain.rules import CheckKind
from lti_tool.budgeting.findings import finding_text, from_json, stored, to_json

_catalogue = pytest.fixture(scope="module", autouse=True)(catalogue_context)


def test_params_survive_json_with_their_decimals():
    params = {"price": D("1100000.50"), "count": 3, "item": "Honor", "codes": ("A", "B"), "none": None,
              "nested": {"low": D("0.1")}}
    back = from_json(json.loads(json.dumps(to_json(params))))
    assert back == dict(params, codes=["A", "B"])
    assert isinstance(back["price"], D) and str(back["price"]) == "1100000.50"


def test_a_stored_finding_is_shown_in_the_language_asked_for():
    finding = Finding(CheckKind.PRICE, Severity.ERROR, 2, "price_above_ceiling",
                      {"price": D("1100000.50"), "reference": D("1000000"), "item": "Honor narasumber"})
    row = json.loads(json.dumps(stored(finding)))
    assert set(row) == {"check", "severity", "line_no", "code", "params", "deduction"}  # (deduction: for scoring)
    assert finding_text(row, "id") == "Harga satuan Rp1.100.000,50 melebihi batas tertinggi Rp1.000.000 untuk " \
                                      "Honor narasumber."
    assert finding_text(row, "en") == "The unit price Rp1,100,000.50 is above the maximum of Rp1,000,000 for " \
                                      "Honor narasumber."


def test_a_field_or_kind_is_translated_and_odd_stored_values_do_not_break_the_page():
    assert finding_text({"code": "header_empty", "params": {"field": "lokasi"}}, "id") == \
        "Kolom Lokasi pada Identitas Sub Kegiatan belum diisi."
    assert finding_text({"code": "indicator_missing", "params": {"kind": "masukan"}}, "en") == \
        "The input indicator is missing."
    assert finding_text({"code": "header_empty", "params": {"field": ["x"]}}, "en") == \
        "The header field ['x'] is empty."
    assert finding_text({"code": "header_empty", "params": {}}, "en") == "The header field ? is empty."
    assert finding_text({"code": "no_such_code", "params": {}}, "en") == "no_such_code"


def test_a_legacy_text_is_shown_as_it_was():
    row = {"code": "price_above_ceiling", "legacy_text": {"id": "Teks lama.", "en": "Old text."}}
    assert (finding_text(row, "id"), finding_text(row, "en"), finding_text(row, "fr")) == \
        ("Teks lama.", "Old text.", "Teks lama.")
    assert finding_text({"code": "x", "text": {"id": "Belum dimigrasi."}}, "en") == "Belum dimigrasi."
