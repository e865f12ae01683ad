"""What an uploaded workbook may cost: refused within a second, before openpyxl parses it, when it is built to be slow.

An attacker's 120 KB XLSX (a sheet without a ``<dimension>`` element and a million rows) once cost 36 s of CPU
before the 5,000-row limit refused it: openpyxl's read-only mode parses such a sheet whole when it opens the
workbook. Each file here is built as an attacker would build it, from raw XML in a zip, and each refusal is timed
in CPU seconds of this process (``time.process_time``), which other jobs on the machine do not inflate.
"""
import io
import random
import struct
import time
import zipfile

import openpyxl
import pytest
from budgeting_support import catalogue_context
from xlsx_attacks import HEADER_ROW, workbook_with_sheet

from lti_tool.budgeting.io import tables
from lti_tool.budgeting.io.reference_lists import import_accounts, import_prices
from lti_tool.budgeting.io.tables import ImportFailed, read_table
from lti_tool.budgeting.labels import import_message

_catalogue = pytest.fixture(scope="module", autouse=True)(catalogue_context)

def refused_quickly(filename, data, importer=import_prices, tries=3, seconds=1):
    """The ImportFailed that ``importer`` raises, after checking it took less than ``seconds`` of CPU.

    The cost is the best of up to ``tries`` runs: a loaded machine inflated one run's CPU time 2.5-fold (0.40 s
    alone, 1.01 s in a parallel suite next to other jobs); the old code took 1.1-4.6 s every time.
    """
    spent = []
    for _ in range(tries):
        started = time.process_time()
        with pytest.raises(ImportFailed) as caught:
            importer(filename, data)
        spent.append(time.process_time() - started)
        if spent[-1] < seconds:
            return caught.value
    raise AssertionError(f"{min(spent):.2f} s of CPU at best to refuse it ({caught.value.code})")


def count_parsed_rows(monkeypatch):
    """A list whose one number grows with each row element that openpyxl's sheet parser reads."""
    from openpyxl.worksheet._reader import WorkSheetParser

    parsed = [0]
    parse_row = WorkSheetParser.parse_row

    def counting(self, element):
        parsed[0] += 1
        return parse_row(self, element)

    monkeypatch.setattr(WorkSheetParser, "parse_row", counting)
    return parsed


def test_a_120_kb_workbook_of_a_million_rows_without_dimension_is_refused_within_a_second():
    data = workbook_with_sheet(HEADER_ROW + b"<row><c><v>1</v></c><c><v>2</v></c></row>" * 1_000_000)
    assert len(data) < 150_000  # what the attacker sent: about 120 KB
    refusal = refused_quickly("harga.xlsx", data)
    assert refusal.code == "xlsx_unpacked_too_large"
    text = import_message(refusal.code, refusal.params, "en")
    assert "20 MB" in text and "100 times" in text and "CSV" in text
    assert "20 MB" in import_message(refusal.code, refusal.params, "id")


@pytest.mark.parametrize("row", [b"<row/>", b"<row></row>", b"<row><c/></row>"])
def test_a_megabyte_of_empty_rows_stops_at_the_row_limit(row, monkeypatch):
    """Under the size and ratio checks (1 MB of XML), still far more rows than a list has: reading stops at the
    limit of rows in a file, blank ones included, instead of going through them all.

    Measured by the rows openpyxl's parser works through (the same on a busy machine): CPU time next to other jobs
    once read 1.11 s for a refusal that takes 0.4 s alone. Without the limit the parser works through every row
    of these sheets (70,000 to 175,000)."""
    data = workbook_with_sheet(HEADER_ROW + row * ((1024 * 1024 - 1024) // len(row)))
    parsed = count_parsed_rows(monkeypatch)
    refusal = refused_quickly("harga.xlsx", data, tries=1, seconds=3)  # a ceiling; the count below is the measure
    assert parsed == [tables.MAX_FILE_ROWS + 1]  # each <row> element parsed once, and no further than the limit
    assert refusal.code == "too_many_file_rows" and refusal.params == {"max": tables.MAX_FILE_ROWS}
    assert "12.000" in import_message(refusal.code, refusal.params, "id")


def test_a_row_numbered_a_million_does_not_make_a_million_empty_rows():
    data = workbook_with_sheet(HEADER_ROW + b'<row r="1048576"><c><v>1</v></c></row>')
    assert refused_quickly("harga.xlsx", data).code == "too_many_file_rows"


def test_markup_that_compresses_poorly_is_counted_before_it_is_parsed():
    """Random numbers keep the ratio low (about 4) and the file under 2 MB; its 1.2 million ``<`` are counted
    (zlib and bytes.count, no XML parser) and refused."""
    rng = random.Random(12)
    cells = b"".join(b"<c><v>%d</v></c>" % rng.randrange(10**9) for _ in range(300_000))
    data = workbook_with_sheet(HEADER_ROW + b"<row>" + cells + b"</row>")
    assert len(data) < tables.MAX_BYTES
    refusal = refused_quickly("harga.xlsx", data)
    assert refusal.code == "xlsx_too_complex"
    assert "600,000" in import_message(refusal.code, refusal.params, "en")


def _lie_about_sizes(data, name, size):
    """``data`` (a zip) with ``name``'s uncompressed size stated as ``size`` in its local and central headers."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := out.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if out[name_at:name_at + len(encoded)] == encoded:
                out[start + offset:start + offset + 4] = struct.pack("<I", size)
            start += 4
    return bytes(out)


def test_a_zip_bomb_part_is_refused_by_its_stated_size_before_anything_is_inflated(monkeypatch):
    data = workbook_with_sheet(HEADER_ROW + b"<row><c><v>1</v></c></row>")
    bomb = _lie_about_sizes(data, "xl/worksheets/sheet1.xml", 4_000_000_000)  # 4 GB once "inflated"
    assert zipfile.ZipFile(io.BytesIO(bomb)).getinfo("xl/worksheets/sheet1.xml").file_size == 4_000_000_000
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, *a, **kw: opened.append(a) or pytest.fail("read"))
    assert refused_quickly("harga.xlsx", bomb).code == "xlsx_unpacked_too_large"
    assert opened == []  # no part was opened, let alone inflated


def test_many_small_parts_that_inflate_beyond_the_limit_in_all_are_refused():
    book = io.BytesIO()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(25):  # 25 × 1 MB, each under the ratio check's 1 MB floor
            archive.writestr(f"xl/media/blank{n}.xml", b" " * (1024 * 1024))
    assert refused_quickly("harga.xlsx", book.getvalue()).code == "xlsx_unpacked_too_large"


def test_a_workbook_with_too_many_parts_is_refused():
    book = io.BytesIO()
    with zipfile.ZipFile(book, "w") as archive:
        for n in range(tables.MAX_PARTS + 1):
            archive.writestr(f"p{n}", b"")
    assert refused_quickly("harga.xlsx", book.getvalue()).code == "xlsx_too_complex"


def test_a_csv_of_blank_lines_stops_at_the_row_limit():
    data = b"kode,nama\n" + b"\n" * (tables.MAX_BYTES - 20)
    assert refused_quickly("akun.csv", data, import_accounts).code == "too_many_file_rows"


def test_a_sheet_without_dimension_is_still_read():
    data = workbook_with_sheet(HEADER_ROW + b'<row><c t="inlineStr"><is><t>A1</t></is></c><c t="inlineStr"><is>'
                               b'<t>Kertas</t></is></c><c t="inlineStr"><is><t>rim</t></is></c><c><v>55000</v></c>'
                               b"</row>")
    report = import_prices("harga.xlsx", data)
    assert report.ok and report.items[0].name == "Kertas" and report.items[0].price == 55000


def test_a_real_list_of_5000_rows_and_20_columns_is_accepted():
    rng = random.Random(3)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["kode", "nama", "spesifikasi", "satuan", "harga", "mode", "toleransi", "rekening", "termasuk ppn",
                  *(f"catatan {n}" for n in range(11))])
    for n in range(tables.MAX_ROWS):
        sheet.append([f"1.1.12.01.03.{n:05d}", f"Kertas HVS {rng.randint(60, 100)} gram", "A4, 1 rim isi 500 lembar",
                      "rim", rng.randint(1000, 10**7), "perkiraan", 10, "5.1.02.01.01.0024", "tidak",
                      *(rng.randint(0, 10**6) for _ in range(11))])
    out = io.BytesIO()
    book.save(out)
    assert len(read_table("harga.xlsx", out.getvalue(), ("code", "name", "unit", "price"))) == tables.MAX_ROWS
