"""Uploaded CSV files in the encodings people's software writes: read as the person wrote them, or refused with a
reason that names the encoding, never stored as mojibake.

UTF-16 files (Excel's "Unicode text") were refused as "cannot be read as a CSV/XLSX table", and Shift-JIS or any
file that was not UTF-8 was read as Windows-1252 whatever it was.
"""
import codecs
import random

import pytest
from budgeting_support import catalogue_context

from lti_tool.budgeting.io.reference_lists import import_accounts, import_prices
from lti_tool.budgeting.io.tables import ImportFailed, decode_text
from lti_tool.budgeting.labels import import_message

_catalogue = pytest.fixture(scope="module", autouse=True)(catalogue_context)

PRICES = ("kode;nama;spesifikasi;satuan;harga\n"
          "K-01;Konsumsi rapat – café;Nasi kotak “spesial”;OK;Rp 50.000\n"
          "K-02;Honor narasumber José Muñoz;Eselon III;OJ;1.000.000\n"
          "K-03;Crème brûlée à la Plaju;Porsi;porsi;35.000\n")
NAMES = ["Konsumsi rapat – café", "Honor narasumber José Muñoz", "Crème brûlée à la Plaju"]


def names_of(data):
    report = import_prices("harga.csv", data)
    assert report.ok, report.rejected
    return [item.name for item in report.items]


@pytest.mark.parametrize("encoded", [
    PRICES.encode("utf-8"),
    codecs.BOM_UTF8 + PRICES.encode("utf-8"),
    codecs.BOM_UTF16_LE + PRICES.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + PRICES.encode("utf-16-be"),
    PRICES.encode("utf-16"),  # Python's: a BOM, then the machine's order
    PRICES.encode("utf-16-le"),  # no BOM at all
    codecs.BOM_UTF32_LE + PRICES.encode("utf-32-le"),
    PRICES.replace("\n", "\r\n").encode("cp1252"),  # Excel's "CSV (comma delimited)" on Windows
], ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-16", "utf-16-le-no-bom", "utf-32-le-bom",
        "windows-1252"])
def test_each_encoding_is_read_as_written(encoded):
    assert names_of(encoded) == NAMES


def test_windows_1252_prices_with_rp_are_numbers():
    report = import_prices("harga.csv", PRICES.encode("cp1252"))
    assert [str(item.price) for item in report.items] == ["50000", "1000000", "35000"]
    assert report.items[0].specification == "Nasi kotak “spesial”"


def test_a_short_windows_1252_list_of_accounts_keeps_its_accents():
    report = import_accounts("akun.csv", "kode;nama\n5.1;Belanja café\n5.2;Muñoz – rapat\n".encode("cp1252"))
    assert [a.name for a in report.items] == ["Belanja café", "Muñoz – rapat"]


def test_shift_jis_is_read_as_japanese_not_mojibake():
    text = "kode;nama;satuan;harga\nJ-01;会議の軽食;個;50.000\nJ-02;講師謝礼;時間;1.000.000\n"
    assert [item.name for item in import_prices("harga.csv", text.encode("shift_jis")).items] == ["会議の軽食",
                                                                                                  "講師謝礼"]


def test_an_encoding_the_tool_does_not_read_is_refused_naming_the_ones_it_does():
    with pytest.raises(ImportFailed) as caught:
        decode_text("kode;nama\n5.1;会议茶点\n5.2;讲师酬金\n".encode("gbk"))
    assert caught.value.code == "encoding_unknown"
    assert "UTF-8, Windows-1252, Shift-JIS" in import_message(caught.value.code, caught.value.params, "en")
    assert "CSV UTF-8" in import_message(caught.value.code, caught.value.params, "id")


@pytest.mark.parametrize("data, encoding", [
    (codecs.BOM_UTF8 + b"kode;nama\n5.1;Caf\xe9\n", "UTF-8"),  # a UTF-8 BOM on Windows-1252 bytes
    (codecs.BOM_UTF16_LE + "kode;nama\n".encode("utf-16-le") + b"\x00\xd8\x41", "UTF-16"),  # a lone surrogate
], ids=["utf-8-bom-on-windows-1252", "utf-16-lone-surrogate"])
def test_a_file_that_is_not_what_its_bom_says_is_refused_naming_the_encoding(data, encoding):
    with pytest.raises(ImportFailed) as caught:
        import_accounts("akun.csv", data)
    assert caught.value.code == "encoding_unreadable" and caught.value.params == {"encoding": encoding}
    assert f"{encoding} text, but it cannot be read as {encoding}" in import_message(
        caught.value.code, caught.value.params, "en")
    assert encoding in import_message(caught.value.code, caught.value.params, "id")


@pytest.mark.parametrize("data", [
    random.Random(7).randbytes(4000),
    b"PK\x03\x04\x14\x00\x06\x00" + random.Random(8).randbytes(3000),  # a workbook saved with a .csv name
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    b"kode;nama\n" + b"\x01\x02\x03\x04" * 100,  # ASCII controls, no NUL
], ids=["random", "xlsx", "png", "controls"])
def test_a_binary_file_is_refused_as_not_text(data):
    with pytest.raises(ImportFailed) as caught:
        import_accounts("akun.csv", data)
    assert caught.value.code == "not_text"
    assert "not text" in import_message("not_text", {}, "en") and "bukan teks" in import_message("not_text", {}, "id")
