"""Taxes on budget lines (issue 16): how the PPN rate is shown, and each tax treatment of a price-list item.

Facts copied from the domain notes: PPN is 11 % on goods and most services; honoraria and daily allowances are not
PPN objects (income tax is withheld instead, the line holds the gross amount); meals, catering and hotel services
carry the regional tax PBJT, which is included in the standard price, so the RKA line shows no PPN.
"""
from decimal import Decimal as D
from pathlib import Path

import pytest
from budgeting_support import catalogue_context

from lti_tool.budgeting.domain.budget import Budget, BudgetLine, line_amount, parse_koefisien
from lti_tool.budgeting.domain.checks import Severity, check_budget
from lti_tool.budgeting.domain.rules import ExerciseRules, PriceMode, ReferencePrice, TaxTreatment
from lti_tool.budgeting.io.reference_lists import import_accounts, import_prices
from lti_tool.budgeting.labels import message
from lti_tool.budgeting.pages import ppn_percent
from lti_tool.formats import format_percent

app_context = pytest.fixture(scope="module", autouse=True)(catalogue_context)


@pytest.mark.parametrize(("rate", "id_text", "en_text"), [
    (D("0.11"), "11%", "11%"), (D("0.1100"), "11%", "11%"), (0.11, "11%", "11%"), (0.07, "7%", "7%"),
    (D("0.125"), "12,5%", "12.5%"), (D("0.12"), "12%", "12%"), (D("0"), "0%", "0%"), (None, "", ""),
])
def test_the_ppn_rate_is_shown_as_a_whole_percentage(rate, id_text, en_text):
    assert ppn_percent(rate, "id") == id_text and ppn_percent(rate, "en") == en_text


def test_a_percentage_never_shows_float_noise_or_trailing_zeros():
    assert format_percent(0.07 * 100, "en") == "7%"  # 7.000000000000001 as a float
    assert format_percent(D("11.0000"), "id") == "11%"
    assert format_percent(D("11.00"), "en") == "11%"
    assert format_percent(D("12.5"), "id") == "12,5%"


# --- each tax treatment -------------------------------------------------------------------------------------------



ATK, MAKAN, HONOR = "5.1.02.01.01.0024", "5.1.02.01.01.0052", "5.1.02.02.01.0003"
ITEMS = (
    ReferencePrice(code="SSH.ATK.001", name="Kertas HVS", unit="rim", price=D(55000), accounts={ATK},
                   tax=TaxTreatment.PPN),
    ReferencePrice(code="SBU.KON.001", name="Makanan Rapat", unit="OK", price=D(45000), accounts={MAKAN},
                   mode=PriceMode.CEILING, tax=TaxTreatment.PBJT),
    ReferencePrice(code="SBU.HON.002", name="Honorarium Narasumber", unit="OJ", price=D(900000), accounts={HONOR},
                   mode=PriceMode.CEILING, tax=TaxTreatment.NON_PPN),
)


def tax_line(code, ppn, price=None, koefisien="10 rim"):
    ref = {item.code: item for item in ITEMS}[code]
    return BudgetLine(line_no=1, account=next(iter(ref.accounts)), component=ref.name, unit=ref.unit,
                      koefisien=parse_koefisien(koefisien), unit_price=price or ref.price, ppn=ppn, reference_code=code)


def tax_findings(line, **rules):
    report = check_budget(Budget(lines=[line]), ExerciseRules(prices=ITEMS, required_header_fields=(),
                                                                required_indicator_kinds=(), **rules))
    return [(f.message_code, f.severity) for f in report.findings]


def test_an_item_without_a_treatment_is_a_ppn_object():
    assert ReferencePrice(code="X", name="X", unit="buah", price=D(1)).tax == TaxTreatment.PPN


def test_ppn_item_with_ppn_is_clean_and_its_amount_carries_11_percent():
    line = tax_line("SSH.ATK.001", True)
    assert tax_findings(line) == []
    assert line_amount(line, D("0.11")) == 610_500  # 10 × 55.000 × 1,11


def test_ppn_item_without_ppn_is_a_warning():
    assert tax_findings(tax_line("SSH.ATK.001", False)) == [("ppn_missing", Severity.WARNING)]


def test_ppn_added_to_a_meal_is_an_error_and_the_meal_is_pbjt():
    line = tax_line("SBU.KON.001", True, koefisien="30 orang × 2 hari")
    assert tax_findings(line) == [("ppn_on_pbjt", Severity.ERROR)]
    assert tax_findings(tax_line("SBU.KON.001", False, koefisien="30 orang × 2 hari")) == []


def test_ppn_added_to_an_honorarium_is_an_error_it_is_not_a_ppn_object():
    line = tax_line("SBU.HON.002", True, koefisien="2 orang × 4 jam")
    assert tax_findings(line) == [("ppn_on_non_ppn", Severity.ERROR)]
    assert tax_findings(tax_line("SBU.HON.002", False, koefisien="2 orang × 4 jam")) == []


def test_tax_findings_read_as_indonesian_sentences():
    for code, item in (("SBU.KON.001", "Makanan Rapat"), ("SBU.HON.002", "Honorarium Narasumber")):
        report = check_budget(Budget(lines=[tax_line(code, True, koefisien="2 orang")]),
                              ExerciseRules(prices=ITEMS, required_header_fields=(), required_indicator_kinds=()))
        text = message(report.findings[0], "id")
        assert item in text and "PPN" in text and text.endswith(".") and "_" not in text
    report = check_budget(Budget(lines=[tax_line("SSH.ATK.001", False)]),
                          ExerciseRules(prices=ITEMS, required_header_fields=(), required_indicator_kinds=()))
    assert "11%" in message(report.findings[0], "id")


def test_the_tolerance_warning_shows_whole_rupiah_when_the_reference_is_converted():
    item = ReferencePrice(code="SSH.ATK.009", name="Map", unit="buah", price=D(4000), accounts={ATK},
                          includes_ppn=True)  # 4.000 with PPN is 3.603,60 without it
    line = BudgetLine(line_no=1, account=ATK, component="Map", unit="buah", koefisien=parse_koefisien("10 buah"),
                      unit_price=D(5000), ppn=True, reference_code="SSH.ATK.009")
    report = check_budget(Budget(lines=[line]), ExerciseRules(prices=(item,), required_header_fields=(),
                                                              required_indicator_kinds=()))
    assert [f.message_code for f in report.findings] == ["price_outside_tolerance"]
    text = message(report.findings[0], "id")
    assert "Rp3.604" in text and "," not in text.replace(", ", " ").split("(")[0], text


# --- the price list's column and the sample ------------------------------------------------------------------------

SAMPLE = Path(__file__).resolve().parents[2] / "lti_tool" / "budgeting" / "sample"


@pytest.mark.parametrize(("cell", "tax"), [
    ("", TaxTreatment.PPN), ("ppn", TaxTreatment.PPN), ("PPN 11%", TaxTreatment.PPN),
    ("bukan objek PPN", TaxTreatment.NON_PPN), ("non_ppn", TaxTreatment.NON_PPN), ("PPh 21", TaxTreatment.NON_PPN),
    ("pbjt", TaxTreatment.PBJT), ("Pajak daerah", TaxTreatment.PBJT), ("regional tax", TaxTreatment.PBJT),
])
def test_the_price_lists_tax_column_is_read_and_defaults_to_ppn(cell, tax):
    data = f"kode;nama;satuan;harga;pajak\nA-1;Barang;buah;1.000;{cell}\n".encode()
    report = import_prices("prices.csv", data)
    assert report.ok and report.items[0].tax == tax


def test_an_unknown_tax_treatment_rejects_its_row():
    report = import_prices("prices.csv", b"kode;nama;satuan;harga;pajak\nA-1;Barang;buah;1.000;sales tax\n")
    assert not report.ok and report.rejected[0].code == "tax_unknown" and report.rejected[0].row == 2


def test_a_price_list_without_the_column_makes_every_item_a_ppn_object():
    report = import_prices("prices.csv", b"kode;nama;satuan;harga\nA-1;Barang;buah;1.000\n")
    assert report.items[0].tax == TaxTreatment.PPN


def test_the_sample_price_list_gives_meals_and_hotels_pbjt_and_honoraria_no_ppn():
    accounts = import_accounts("accounts_sample.csv", (SAMPLE / "accounts_sample.csv").read_bytes())
    prices = import_prices("prices_sample.csv", (SAMPLE / "prices_sample.csv").read_bytes(),
                           known_accounts={a.code for a in accounts.items})
    assert prices.ok
    tax = {p.code: p.tax for p in prices.items}
    assert {c for c, t in tax.items() if t == TaxTreatment.PBJT} == {"SBU.RPT.001", "SBU.KON.001", "SBU.KON.002"}
    assert {c for c, t in tax.items() if t == TaxTreatment.NON_PPN} == {
        "SBU.HON.001", "SBU.HON.002", "SBU.HON.003", "SBU.HON.004", "SBU.PD.001", "SBU.PD.002"}
    assert all(p.includes_ppn is None for p in prices.items if p.tax != TaxTreatment.PPN)  # no PPN flag to disagree
