"""Scenario variants of a budgeting exercise (issue 16), without a database: reading the settings' text, the
round-robin, scaling the required volumes, the placeholders, and the exercise as one learner sees it."""
from decimal import Decimal
from types import SimpleNamespace

import pytest

from lti_tool.budgeting.domain.variants import (
    MAX_VARIANTS,
    Variant,
    VariantError,
    assigned,
    fill_placeholders,
    is_per_participant_word,
    parse_base,
    parse_variants,
    scale_volumes,
    variants_text,
)
from lti_tool.budgeting.services.exercises import rules_for
from lti_tool.budgeting.services.variants import LearnerExercise, variant_at


def test_variants_are_read_one_per_line_in_indonesian_numbers():
    text = "A | 20 | 30.000.000\n\n  B|30|Rp 45.000.000  \nC | 40 | Rp60.000.000,-\n"
    assert parse_variants(text) == (Variant("A", 20, 30_000_000), Variant("B", 30, 45_000_000),
                                    Variant("C", 40, 60_000_000))


def test_an_english_page_reads_english_numbers_and_indonesian_whole_rupiah_too():
    assert parse_variants("A | 20 | 30,000,000", "en") == (Variant("A", 20, 30_000_000),)
    assert parse_variants("A | 20 | 30.000.000", "en") == (Variant("A", 20, 30_000_000),)


def test_the_text_as_shown_reads_back_the_same():
    variants = parse_variants("Kelas kecil | 20 | 30.000.000\nKelas besar | 40 | 61.500.000")
    assert parse_variants(variants_text(variants, lambda v: f"{v:,}".replace(",", "."))) == variants


def test_empty_text_means_no_variants():
    assert parse_variants("") == () and parse_variants(" \n \n") == () and parse_variants(None) == ()


@pytest.mark.parametrize(("text", "row", "code", "cause"), [
    ("A | 20", 1, "columns", None),
    ("A | 20 | 30.000.000 | x", 1, "columns", None),
    ("A | 20 | 1\n | 30 | 2", 2, "label_empty", None),
    ("A | 20 | 1\n\nB | 20 | 2\na | 30 | 3", 4, "label_duplicate", None),
    ("A | tiga puluh | 1", 1, "participants", "not_a_number"),
    ("A | 2,5 | 1", 1, "participants", "too_many_decimals"),
    ("A | 0 | 1", 1, "participants", "zero"),
    ("A | 200000 | 1", 1, "participants", "too_large"),
    ("A | 20 | 0", 1, "pagu", "zero"),
    ("A | 20 | -5.000", 1, "pagu", "negative"),
    ("A | 20 | 30.000.000,50", 1, "pagu", "too_many_decimals"),
    ("A | 20 | lima juta", 1, "pagu", "not_a_number"),
    ("A" * 41 + " | 20 | 1", 1, "label_too_long", None),
])
def test_a_wrong_line_is_named_with_why(text, row, code, cause):
    with pytest.raises(VariantError) as caught:
        parse_variants(text)
    assert (caught.value.row, caught.value.code) == (row, code)
    assert (caught.value.cause.code if caught.value.cause else None) == cause


def test_duplicate_labels_name_the_first_line_and_too_many_are_refused():
    with pytest.raises(VariantError) as caught:
        parse_variants("A | 1 | 1\nB | 1 | 1\nb | 1 | 1")
    assert caught.value.params == {"label": "b", "first": 2}
    with pytest.raises(VariantError) as caught:
        parse_variants("\n".join(f"V{i} | 10 | 1000" for i in range(MAX_VARIANTS + 1)))
    assert caught.value.code == "too_many"


def test_the_base_is_a_whole_positive_number_or_empty():
    assert parse_base("30") == 30 and parse_base("") is None and parse_base(None) is None
    with pytest.raises(VariantError) as caught:
        parse_base("tiga puluh")
    assert (caught.value.row, caught.value.code) == (None, "base")


def test_learners_get_the_variants_in_turn_in_the_order_they_open():
    assert [assigned(order, 3) for order in range(7)] == [0, 1, 2, 0, 1, 2, 0]
    assert assigned(5, 0) is None


def test_per_participant_volumes_scale_and_rounding_never_narrows_the_range():
    assert scale_volumes(Decimal(60), Decimal(90), 20, 30) == (Decimal("40.00"), Decimal("60.00"))
    assert scale_volumes(Decimal(60), Decimal(90), 40, 30) == (Decimal("80.00"), Decimal("120.00"))
    assert scale_volumes(Decimal(10), Decimal(10), 25, 30) == (Decimal("8.33"), Decimal("8.34"))
    assert scale_volumes(None, Decimal(10), 25, 30) == (None, Decimal("8.34"))


@pytest.mark.parametrize(("text", "flag"), [("", False), ("peserta", True), ("Per Peserta", True),
                                            ("participants", True), ("orang", None)])
def test_the_per_participant_mark(text, flag):
    assert is_per_participant_word(text) is flag


def test_placeholders_are_filled_and_escaped_in_html():
    values = {"peserta": "30", "pagu": "Rp45.000.000", "varian": "<b>B</b> & co"}
    html = "<p>Untuk {peserta} pegawai, pagu {pagu}, varian {varian}; {tanggal} tetap.</p>"
    assert fill_placeholders(html, values, as_html=True) == (
        "<p>Untuk 30 pegawai, pagu Rp45.000.000, varian &lt;b&gt;B&lt;/b&gt; &amp; co; {tanggal} tetap.</p>")
    assert fill_placeholders("{peserta} orang", values) == "30 orang"
    assert fill_placeholders("{peserta} orang", {}) == "{peserta} orang"


def _exercise(**kw):
    values = {"activity_id": 1, "ceiling": 45_000_000, "scenario_md": "Lokakarya untuk **{peserta}** pegawai",
              "target_group": "{peserta} pegawai", "location": "Plaju", "dates": "", "programme": {},
              "variants": [{"label": "A", "participants": 20, "pagu": 30_000_000},
                           {"label": "B", "participants": 40, "pagu": 60_000_000}],
              "variant_base": 30, "required_components": [
                  {"code": "makan", "min": "60", "max": "90", "per_participant": True},
                  {"code": "narasumber", "min": "4", "max": ""}],
              "account_list": None, "price_list": None, "allowed_accounts": [], "forbidden": {}, "weights": {},
              "ppn_rate": Decimal("0.11"), "prices_include_ppn": False, "rounding": "per_line",
              "required_fields": None}
    return SimpleNamespace(**{**values, **kw})


def test_the_learner_sees_their_variants_pagu_and_scaled_volumes():
    exercise = _exercise()
    seen = LearnerExercise(exercise, variant_at(exercise, 1))
    assert seen.ceiling == 60_000_000 and seen.location == "Plaju"
    assert seen.required_components == [{"code": "makan", "min": "80", "max": "120", "per_participant": True},
                                        {"code": "narasumber", "min": "4", "max": ""}]
    rules = rules_for(seen)
    assert rules.ceiling == 60_000_000
    assert [(r.min_volume, r.max_volume) for r in rules.required_components] == [
        (Decimal(80), Decimal(120)), (Decimal(4), None)]
    assert "Lokakarya untuk <strong>40</strong> pegawai" in seen.scenario_html("id")
    with pytest.raises(AttributeError):
        seen.ceiling = 1


def test_an_index_beyond_a_shortened_list_wraps_and_without_variants_nothing_changes():
    exercise = _exercise()
    assert variant_at(exercise, 3).label == "B"
    plain = _exercise(variants=None)
    seen = LearnerExercise(plain, variant_at(plain, 1))
    assert seen.variant is None and seen.ceiling == 45_000_000
    assert seen.required_components == plain.required_components
    assert seen.target_group == "{peserta} pegawai"
    assert "{peserta}" in seen.scenario_html("id")


def test_without_a_base_volumes_are_not_scaled():
    exercise = _exercise(variant_base=None)
    seen = LearnerExercise(exercise, variant_at(exercise, 0))
    assert seen.ceiling == 30_000_000 and seen.required_components == exercise.required_components
