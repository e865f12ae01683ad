"""The SIPD roll-ups of a Rincian Belanja (issue 16): every account level, the recap per jenis belanja, and the
[#] kelompok / [-] keterangan subgroups. Whole rupiah only."""
from decimal import Decimal as D

from lti_tool.budgeting.domain.budget import BudgetLine, Factor, Koefisien, group_by_account, line_amount
from lti_tool.budgeting.domain.rollup import (
    account_levels,
    kelompok_subtotals,
    recap_by_jenis,
    rollup,
    subgroups,
)

NAMES = {"5": "Belanja Daerah", "5.1": "Belanja Operasi", "5.1.02": "Belanja Barang dan Jasa",
         "5.1.02.01": "Belanja Barang", "5.1.02.01.01": "Belanja Barang Pakai Habis",
         "5.1.02.01.01.0052": "Belanja Makanan dan Minuman Rapat", "5.2": "Belanja Modal",
         "5.2.02": "Belanja Modal Peralatan dan Mesin"}
MEAL, ATK, HONOR, LAPTOP = "5.1.02.01.01.0052", "5.1.02.01.01.0024", "5.1.02.02.01.0003", "5.2.02.05.01.0001"


def line(n, account, volume, price, kelompok="", keterangan=""):
    return BudgetLine(line_no=n, account=account, component=f"c{n}", koefisien=Koefisien((Factor(D(volume), "x"),)),
                      unit_price=D(price), kelompok=kelompok, keterangan=keterangan)


LINES = [line(1, MEAL, 60, 50_000), line(2, ATK, 30, 15_000), line(3, HONOR, 6, 1_000_000),
         line(4, LAPTOP, 1, 12_000_000), line(5, MEAL, 30, 20_000)]


def rows():
    return {row.code: row for row in rollup(group_by_account(LINES), NAMES)}


def test_levels_of_a_code():
    assert account_levels(MEAL) == ["5", "5.1", "5.1.02", "5.1.02.01", "5.1.02.01.01", MEAL]
    assert account_levels("") == [] and account_levels(" 5.2 ") == ["5", "5.2"]


def test_level_1_akun_is_the_whole_budget():
    assert rows()["5"].subtotal == 3_000_000 + 600_000 + 450_000 + 6_000_000 + 12_000_000
    assert rows()["5"].level == 1 and rows()["5"].name == "Belanja Daerah"


def test_level_2_kelompok_operasi_and_modal():
    assert rows()["5.1"].subtotal == 3_600_000 + 450_000 + 6_000_000
    assert rows()["5.2"].subtotal == 12_000_000 and rows()["5.2"].level == 2


def test_level_3_jenis_barang_dan_jasa():
    assert rows()["5.1.02"].subtotal == 10_050_000 and rows()["5.1.02"].name == "Belanja Barang dan Jasa"


def test_level_4_objek_barang_and_jasa():
    assert rows()["5.1.02.01"].subtotal == 4_050_000 and rows()["5.1.02.02"].subtotal == 6_000_000
    assert rows()["5.1.02.02"].name == ""  # no name in the account list: shown without one


def test_level_5_rincian_objek():
    assert rows()["5.1.02.01.01"].subtotal == 4_050_000 and rows()["5.1.02.01.01"].level == 5


def test_level_6_sub_rincian_objek_is_the_account_with_its_lines():
    meal = rows()[MEAL]
    assert meal.level == 6 and meal.subtotal == 3_600_000 and [x.line_no for x in meal.group.lines] == [1, 5]
    assert all(row.group is None for code, row in rows().items() if code not in (MEAL, ATK, HONOR, LAPTOP))


def test_each_level_is_printed_once_before_the_accounts_under_it():
    order = [row.code for row in rollup(group_by_account(LINES), NAMES)]
    assert order == ["5", "5.1", "5.1.02", "5.1.02.01", "5.1.02.01.01", ATK, MEAL, "5.1.02.02", "5.1.02.02.01",
                     HONOR, "5.2", "5.2.02", "5.2.02.05", "5.2.02.05.01", LAPTOP]
    assert all(isinstance(row.subtotal, int) for row in rollup(group_by_account(LINES), NAMES))


def test_recap_per_jenis_belanja():
    recap = recap_by_jenis(group_by_account(LINES), NAMES)
    assert [(r.code, r.name, r.subtotal) for r in recap] == [
        ("5.1.02", "Belanja Barang dan Jasa", 10_050_000), ("5.2.02", "Belanja Modal Peralatan dan Mesin", 12_000_000)]


def test_recap_sums_to_the_total_with_ppn_rounded_per_line():
    lines = [line(1, ATK, 3, "333.33"), line(2, ATK, 7, "1.01")]
    lines = [BudgetLine(**{**vars(x), "ppn": True}) for x in lines]
    groups = group_by_account(lines)
    assert sum(r.subtotal for r in recap_by_jenis(groups)) == sum(line_amount(x) for x in lines) == 1110 + 8


def test_kelompok_and_keterangan_subgroups_with_subtotals():
    lines = [line(1, MEAL, 60, 50_000, "Rapat persiapan", "Panitia"),
             line(2, MEAL, 30, 20_000, "Pelaksanaan", "Peserta"),
             line(3, MEAL, 10, 20_000, "Rapat persiapan", "Narasumber"),
             line(4, MEAL, 5, 20_000, "Rapat persiapan", "Panitia")]
    amounts = {x.line_no: line_amount(x) for x in lines}
    subs = subgroups(lines, amounts)
    assert [(s.kelompok, s.keterangan, [x.line_no for x in s.lines], s.subtotal) for s in subs] == [
        ("Rapat persiapan", "Panitia", [1, 4], 3_100_000), ("Rapat persiapan", "Narasumber", [3], 200_000),
        ("Pelaksanaan", "Peserta", [2], 600_000)]
    assert kelompok_subtotals(subs) == {"Rapat persiapan": 3_300_000, "Pelaksanaan": 600_000}


def test_lines_without_kelompok_form_one_unnamed_subgroup():
    subs = subgroups(LINES[:2], {1: 3_000_000, 2: 450_000})
    assert [(s.kelompok, s.keterangan, s.subtotal) for s in subs] == [("", "", 3_450_000)]
