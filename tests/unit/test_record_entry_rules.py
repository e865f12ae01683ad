"""The checks behind the JP settings and entries from outside the tool: planned JP (0–100, two decimals), titles
compared for duplicates, evidence recognised by its bytes."""
from decimal import Decimal

import pytest

from lti_tool.activities.jp import parse_category, parse_jp
from lti_tool.activities.kinds import KindError
from lti_tool.record.entries_evidence import clean_filename, sniff
from lti_tool.record.entries_services import title_key


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


@pytest.mark.parametrize("text,value", [("", None), ("0", Decimal("0.00")), ("2", Decimal("2.00")),
                                        ("1,5", Decimal("1.50")), (" 100 ", Decimal("100.00")),
                                        ("0.25", Decimal("0.25"))])
def test_planned_jp_accepted(text, value):
    assert parse_jp(text) == value


@pytest.mark.parametrize("text", ["100.01", "-1", "1.555", "abc", "1e2", "NaN", "Infinity", "１", "1.2.3", "9" * 20])
def test_planned_jp_refused(text):
    with pytest.raises(KindError):
        parse_jp(text)


def test_category_is_one_of_the_configured():
    assert parse_category("") is None and parse_category("seminar/workshop") == "seminar/workshop"
    with pytest.raises(KindError):
        parse_category("Seminar/Workshop ")  # exact names only (the form sends them)


def test_titles_are_compared_normalised():
    assert title_key("Pelatihan  SIPD!") == title_key("pelatihan sipd") == "pelatihan sipd"
    assert title_key("Ｐｅｌａｔｉｈａｎ") == "pelatihan"


def test_evidence_is_recognised_by_its_bytes():
    assert sniff(b"%PDF-1.7\n") == "application/pdf"
    assert sniff(b"\x89PNG\r\n\x1a\n....") == "image/png" and sniff(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert sniff(b"MZ\x90\x00") is None and sniff(b"<html>%PDF-") is None and sniff(b"") is None
    assert clean_filename("../../sertifikat saya.pdf", "application/pdf") == "sertifikat-saya.pdf"
    assert clean_filename('a".exe', "image/png") == "a-.exe.png"
