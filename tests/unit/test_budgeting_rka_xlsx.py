"""The RKA XLSX as SIPD's form (issue 16): numbers as numbers (a numeric volume beside the koefisien's factors),
the account levels rolled up with their names, [#] kelompok and [-] keterangan, the recap per jenis belanja, PPN
(never VAT), "Melebihi pagu" rather than a negative remainder, and the instructor's findings on a second sheet."""
import io
from decimal import Decimal

import openpyxl
import pytest
from budgeting_support import catalogue_context

from lti_tool.budgeting.domain.budget import Budget, BudgetLine, parse_koefisien
from lti_tool.budgeting.domain.rules import Account, ExerciseRules
from lti_tool.budgeting.io.rka_xlsx import export_rka

context = pytest.fixture(scope="module", autouse=True)(catalogue_context)
ACCOUNTS = (Account("5", "Belanja Daerah"), Account("5.1", "Belanja Operasi"),
            Account("5.1.02", "Belanja Barang dan Jasa"), Account("5.1.02.01.01.0052", "Belanja Makanan dan Minuman"),
            Account("5.1.02.01.01.0024", "Belanja Alat Tulis Kantor"))


def line(no, account, koefisien, price, kelompok="", keterangan="", ppn=False):
    return BudgetLine(line_no=no, account=account, component=f"Komponen {no}", koefisien=parse_koefisien(koefisien),
                      unit_price=Decimal(price), kelompok=kelompok, keterangan=keterangan, ppn=ppn)


LINES = [line(1, "5.1.02.01.01.0052", "30 orang × 2 hari", 50_000, "Rapat persiapan", "Panitia"),
         line(2, "5.1.02.01.01.0052", "30 orang × 2 hari", 20_000, "Rapat persiapan", "Peserta"),
         line(3, "5.1.02.01.01.0024", "2,5 rim", 60_000, ppn=True),
         line(4, "5.2.02.05.01.0001", "1 unit", 12_000_000, ppn=True)]


def rows(data, index=0):
    return list(openpyxl.load_workbook(io.BytesIO(data)).worksheets[index].iter_rows(values_only=True))


def export(**kw):
    return export_rka(Budget(lines=LINES), ExerciseRules(accounts=ACCOUNTS, ceiling=10_000_000), "Lokakarya", **kw)


def test_account_levels_roll_up_with_names_and_sums():
    sums = {row[0]: (row[1], row[7]) for row in rows(export()) if row[0] and str(row[0])[0] == "5"}
    total = 3_000_000 + 1_200_000 + 166_500 + 13_320_000
    assert sums["5"] == ("Belanja Daerah", total)
    assert sums["5.1"] == ("Belanja Operasi", 4_366_500) and sums["5.1.02"][1] == 4_366_500
    assert sums["5.1.02.01"][1] == sums["5.1.02.01.01"][1] == 4_366_500
    assert sums["5.1.02.01.01.0052"] == ("Belanja Makanan dan Minuman", 4_200_000)
    assert sums["5.2"][1] == sums["5.2.02"][1] == sums["5.2.02.05.01.0001"][1] == 13_320_000
    assert all(isinstance(amount, int) for _, amount in sums.values())


def test_kelompok_and_keterangan_rows():
    names = [(row[1], row[7]) for row in rows(export()) if row[1] and str(row[1])[:4] in ("[#] ", "[-] ")]
    assert names == [("[#] Rapat persiapan", 4_200_000), ("[-] Panitia", 3_000_000), ("[-] Peserta", 1_200_000)]


def test_koefisien_as_factors_and_a_numeric_volume_and_ppn_labelled_ppn():
    data = rows(export())
    head = next(row for row in data if row[0] == "Kode rekening")
    assert head == ("Kode rekening", "Uraian", "Koefisien", "Volume", "Satuan", "Harga", "PPN", "Jumlah")
    by_name = {row[1]: row for row in data if row[1] and str(row[1]).startswith("Komponen")}
    assert by_name["Komponen 1"][2:4] == ("30 orang × 2 hari", 60)
    assert by_name["Komponen 3"][3] == 2.5 and by_name["Komponen 3"][6] == 0.11 and by_name["Komponen 3"][7] == 166_500
    sheet = openpyxl.load_workbook(io.BytesIO(export())).active
    volume = next(c for c in sheet["D"] if c.value == 2.5)
    assert volume.data_type == "n" and volume.number_format == "#,##0.####"
    english = rows(export_rka(Budget(lines=LINES), ExerciseRules(accounts=ACCOUNTS), "T", locale="en"))
    assert not any("VAT" in str(cell) for row in english for cell in row)


def test_over_the_ceiling_and_the_recap_per_jenis_belanja():
    data = rows(export())
    labels = {row[0]: row[7] for row in data if row[0]}
    assert labels["Melebihi pagu"] == 17_686_500 - 10_000_000 and "Sisa Pagu" not in labels
    start = next(i for i, row in enumerate(data) if str(row[0]).startswith("Rekapitulasi"))
    assert [(row[0], row[1], row[7]) for row in data[start + 1:]] == [
        ("5.1.02", "Belanja Barang dan Jasa", 4_366_500), ("5.2.02", None, 13_320_000)]


def test_the_instructors_copy_has_findings_and_comments_on_a_second_sheet():
    assert len(openpyxl.load_workbook(io.BytesIO(export())).worksheets) == 1  # the learner's copy: one sheet
    data = export(findings=[(3, "kesalahan", "Harga di atas batas tertinggi.", "Pakai harga SSH."),
                            (None, "", "", "Periksa pagu.")])
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[1] == "Temuan"
    assert rows(data, 1) == [("Baris", "Tingkat", "Temuan", "Komentar"),
                             (3, "kesalahan", "Harga di atas batas tertinggi.", "Pakai harga SSH."),
                             (None, None, None, "Periksa pagu.")]
