"""The budgeting domain by example: reading numbers, koefisien, amounts, every check and its messages, the score."""
import re
import time
from dataclasses import replace
from decimal import Decimal as D

import pytest
from budgeting_support import catalogue_context

from lti_tool.budgeting.domain.budget import (
    Budget,
    BudgetLine,
    Factor,
    Indicator,
    IndicatorKind,
    Koefisien,
    Rounding,
    budget_total,
    group_by_account,
    line_amount,
    parse_koefisien,
)
from lti_tool.budgeting.domain.checks import Severity, check_budget
from lti_tool.budgeting.domain.numbers import (
    InputError,
    NumberError,
    _fold_char,
    fold_digits,
    format_decimal,
    parse_number,
)
from lti_tool.budgeting.domain.rules import (
    Account,
    CheckKind,
    ExerciseRules,
    PriceMode,
    ReferencePrice,
    RequiredComponent,
    TaxTreatment,
)
from lti_tool.budgeting.domain.scoring import automatic_score
from lti_tool.budgeting.labels import MESSAGES, in_language, message

_catalogue = pytest.fixture(scope="module", autouse=True)(catalogue_context)

MAKAN, HONOR, GEDUNG, ATK, MODAL = ("5.1.02.01.01.0052", "5.1.02.02.01.0003", "5.1.02.02.05.0009",
                                    "5.1.02.01.01.0024", "5.2.02.10.01.0002")


# --- a two-day workshop for 30 staff in Plaju, within a ceiling of Rp 20.000.000 ---------------------------------

def koef(text, abbreviation=""):
    return parse_koefisien(text, abbreviation=abbreviation)


def make_line(line_no=1, **changes):
    fields = dict(line_no=line_no, account=MAKAN, component="Makan siang peserta", specification="Nasi kotak",
                  koefisien=koef("30 orang × 2 hari"), unit="kotak", unit_price=D(45000), ppn=True,
                  reference_code="MM-01")
    return BudgetLine(**{**fields, **changes})


def good_lines():
    return [
        make_line(1),
        make_line(2, component="Kudapan", specification="Snack rapat", koefisien=koef("30 orang × 2 hari × 2 kali"),
                  unit_price=D(20000), reference_code="SNK-01"),
        make_line(3, account=HONOR, component="Honorarium narasumber", specification="Eselon III",
                  koefisien=koef("2 orang × 4 jam", "OJ"), unit="OJ", unit_price=D(900000), ppn=False,
                  reference_code="HON-01"),
        make_line(4, account=GEDUNG, component="Sewa aula", specification="Aula Kecamatan Plaju",
                  koefisien=koef("2 hari"), unit="hari", unit_price=D(3000000), reference_code="GDG-01"),
    ]


HEADER = {"urusan": "Urusan Pemerintahan Wajib", "program": "Program Penunjang", "kegiatan": "Administrasi Kepegawaian",
          "sub_kegiatan": "1.01.01.2.05.0009 Pendidikan dan Pelatihan Pegawai", "organisasi": "Kecamatan Plaju",
          "sumber_dana": "PAD", "lokasi": "Plaju, Palembang", "waktu_pelaksanaan": "Juli 2025",
          "kelompok_sasaran": "30 ASN Kecamatan Plaju"}


def good_budget(lines=None, **changes):
    indicators = [Indicator(IndicatorKind.CAPAIAN, "Persentase ASN terlatih", "80%"),
                  Indicator(IndicatorKind.MASUKAN, "Dana", "Rp 19.521.000"),
                  Indicator(IndicatorKind.KELUARAN, "Jumlah peserta", "30 orang"),
                  Indicator(IndicatorKind.HASIL, "ASN menerapkan materi", "75%")]
    return Budget(header=dict(HEADER), indicators=indicators, lines=good_lines() if lines is None else lines,
                  **changes)


def rules(**changes):
    prices = (
        ReferencePrice(code="MM-01", name="Nasi kotak rapat", unit="kotak", price=D(45000), accounts={MAKAN}),
        ReferencePrice(code="SNK-01", name="Kudapan rapat", unit="kotak", price=D(20000), accounts={MAKAN}),
        ReferencePrice(code="HON-01", name="Honorarium narasumber", unit="OJ", price=D(900000),
                       mode=PriceMode.CEILING, accounts={HONOR}, tax=TaxTreatment.NON_PPN),
        ReferencePrice(code="GDG-01", name="Sewa aula", unit="hari", price=D(3000000), accounts={GEDUNG}),
        ReferencePrice(code="ROK-01", name="Rokok", unit="bungkus", price=D(30000), accounts={MAKAN}),
    )
    fields = dict(
        ceiling=20_000_000,
        accounts=tuple(Account(c, n) for c, n in [(MAKAN, "Makanan dan minuman rapat"), (HONOR, "Honorarium"),
                                                    (GEDUNG, "Sewa gedung"), (ATK, "Alat tulis kantor"),
                                                    (MODAL, "Personal computer")]),
        allowed_accounts=frozenset({MAKAN, HONOR, GEDUNG, ATK}),
        prices=prices,
        required_components=(RequiredComponent("HON-01", None, D(4), D(16)),
                             RequiredComponent(None, "makan", D(60), D(90))),
        forbidden_codes=frozenset({"ROK-01"}),
        forbidden_keywords=("rokok", "parsel"),
    )
    return ExerciseRules(**{**fields, **changes})


def codes(report):
    return [(f.message_code, f.line_no) for f in report.findings]


def assert_only(report, *expected):
    assert codes(report) == list(expected)
    for finding in report.findings:
        id_text, en_text = message(finding, "id"), message(finding, "en")
        assert id_text and en_text and id_text != en_text
        assert "{" not in id_text + en_text and "?" not in id_text + en_text


# --- reading and printing numbers --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("1.250.000", D(1250000)), ("1250000", D(1250000)), ("Rp 1.250.000", D(1250000)),
    ("Rp1.250.000,50", D("1250000.50")), ("Rp. 1.250.000", D(1250000)), ("IDR 1.250.000", D(1250000)),
    ("Rp 50.000,-", D(50000)), ("  0,5 ", D("0.5")),
    ("Rp\u00a01.250.000", D(1250000)), ("１.２５０.０００", D(1250000)), ("١٢٥٠٠٠٠", D(1250000)), ("1.250", D(1250)),
    ("0,125", None), ("1.000.000.000.000.000", D(10**15)), ("-0", D(0)), ("\u200b12", D(12)),
])
def test_indonesian_numbers_are_read_with_dot_thousands_and_comma_decimals(text, value):
    if value is None:  # three decimals are fine where allowed
        assert parse_number(text, max_decimals=3) == D("0.125")
    else:
        assert parse_number(text) == value


@pytest.mark.parametrize("text, code", [
    ("1.25.000", "malformed"), ("abc", "not_a_number"), ("", "empty"), ("   ", "empty"), (None, "empty"),
    ("1e9", "not_a_number"), ("∞", "not_a_number"), ("NaN", "not_a_number"), ("Infinity", "not_a_number"),
    ("-5", "negative"), ("Rp -1.000", "negative"), ("−5", "negative"), ("1,250,000.50", "malformed"),
    ("1,500", "ambiguous"), ("1,125", "wrong_separator"), ("1,2345", "too_many_decimals"),
    ("1.000.000.000.000.001", "too_large"), ("9" * 70, "too_long"), ("10²", "not_a_number"), ("½", "not_a_number"),
    ("--5", "malformed"), ("1 250 000", "malformed"), ("1.", "malformed"), (",5", "malformed"), ("Rp", "empty"),
])
def test_indonesian_numbers_that_are_refused_name_their_problem(text, code):
    with pytest.raises(NumberError) as caught:
        parse_number(text)
    assert caught.value.code == code
    assert message(caught.value, "id") != message(caught.value, "en")


@pytest.mark.parametrize("text, value", [("1,250,000.50", D("1250000.50")), ("1250000.5", D("1250000.5")),
                                         ("Rp 1,250,000", D(1250000)), ("1.5", D("1.5")), ("1,500", D(1500))])
def test_english_numbers_are_read_with_comma_thousands_and_point_decimals(text, value):
    assert parse_number(text, "en") == value
    assert parse_number(text, "en_US") == value


@pytest.mark.parametrize("text, code", [("1.250.000", "malformed"), ("1.500", "ambiguous"), ("1,25", "malformed"),
                                        ("Rp 1.250.000,50", "malformed")])
def test_english_numbers_that_are_refused(text, code):
    with pytest.raises(NumberError) as caught:
        parse_number(text, "en")
    assert caught.value.code == code


def test_options_allow_negatives_and_refuse_zero():
    assert parse_number("-1.000", allow_negative=True) == D(-1000)
    with pytest.raises(NumberError, match="zero"):
        parse_number("0", allow_zero=False)


def test_ambiguous_number_message_offers_both_spellings():
    with pytest.raises(NumberError) as caught:
        parse_number("1,500")
    assert "1.500" in message(caught.value) and "1,5 " in message(caught.value)


def test_decimals_are_printed_without_trailing_zeros():
    assert format_decimal(D("1500.50")) == "1.500,5"
    assert format_decimal(D("1500.50"), "en") == "1,500.5"
    assert format_decimal(D("1E+3")) == "1.000"


# --- koefisien and amounts ---------------------------------------------------------------------------------------

def test_koefisien_multiplies_up_to_four_factors():
    k = parse_koefisien("30 orang × 2 hari")
    assert (k.total, k.label, k.unit) == (60, "30 orang × 2 hari", "orang × hari")
    assert parse_koefisien("30 orang x 2 hari", abbreviation="OH").unit == "OH"
    assert parse_koefisien("2 orang * 4 jam * 2 sesi * 1,5 paket").total == D(24)
    assert parse_koefisien("1,5 jam").label_for("en") == "1.5 jam"


@pytest.mark.parametrize("text, code", [
    ("1 a × 2 b × 3 c × 4 d × 5 e", "factor_count"), ("", "factor_count"), ("0 orang", "zero"),
    ("-3 orang", "negative"), ("30", "factor_unit_empty"), ("orang", "factor_malformed"),
    ("abc × 2 hari", "factor_malformed"),
])
def test_bad_koefisien_text_gets_a_message(text, code):
    with pytest.raises(InputError) as caught:
        parse_koefisien(text)
    assert caught.value.code == code
    assert message(caught.value, "id") and message(caught.value, "en") != message(caught.value, "id")


@pytest.mark.parametrize("volume, code", [(D(0), "volume_not_positive"), (D(-1), "volume_not_positive"),
                                          (D("NaN"), "volume_not_positive"), (D("Infinity"), "volume_not_positive"),
                                          (D("0.00001"), "volume_out_of_range"),
                                          (D(10**15 + 1), "volume_out_of_range")])
def test_factor_volumes_must_be_positive_and_plausible(volume, code):
    with pytest.raises(InputError) as caught:
        Factor(volume, "orang")
    assert caught.value.code == code


def test_domain_objects_refuse_floats_and_wrong_counts():
    with pytest.raises(TypeError):
        Factor(1.5, "jam")
    with pytest.raises(InputError, match="factor_count"):
        Koefisien(())
    with pytest.raises(InputError, match="price_negative"):
        make_line(unit_price=D(-1))
    with pytest.raises(InputError, match="price_out_of_range"):
        make_line(unit_price=D("0.125"))
    with pytest.raises(InputError, match="reference_invalid"):
        ReferencePrice(code="X", name="x", unit="x", price=D("NaN"))
    with pytest.raises(InputError, match="ppn_rate_invalid"):
        ExerciseRules(ppn_rate=D("1.5"))
    with pytest.raises(InputError, match="ceiling_invalid"):
        ExerciseRules(ceiling=10**16)
    with pytest.raises(InputError, match="weight_invalid"):
        ExerciseRules(weights={CheckKind.PRICE: D(-1)})
    with pytest.raises(InputError, match="required_invalid"):
        RequiredComponent("X", None, D("NaN"))


def test_line_amount_adds_ppn_only_when_prices_exclude_it():
    line = make_line()  # 60 × Rp 45.000
    assert line_amount(line) == 2_997_000
    assert line_amount(line, prices_include_ppn=True) == 2_700_000
    assert line_amount(replace(line, ppn=False)) == 2_700_000
    assert line_amount(line, ppn_rate=D("0.12")) == 3_024_000


def test_amounts_round_half_up_per_line_or_on_total():
    lines = [make_line(n, koefisien=koef("1 paket"), unit_price=D("0.50"), ppn=False) for n in (1, 2, 3)]
    assert [line_amount(x) for x in lines] == [1, 1, 1]
    assert budget_total(lines) == 3
    assert budget_total(lines, rounding=Rounding.ON_TOTAL) == 2
    assert line_amount(replace(lines[0], unit_price=D("0.49"))) == 0


def test_lines_are_grouped_by_account_in_code_order_with_subtotals():
    groups = group_by_account(good_lines())
    assert [(account, len(lines), subtotal) for account, lines, subtotal in groups] == [
        (MAKAN, 2, 5_661_000), (HONOR, 1, 7_200_000), (GEDUNG, 1, 6_660_000)]
    assert budget_total(good_lines()) == 19_521_000


# --- checks ------------------------------------------------------------------------------------------------------

def test_a_good_budget_has_no_findings_and_full_score():
    report = check_budget(good_budget(), rules())
    assert report.findings == ()
    assert report.total == 19_521_000 and report.line_amounts == (2_997_000, 2_664_000, 7_200_000, 6_660_000)
    assert automatic_score(report) == D(100)


def test_arithmetic_guards_claimed_amounts_subtotals_and_total():
    lines = good_lines()
    lines[0] = replace(lines[0], claimed_amount=2_700_000)
    budget = good_budget(lines, claimed_subtotals={MAKAN: 5_000_000, HONOR: 7_200_000}, claimed_total=1)
    report = check_budget(budget, rules())
    assert_only(report, ("amount_mismatch", 1), ("subtotal_mismatch", None), ("total_mismatch", None))
    assert "Rp2.700.000" in message(report.findings[0]) and "Rp2.997.000" in message(report.findings[0])
    # 3 of the 4 arithmetic units (a line, the subtotal, the total) are lost: 5 × 3/4
    assert automatic_score(report) == D("96.25")


def test_absurd_amounts_are_reported_not_crashed_on():
    """A line is at most Rp 10^12 (a BudgetLine beyond it is refused); a budget of many such lines is over
    the plausible total of Rp 10^15, and that is reported."""
    huge = [make_line(n, account=ATK, component=f"Kertas {n}", specification="A4",
                      koefisien=koef("1.000.000 rim"), unit="rim", unit_price=D(10**6), ppn=False, reference_code=None)
            for n in range(5, 1006)]
    report = check_budget(good_budget(good_lines() + huge), rules())
    assert {(f.message_code, f.line_no) for f in report.findings} - {("reference_none", n) for n in range(5, 1006)} \
        == {("total_absurd", None), ("over_ceiling", None)}
    assert report.total > 10**15


def test_total_over_the_ceiling_is_an_error_with_the_excess():
    report = check_budget(good_budget(), rules(ceiling=19_000_000))
    assert_only(report, ("over_ceiling", None))
    assert "Rp521.000" in message(report.findings[0]) and "Rp521,000" in message(report.findings[0], "en")
    assert automatic_score(report) == D(80)
    assert check_budget(good_budget(), rules(ceiling=19_521_000)).findings == ()


@pytest.mark.parametrize("account, code", [(" ", "account_empty"), ("9.9.99", "account_unknown"),
                                           (MODAL, "account_not_allowed"), (ATK, "account_not_for_item")])
def test_account_must_exist_be_allowed_and_suit_the_item(account, code):
    lines = good_lines()
    lines[0] = replace(lines[0], account=account)
    report = check_budget(good_budget(lines), rules())
    assert_only(report, (code, 1))
    assert report.findings[0].check == CheckKind.ACCOUNT and report.findings[0].severity == Severity.ERROR


def test_an_unknown_reference_code_is_a_warning_that_costs_nothing():
    lines = good_lines()
    lines[1] = replace(lines[1], reference_code="SNK-99")
    report = check_budget(good_budget(lines), rules())
    assert_only(report, ("reference_unknown", 2))
    assert automatic_score(report) == D(100)


def test_a_line_without_a_reference_code_is_checked_against_the_item_of_its_name():
    lines = good_lines()
    # "Honorarium narasumber" is HON-01 (a ceiling of Rp 900.000): leaving the code out does not escape the check.
    lines[2] = replace(lines[2], reference_code="", component="  HONORARIUM   Narasumber", unit_price=D(1_500_000))
    report = check_budget(good_budget(lines), rules(ceiling=None))
    # Also counted as the required component HON-01 (4 to 16 OJ).
    assert_only(report, ("reference_by_name", 3), ("price_above_ceiling", 3))
    assert "HON-01" in message(report.findings[0], "en") and report.findings[0].deduction == 0
    # one of 4 lines fails the price check (20 × 1/4), as with the code; the note costs nothing
    assert automatic_score(report) == D(95)


def test_a_line_named_as_an_item_is_held_to_its_account_unit_and_forbidden_code():
    lines = good_lines()
    lines[3] = replace(lines[3], reference_code=None, account=ATK, unit="jam")  # "Sewa aula" is GDG-01
    extra = make_line(5, component="Rokok", specification="", reference_code=None, unit="bungkus",
                      koefisien=koef("1 bungkus"), unit_price=D(30000))
    report = check_budget(good_budget(lines + [extra]), rules(ceiling=None))
    assert_only(report, ("reference_by_name", 4), ("account_not_for_item", 4), ("unit_mismatch", 4),
                ("reference_by_name", 5), ("forbidden_item", 5))


def test_an_item_named_more_than_once_is_told_apart_by_its_specification():
    two = rules().prices + (ReferencePrice(code="GDG-02", name="Sewa aula", specification="Hotel bintang 4",
                                           unit="hari", price=D(9000000), accounts={GEDUNG}),)
    lines = good_lines()
    lines[3] = replace(lines[3], reference_code=None, specification="Hotel Bintang 4", unit_price=D(12_000_000))
    report = check_budget(good_budget(lines), rules(prices=two, ceiling=None))
    assert_only(report, ("reference_by_name", 4), ("price_outside_tolerance", 4))
    assert "GDG-02" in message(report.findings[0], "en")
    lines[3] = replace(lines[3], specification="Aula desa")
    report = check_budget(good_budget(lines), rules(prices=two, ceiling=None))
    assert_only(report, ("reference_ambiguous", 4))
    assert "GDG-01, GDG-02" in message(report.findings[0], "id")


def test_a_component_outside_the_price_list_is_said_to_be_unchecked_without_cost():
    lines = good_lines()
    lines[1] = replace(lines[1], reference_code=" ", component="Kue tradisional", unit_price=D(10**9))
    report = check_budget(good_budget(lines), rules(ceiling=None))
    assert_only(report, ("reference_none", 2))
    assert automatic_score(report) == D(100)
    assert ("reference_none", 2) not in codes(check_budget(good_budget(lines), rules(prices=())))  # no list


def test_a_price_above_a_ceiling_is_an_error():
    lines = good_lines()
    lines[2] = replace(lines[2], unit_price=D(950000))
    report = check_budget(good_budget(lines), rules())
    assert_only(report, ("price_above_ceiling", 3))
    assert "Rp900.000" in message(report.findings[0])


@pytest.mark.parametrize("price, flagged", [(D(49500), False), (D(49501), True), (D(40500), False), (D(40499), True)])
def test_a_price_outside_an_estimates_tolerance_is_a_warning_with_a_deduction(price, flagged):
    lines = good_lines()
    lines[0] = replace(lines[0], unit_price=price)
    report = check_budget(good_budget(lines), rules())
    assert codes(report) == ([("price_outside_tolerance", 1)] if flagged else [])
    if flagged:
        assert report.findings[0].severity == Severity.WARNING and report.findings[0].deduction == D(25)
        assert automatic_score(report) == D("98.75")  # a quarter of one of 4 lines of the price check
        assert "Rp40.500 – Rp49.500" in message(report.findings[0])


def test_a_reference_price_with_ppn_is_compared_without_it_when_the_exercise_excludes_ppn():
    with_ppn = ReferencePrice(code="MM-01", name="Nasi kotak", unit="kotak", price=D(49950), accounts={MAKAN},
                              includes_ppn=True)
    prices = (with_ppn,) + tuple(p for p in rules().prices if p.code != "MM-01")
    assert check_budget(good_budget(), rules(prices=prices)).findings == ()


@pytest.mark.parametrize("unit, koefisien, flagged", [("orang", koef("2 orang × 4 jam"), True),
                                                      ("", koef("2 orang × 4 jam"), False),
                                                      ("Orang-Jam", koef("2 orang × 4 jam"), False),
                                                      ("oj", koef("8 jam"), False)])
def test_a_unit_that_does_not_match_the_reference_is_a_warning(unit, koefisien, flagged):
    lines = good_lines()
    lines[2] = replace(lines[2], unit=unit, koefisien=koefisien)
    report = check_budget(good_budget(lines), rules())
    assert codes(report) == ([("unit_mismatch", 3)] if flagged else [])


def test_a_missing_required_component_is_an_error():
    report = check_budget(good_budget(good_lines()[:2] + good_lines()[3:]), rules())
    assert_only(report, ("required_missing", None))
    assert "Honorarium" not in message(report.findings[0]) and "HON-01" in message(report.findings[0])


@pytest.mark.parametrize("koefisien, code", [("1 orang × 2 jam", "required_volume_low"),
                                             ("4 orang × 8 jam", "required_volume_high")])
def test_a_required_volume_out_of_range_is_a_warning(koefisien, code):
    lines = good_lines()
    lines[2] = replace(lines[2], koefisien=koef(koefisien, "OJ"))
    report = check_budget(good_budget(lines), rules(ceiling=None))
    assert_only(report, (code, None))
    assert report.findings[0].severity == Severity.WARNING


def test_required_components_match_by_name_keyword_summing_volumes():
    lines = good_lines()
    lines[0] = replace(lines[0], reference_code=None, koefisien=koef("30 orang"))  # only 30 of 60 makan
    report = check_budget(good_budget(lines), rules())
    assert_only(report, ("reference_none", 1), ("required_volume_low", None))
    assert "30" in message(report.findings[1]) and "60" in message(report.findings[1])


@pytest.mark.parametrize("changes", [dict(reference_code="ROK-01", unit_price=D(30000), unit="bungkus"),
                                     dict(component="ROKOK kretek", reference_code=None),
                                     dict(specification="Parsel lebaran", reference_code=None)])
def test_forbidden_items_are_errors(changes):
    extra = make_line(5, **{"component": "Lain-lain", "specification": "", **changes})
    report = check_budget(good_budget(good_lines() + [extra]), rules(ceiling=None))
    assert ("forbidden_item", 5) in codes(report)


def test_forbidden_keywords_match_whole_words_only():
    extra = make_line(5, component="Parselisasi lahan", specification="", reference_code=None, unit_price=D(1))
    assert codes(check_budget(good_budget(good_lines() + [extra]), rules())) == [("reference_none", 5)]


def test_duplicates_are_warnings_pointing_at_the_first_line():
    copy = replace(good_lines()[3], line_no=5, component="  SEWA   aula")
    report = check_budget(good_budget(good_lines() + [copy]), rules(ceiling=None))
    assert_only(report, ("duplicate_line", 5))
    assert "baris 4 " in message(report.findings[0]) and "line 4 " in message(report.findings[0], "en")


def test_empty_header_fields_and_indicators_are_errors():
    budget = good_budget()
    budget.header.update(lokasi="  ", sumber_dana="\u200b")
    del budget.header["program"]
    budget.indicators = [budget.indicators[0], Indicator(IndicatorKind.KELUARAN, "Peserta", " "),
                         Indicator(IndicatorKind.HASIL, "Hasil", "75%")]
    report = check_budget(budget, rules())
    assert_only(report, ("header_empty", None), ("header_empty", None), ("header_empty", None),
                ("indicator_missing", None), ("indicator_empty", None))
    assert [f.params["field"] for f in report.findings[:3]] == ["program", "sumber_dana", "lokasi"]
    assert message(report.findings[3]) == "Indikator Masukan belum diisi."
    assert message(report.findings[3], "en") == "The input indicator is missing."


def test_only_the_fields_the_instructor_requires_must_be_filled_in():
    budget = good_budget()
    budget.header.update(lokasi="", sumber_dana="")
    budget.indicators = [budget.indicators[0], Indicator(IndicatorKind.KELUARAN, "Peserta", " ")]
    report = check_budget(budget, rules(required_header_fields=("lokasi",),
                                        required_indicator_kinds=(IndicatorKind.CAPAIAN,)))
    assert_only(report, ("header_empty", None))
    assert report.findings[0].params["field"] == "lokasi"
    report = check_budget(budget, rules(required_header_fields=(), required_indicator_kinds=()))
    assert_only(report)


def test_an_empty_component_is_an_error():
    lines = good_lines()
    lines[3] = replace(lines[3], component="\t")
    assert ("component_empty", 4) in codes(check_budget(good_budget(lines), rules()))


def test_no_lines_or_too_many_lines_score_zero():
    empty = check_budget(good_budget([]), rules())
    assert ("no_lines", None) in codes(empty) and automatic_score(empty) == 0
    many = [make_line(n, specification=str(n)) for n in range(1, 2002)]
    report = check_budget(good_budget(many), rules())
    assert_only(report, ("too_many_lines", None))
    assert "2.001" in message(report.findings[0]) and "2,000" in message(report.findings[0], "en")
    assert automatic_score(report) == 0


def test_findings_concern_their_lines():
    lines = good_lines()
    lines[1] = replace(lines[1], account=MODAL)
    report = check_budget(good_budget(lines), rules(ceiling=1))
    assert [f.message_code for f in report.for_line(2)] == ["account_not_allowed"]
    assert [f.message_code for f in report.for_line(None)] == ["over_ceiling"]
    assert len(report.errors) == 2 and report.warnings == []


# --- score ------------------------------------------------------------------------------------------------------

def test_score_weights_are_the_instructors_to_change():
    report = check_budget(good_budget(), rules(ceiling=1))
    assert automatic_score(report) == D(80)
    assert automatic_score(report, {CheckKind.CEILING: D(80)}) == D(50)  # 80 of 160 earned
    assert automatic_score(report, {CheckKind.CEILING: D(10), CheckKind.PRICE: D(30)}) == D(90)
    assert automatic_score(report, {kind: D(0) for kind in CheckKind}) == 0
    assert automatic_score(report, {"ceiling": D(80), "size": D(50), "unknown": D(100)}) == D(50)  # as stored in JSON
    assert rules(weights={CheckKind.UNIT: D(1)}).effective_weights[CheckKind.UNIT] == D(1)


def test_a_warning_costs_a_share_of_one_line_of_its_check():
    copies = [replace(good_lines()[3], line_no=n) for n in range(5, 10)]  # 5 duplicates × 25%
    report = check_budget(good_budget(good_lines() + copies), rules(ceiling=None))
    assert [f.message_code for f in report.findings] == ["duplicate_line"] * 5
    assert automatic_score(report) == D("99.31")  # 5 × 25 % of a line, of 9 lines of the duplicate check (weight 5)
    assert automatic_score(check_budget(good_budget(good_lines() + copies), rules(ceiling=None,
                                                                                 warning_deduction_pct=D(10)))) \
        == D("99.72")


# --- messages -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_exists_in_both_languages_with_the_same_placeholders(code):
    with in_language("id"):
        id_text = str(MESSAGES[code])
    with in_language("en"):
        en_text = str(MESSAGES[code])
    assert id_text.strip() and en_text.strip() and id_text != en_text
    def fields(text):
        return sorted(re.findall(r"%\((\w+)\)s", text))
    assert fields(id_text) == fields(en_text)


def test_message_locale_falls_back_to_indonesian():
    error = InputError("factor_unit_empty")
    assert message(error, "en_GB") == message(error, "en") != message(error, "fr") == message(error)


def test_two_thousand_lines_are_checked_quickly():
    many = [make_line(n, specification=f"Paket {n}", koefisien=koef("30 orang × 2 hari × 1,5 kali"))
            for n in range(1, 2001)]
    budget, exercise = good_budget(many), rules(ceiling=None)
    started = time.perf_counter()
    report = check_budget(budget, exercise)
    assert time.perf_counter() - started < 1.0
    assert len(report.line_amounts) == 2000


def test_the_ascii_shortcut_folds_exactly_as_the_general_rule():
    ascii_text = "".join(map(chr, range(128)))
    assert fold_digits(ascii_text) == "".join(_fold_char(ch) for ch in ascii_text)
    assert fold_digits("Rp\u00a01.250.000") == "Rp 1.250.000"  # not ASCII: the general rule
    assert fold_digits("١٢٣\t4") == "123 4"
