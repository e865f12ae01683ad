"""Import of account and reference price lists (CSV/XLSX) and export of the Rincian Belanja to XLSX."""
import io
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from budgeting_support import catalogue_context

from lti_tool.budgeting.domain.budget import (
    Budget,
    BudgetLine,
    Indicator,
    IndicatorKind,
    Rounding,
    budget_total,
    group_by_account,
    line_amount,
    parse_koefisien,
)
from lti_tool.budgeting.domain.rules import Account, ExerciseRules, PriceMode
from lti_tool.budgeting.io import tables
from lti_tool.budgeting.io.reference_lists import import_accounts, import_prices
from lti_tool.budgeting.io.rka_xlsx import export_rka
from lti_tool.budgeting.io.tables import MAX_ROWS, ImportFailed, read_table
from lti_tool.budgeting.labels import IMPORT_MESSAGES as MESSAGES
from lti_tool.budgeting.labels import import_message as message
from lti_tool.budgeting.labels import in_language
from lti_tool.formats import XLSX_RUPIAH

_catalogue = pytest.fixture(scope="module", autouse=True)(catalogue_context)

SAMPLE = Path(__file__).resolve().parents[2] / "lti_tool" / "budgeting" / "sample"
PRICE_HEADER = "kode,nama,spesifikasi,satuan,harga,jenis harga,toleransi,rekening,termasuk ppn\n"
ACCOUNTS = {"5.1.02.01.01.0024", "5.1.02.01.01.0052", "5.1.02.02.01.0003"}


def csv_bytes(text, encoding="utf-8"):
    return text.encode(encoding)


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def reasons(report):
    return {(error.row, error.code) for error in report.rejected}


# --- reading tables -----------------------------------------------------------------------------------------------

def test_semicolon_csv_with_bom_and_indonesian_headers():
    text = ("# catatan\n"
            "Kode;Nama Barang;Spesifikasi;Satuan;Harga Satuan (Rp);Jenis Harga;Toleransi (%);"
            "Kode Rekening;Termasuk PPN\n"
            "ATK.1;Kertas HVS;A4 70 gram;rim;55.000;Perkiraan;7,5;5.1.02.01.01.0024;Ya\n"
            "\n"
            "HON.1;Honorarium Narasumber;Eselon III;OJ;1.250.000;Plafon;;5.1.02.02.01.0003, 5.1.02.01.01.0052;tidak\n")
    report = import_prices("Harga.CSV", b"\xef\xbb\xbf" + csv_bytes(text), known_accounts=ACCOUNTS)
    assert report.ok and report.rows == 2
    paper, honorarium = report.items
    assert (paper.code, paper.name, paper.specification, paper.unit) == ("ATK.1", "Kertas HVS", "A4 70 gram", "rim")
    assert paper.price == Decimal(55000) and paper.mode == PriceMode.ESTIMATE
    assert paper.tolerance_pct == Decimal("7.5") and paper.includes_ppn is True
    assert paper.accounts == {"5.1.02.01.01.0024"}
    assert honorarium.price == Decimal(1250000) and honorarium.mode == PriceMode.CEILING
    assert honorarium.tolerance_pct == 0 and honorarium.includes_ppn is False
    assert honorarium.accounts == {"5.1.02.02.01.0003", "5.1.02.01.01.0052"}


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_row_numbers_are_those_the_user_sees(newline):
    text = "# note\n\nkode;nama;catatan;catatan\n5.1;A\n\n5.2;\"two\nlines\"\n5.3;C\n".replace("\n", newline)
    rows = read_table("a.csv", csv_bytes(text))
    assert [number for number, _ in rows] == [4, 6, 8]
    assert rows[1][1]["code"] == "5.2" and rows[1][1]["name"] == f"two{newline}lines"


def test_tab_delimited_cp1252_and_english_headers():
    text = ("Code\tName\tUnit\tPrice\tMode\tTolerance\tAccounts\tIncludes_PPN\n"
            "X1\tKertas – HVS\trim\t1,250,000\testimate\t10\t\t1\n")
    report = import_prices("prices.csv", csv_bytes(text, "cp1252"), locale="en")
    assert report.ok
    assert report.items[0].name == "Kertas – HVS" and report.items[0].price == Decimal(1250000)
    assert report.items[0].accounts == frozenset()


def test_xlsx_import_with_numeric_cells_and_row_numbers():
    data = xlsx_bytes([
        ["Kode", "Uraian", "Satuan", "Harga", "Mode", "Toleransi", "Rekening", "Termasuk PPN"],
        ["A1", "Ballpoint", "buah", 3000, "perkiraan", 10, "5.1.02.01.01.0024", True],
        [None, None, None, None],
        ["A2", "Snack", "OK", 20000.0, "batas", None, "5.1.02.01.01.0052", "tidak"],
        ["A3", "Map", "buah", 4000.5, "estimate", 12.5, "5.1.02.01.01.0024", None],
        ["A4", "Bad", "buah", -5, "ceiling", None, None, None],
    ])
    report = import_prices("harga.xlsx", data, known_accounts=ACCOUNTS)
    assert reasons(report) == {(6, "price_not_positive")}
    assert report.items == ()
    good = import_prices("harga.xlsx", xlsx_bytes([
        ["Kode", "Uraian", "Satuan", "Harga", "Mode", "Toleransi", "Rekening", "Termasuk PPN"],
        ["A1", "Ballpoint", "buah", 3000, "perkiraan", 10, "5.1.02.01.01.0024", True],
        ["A3", "Map", "buah", 4000.5, "estimate", 12.5, "5.1.02.01.01.0024", None],
    ]))
    assert good.ok
    assert [(p.price, p.tolerance_pct, p.includes_ppn) for p in good.items] == [
        (Decimal(3000), Decimal(10), True), (Decimal("4000.5"), Decimal("12.5"), None)]
    assert all(isinstance(p.price, Decimal) for p in good.items)


def test_item_type_and_unknown_columns_are_ignored():
    report = import_prices("p.csv", b"Jenis,Kode,Nama,Satuan,Harga,Catatan\nSSH,A1,Kertas,rim,55.000,apa saja\n")
    assert report.ok and report.items[0].mode == PriceMode.ESTIMATE and report.items[0].tolerance_pct == 10


def test_account_list_with_kode_rekening_header_from_xlsx():
    data = xlsx_bytes([["Kode Rekening", "Uraian"], ["5.1.02.01.01.0024", "Alat Tulis Kantor"], ["5", "Belanja"]])
    report = import_accounts("rekening.xlsx", data)
    assert report.ok
    assert report.items == (Account("5.1.02.01.01.0024", "Alat Tulis Kantor"), Account("5", "Belanja"))


@pytest.mark.parametrize("filename, data, code", [
    ("prices.xls", b"kode,nama\n", "unsupported_type"),
    ("prices.txt", b"kode,nama\n", "unsupported_type"),
    ("prices.csv", b"kode,nama,satuan,harga\n" + b"x" * (2 * 1024 * 1024), "file_too_large"),
    ("prices.csv", b"kode,nama,satuan\nA,B,C\n", "missing_column"),
    ("prices.csv", b"kode,nama,satuan,harga,price\nA,B,C,1,1\n", "duplicate_column"),
    ("prices.csv", b"# only a note\n\n", "no_header"),
    ("prices.csv", b"kode,nama,satuan,harga\n\n\n", "no_rows"),
    ("prices.xlsx", b"PK\x03\x04 not really a workbook", "unreadable"),
    ("prices.csv", b"kode,nama,satuan,harga\n" + b"A,B,C,1\n" * (MAX_ROWS + 1), "too_many_rows"),
])
def test_whole_file_refusals(filename, data, code):
    with pytest.raises(ImportFailed) as caught:
        import_prices(filename, data)
    assert caught.value.code == code
    assert message(code, caught.value.params, "id") != code
    assert "?" not in message(code, caught.value.params, "en")


def test_missing_column_names_the_columns():
    with pytest.raises(ImportFailed) as caught:
        import_prices("p.csv", b"kode;nama\nA;B\n")
    assert caught.value.params["columns"] == ["unit", "price"]
    assert message("missing_column", caught.value.params, "id") == "Kolom wajib tidak ada: satuan, harga."
    assert message("missing_column", caught.value.params, "en") == "Required column missing: unit, price."


def test_exactly_max_rows_is_accepted():
    data = b"kode,nama\n" + b"".join(b"5.%d,Nama\n" % i for i in range(MAX_ROWS))
    assert len(import_accounts("a.csv", data).items) == MAX_ROWS


# --- row rejections ----------------------------------------------------------------------------------------------

def test_every_price_rejection_reason_with_its_row():
    rows = [
        ",Tanpa kode,,buah,1000,perkiraan,10,,",                       # 3 code_empty
        "P1,Kertas,,rim,55.000,perkiraan,10,,",                        # 4 fine
        "p1,Kertas lagi,,rim,55.000,perkiraan,10,,",                   # 5 duplicate of row 4
        "P2,,,buah,1000,perkiraan,10,,",                               # 6 name_empty
        "P3,Map,,,1000,perkiraan,10,,",                                # 7 unit_empty
        "P4,Map,,buah,,perkiraan,10,,",                                # 8 price_empty
        "P5,Map,,buah,seribu,perkiraan,10,,",                          # 9 price_not_number
        'P6,Map,,buah,"1,500",perkiraan,10,,',                         # 10 price_ambiguous
        "P7,Map,,buah,-1000,perkiraan,10,,",                           # 11 price_not_positive
        "P8,Map,,buah,0,perkiraan,10,,",                               # 12 price_not_positive
        "P9,Map,,buah,1.000.000.000.000.001,perkiraan,10,,",           # 13 price_too_large
        'P10,Map,,buah,"1.000,555",perkiraan,10,,',                    # 14 price_too_many_decimals
        "P11,Map,,buah,1000,kira-kira,10,,",                           # 15 mode_unknown
        "P12,Map,,buah,1000,perkiraan,sepuluh,,",                      # 16 tolerance_not_number
        "P13,Map,,buah,1000,perkiraan,120,,",                          # 17 tolerance_out_of_range
        "P14,Map,,buah,1000,perkiraan,-5,,",                           # 18 tolerance_out_of_range
        "P15,Map,,buah,1000,perkiraan,10,5.1.02.99.99.9999,",          # 19 account_unknown
        "P16,Map,,buah,1000,perkiraan,10,5.1.02.AB,",                  # 20 account_code_invalid
        "P17,Map,,buah,1000,perkiraan,10,,mungkin",                    # 21 ppn_flag_invalid
        f"P18,{'x' * 501},,buah,1000,perkiraan,10,,",                  # 22 text_too_long
    ]
    data = csv_bytes("# CONTOH\n" + PRICE_HEADER + "\n".join(rows) + "\n")
    report = import_prices("p.csv", data, known_accounts=ACCOUNTS)
    assert not report.ok and report.items == ()
    assert reasons(report) == {
        (3, "code_empty"), (5, "code_duplicate"), (6, "name_empty"), (7, "unit_empty"), (8, "price_empty"),
        (9, "price_not_number"), (10, "price_ambiguous"), (11, "price_not_positive"), (12, "price_not_positive"),
        (13, "price_too_large"), (14, "price_too_many_decimals"), (15, "mode_unknown"),
        (16, "tolerance_not_number"), (17, "tolerance_out_of_range"), (18, "tolerance_out_of_range"),
        (19, "account_unknown"), (20, "account_code_invalid"), (21, "ppn_flag_invalid"), (22, "text_too_long"),
    }
    for error in report.rejected:
        for locale in ("id", "en"):
            text = message(error.code, error.params, locale)
            assert text != error.code and "?" not in text, (error, text)


def test_duplicate_codes_name_both_rows():
    report = import_accounts("a.csv", b"kode,nama\n5.1.02,Barang\n5.1.01,Pegawai\n5.1.02,Barang lagi\n")
    (error,) = report.rejected
    assert (error.row, error.code, error.params) == (4, "code_duplicate", {"code": "5.1.02", "first_row": 2})
    assert message(error.code, error.params, "id") == "Kode 5.1.02 sudah dipakai di baris 2."
    assert message(error.code, error.params, "en") == "The code 5.1.02 is already used in row 2."


def test_nothing_half_imported():
    good = "".join(f"5.1.02.01.01.{i:04d},Akun {i}\n" for i in range(1, 50))
    report = import_accounts("a.csv", csv_bytes("kode,nama\n" + good + "5.1.X,Salah\n"))
    assert report.items == () and not report.ok
    assert reasons(report) == {(51, "account_code_invalid")}


@pytest.mark.parametrize("code, ok", [
    ("5", True), ("5.1", True), ("5.1.02.01.01.0024", True), ("5.1.02.01.01.0024.1", False),
    ("5.1.O2", False), ("5..1", False), (".5", False), ("5.1.", False), ("A.1", False),
])
def test_account_code_form(code, ok):
    report = import_accounts("a.csv", csv_bytes(f"kode,nama\n{code},Nama\n"))
    assert report.ok is ok
    if not ok:
        assert reasons(report) == {(2, "account_code_invalid")}


def test_account_rejections_empty_code_and_name():
    report = import_accounts("a.csv", b"kode;nama\n;Tanpa kode\n5.1;\n")
    assert reasons(report) == {(2, "code_empty"), (3, "name_empty")}


def test_every_message_has_both_languages():
    for code, text in MESSAGES.items():
        with in_language("id"):
            indonesian = str(text)
        with in_language("en"):
            english = str(text)
        assert indonesian and english and indonesian != english, code
    assert message("unknown_code", {}, "id") == "unknown_code"


# --- sample lists ------------------------------------------------------------------------------------------------

def test_sample_lists_import_cleanly_and_are_marked_as_samples():
    accounts_data = (SAMPLE / "accounts_sample.csv").read_bytes()
    prices_data = (SAMPLE / "prices_sample.csv").read_bytes()
    accounts = import_accounts("accounts_sample.csv", accounts_data)
    assert accounts.ok and 8 <= len(accounts.items) <= 15
    prices = import_prices("prices_sample.csv", prices_data, known_accounts={a.code for a in accounts.items})
    assert prices.ok and 12 <= len(prices.items) <= 20
    assert {p.mode for p in prices.items} == {PriceMode.CEILING, PriceMode.ESTIMATE}
    assert all(p.price == int(p.price) for p in prices.items)
    honoraria = [p for p in prices.items if p.name.startswith("Honorarium")]
    assert honoraria and all(p.mode == PriceMode.CEILING for p in honoraria)
    for data in (accounts_data, prices_data):
        assert data.decode("utf-8").startswith("# CONTOH — periksa terhadap daftar resmi terbaru sebelum dipakai")
    readme = (SAMPLE / "README.md").read_text("utf-8")
    assert "periksa terhadap daftar resmi terbaru" in readme and "check against the current official list" in readme


# --- export ------------------------------------------------------------------------------------------------------

def make_line(no, account, component, koefisien, price, ppn=False, specification=""):
    return BudgetLine(line_no=no, account=account, component=component, specification=specification,
                      koefisien=parse_koefisien(koefisien), unit_price=Decimal(price), ppn=ppn)


def make_budget(lines):
    return Budget(
        header={"urusan": "Urusan Pemerintahan Bidang Keuangan", "sub_kegiatan": "1.01.01.2.05.0009 Diklat Pegawai",
                "lokasi": "Plaju, Palembang", "kelompok_sasaran": "30 ASN"},
        indicators=[Indicator(IndicatorKind.KELUARAN, "Jumlah peserta terlatih", "30 orang"),
                    Indicator(IndicatorKind.CAPAIAN, "Persentase ASN terlatih", "80%")],
        lines=lines)


LINES = [
    make_line(1, "5.1.02.01.01.0052", "Makan rapat", "30 orang × 2 hari", 45000, specification="Nasi kotak"),
    make_line(2, "5.1.02.02.01.0003", "Honorarium narasumber", "2 orang × 3 jam", 900000),
    make_line(3, "5.1.02.01.01.0024", "Kertas HVS", "3 rim", "55000.50", ppn=True),
    make_line(4, "5.1.02.01.01.0052", "Kudapan", "30 orang × 2 kali", 20000, ppn=True),
    make_line(5, "5.1.02.01.01.0024", "=HYPERLINK(\"http://x\")", "7 buah", 3333, ppn=True),
]


def read_back(data):
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "Kode rekening") + 1
    groups, lines, totals = [], [], {}
    for row in rows[start:]:
        if row[0] and str(row[0]).startswith("Rekapitulasi"):
            break  # the recap per jenis belanja follows the totals
        if row[0] in ("Jumlah Total", "Pagu", "Sisa Pagu", "Melebihi pagu"):
            totals[row[0]] = row[7]
        elif row[0] and str(row[0]).count(".") == 5:  # an account's row (the levels above it are roll-ups)
            groups.append((row[0], row[1], row[7]))
        elif not row[0] and row[1] and not str(row[1]).startswith(("[#] ", "[-] ")):
            lines.append(row)
    return sheet, groups, lines, totals


@pytest.mark.parametrize("include_ppn, rounding", [
    (False, Rounding.PER_LINE), (True, Rounding.PER_LINE), (False, Rounding.ON_TOTAL)])
def test_export_round_trip_same_numbers(include_ppn, rounding):
    rules = ExerciseRules(ceiling=20_000_000, prices_include_ppn=include_ppn, rounding=rounding,
                          accounts=(Account("5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat"),))
    data = export_rka(make_budget(LINES), rules, "Lokakarya Teknis Plaju")
    sheet, groups, lines, totals = read_back(data)
    expected_groups = group_by_account(LINES, rules.ppn_rate, include_ppn, rounding)
    assert [(g[0], g[2]) for g in groups] == [(g.account, g.subtotal) for g in expected_groups]
    assert groups[1][1] == "Belanja Makanan dan Minuman Rapat"
    ordered = [line for group in expected_groups for line in group.lines]
    assert [row[7] for row in lines] == [line_amount(x, rules.ppn_rate, include_ppn) for x in ordered]
    assert [Decimal(str(row[5])) for row in lines] == [x.unit_price for x in ordered]
    total = budget_total(LINES, rules.ppn_rate, include_ppn, rounding)
    assert totals == {"Jumlah Total": total, "Pagu": 20_000_000, "Sisa Pagu": 20_000_000 - total}
    assert all(isinstance(row[7], int) for row in lines)


def test_export_layout():
    data = export_rka(make_budget(LINES), ExerciseRules(), "Lokakarya Teknis Plaju")
    sheet, groups, lines, totals = read_back(data)
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Lokakarya Teknis Plaju"
    labels = {row[0]: row[1] for row in values if row[0]}
    assert labels["Lokasi"] == "Plaju, Palembang" and labels["Sub Kegiatan"].startswith("1.01.01.2.05.0009")
    indicator_rows = [row[:3] for row in values if row[0] in ("Capaian Program", "Keluaran")]
    assert indicator_rows == [("Capaian Program", "Persentase ASN terlatih", "80%"),
                              ("Keluaran", "Jumlah peserta terlatih", "30 orang")]
    header_row = next(i for i, row in enumerate(values, 1) if row[0] == "Kode rekening")
    assert values[header_row - 1] == ("Kode rekening", "Uraian", "Koefisien", "Volume", "Satuan", "Harga", "PPN",
                                      "Jumlah")
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["D"].width
    makan = next(row for row in lines if row[1].startswith("Makan rapat"))
    assert makan[1:5] == ("Makan rapat — Nasi kotak", "30 orang × 2 hari", 60, "orang × hari")
    assert "Pagu" not in totals
    first_line = header_row + 7  # after the levels 5, 5.1, 5.1.02, 5.1.02.01, 5.1.02.01.01 and the account
    assert sheet.cell(header_row + 1, 1).font.bold and not sheet.cell(first_line, 2).font.bold
    assert sheet.cell(first_line, 8).number_format == XLSX_RUPIAH == '"Rp"#,##0'
    assert sheet.cell(first_line, 8).data_type == "n"


def test_export_writes_formulas_as_text():
    sheet, _, lines, _ = read_back(export_rka(make_budget(LINES), None, "T"))
    formula_row = next(row for row in lines if row[1].startswith("=HYPERLINK"))
    assert formula_row[1] == '=HYPERLINK("http://x")'
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_export_ppn_column():
    _, _, lines, _ = read_back(export_rka(make_budget(LINES), ExerciseRules(), "T"))
    assert {row[6] for row in lines} == {0, 0.11}
    _, _, lines, _ = read_back(export_rka(make_budget(LINES), ExerciseRules(prices_include_ppn=True), "T"))
    assert {row[6] for row in lines} == {0, "termasuk"}


def test_export_in_english():
    data = export_rka(make_budget(LINES), ExerciseRules(ceiling=1), "T", locale="en")
    values = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert ("Account code", "Description", "Coefficient", "Volume", "Unit", "Price", "PPN", "Amount") in values
    assert not any("VAT" in str(cell) for row in values for cell in row)
    assert {"Grand total", "Ceiling", "Over the ceiling", "Location"} <= {row[0] for row in values}


def test_export_of_500_lines_is_fast():
    accounts = sorted(ACCOUNTS)
    lines = [make_line(i, accounts[i % 3], f"Komponen {i}", "30 orang × 2 hari", 1000 + i, ppn=i % 2 == 0)
             for i in range(1, 501)]
    spent = []
    for _ in range(3):  # CPU time, best of three: a loaded parallel run once took 4.0 s of wall time (0.66 s alone)
        started = time.process_time()
        data = export_rka(make_budget(lines), ExerciseRules(ceiling=10**12), "Besar")
        spent.append(time.process_time() - started)
        if spent[-1] < 2:
            break
    assert min(spent) < 2, spent
    _, groups, rows, totals = read_back(data)
    assert len(rows) == 500 and len(groups) == 3
    assert totals["Jumlah Total"] == budget_total(lines)


def test_xlsx_that_would_inflate_too_far_is_refused(monkeypatch):
    monkeypatch.setattr(tables, "MAX_UNZIPPED", 1000)
    with pytest.raises(ImportFailed) as caught:
        import_accounts("a.xlsx", xlsx_bytes([["# CONTOH"], ["kode", "nama"], ["5.1", "Belanja"]]))
    assert caught.value.code == "xlsx_unpacked_too_large"  # (was "file_too_large", which named the 2 MB limit)
