"""The feedback domain, without a database: item configurations, conditions, and reading a learner's answers."""
from decimal import Decimal

import pytest

from lti_tool.feedback.domain.answers import AnswerRow, field_name, read, typed_from_rows
from lti_tool.feedback.domain.items import (
    Condition,
    Item,
    ItemError,
    Option,
    answer_values,
    check_condition,
    check_config,
    shown,
)
from lti_tool.feedback.form_templates import TEMPLATES

DIFFICULTY = Item(1, "single", True, options=(Option("easy", "mudah"), Option("hard", "sulit")))
WHY_HARD = Item(2, "long_text", True, condition=Condition(1, frozenset({"hard"})), config={"max_length": 10})
RATING = Item(3, "person_rating", True, config={"na": True})
SCALE = Item(4, "scale14", True)
NUMBER = Item(5, "numeric", False, config={"min": "1", "max": "60"})
TOPICS = Item(6, "multiple", False, options=(Option("a", "A"), Option("b", "B"), Option("c", "C")))
INFO = Item(7, "info")
FORM = [DIFFICULTY, WHY_HARD, RATING, SCALE, NUMBER, TOPICS, INFO]


def test_configurations_are_checked_per_type():
    assert check_config("likert", {"points": 7, "na": 1}) == {"points": 7, "labels": [], "na": True}
    assert check_config("short_text", {}) == {"max_length": 200}
    assert check_config("numeric", {"min": "0", "max": "12,5"}) == {"min": "0", "max": "12.5"}
    for type_, config, options, code in [
        ("likert", {"points": 6}, (), "likert_points"),
        ("likert", {"points": 4, "labels": [{"id": "a"}]}, (), "likert_labels"),
        ("single", {}, (), "options_missing"),
        ("dropdown", {}, (Option("x", "X"), Option("x", "Y")), "options_duplicate"),
        ("numeric", {"min": "10", "max": "1"}, (), "bounds_reversed"),
        ("numeric", {"min": "sepuluh"}, (), "bound_not_a_number"),
        ("long_text", {"max_length": 9000}, (), "length_range"),
        ("essay", {}, (), "type_unknown"),
    ]:
        with pytest.raises(ItemError) as refused:
            check_config(type_, config, options)
        assert refused.value.code == code


def test_answer_values_of_scales_and_choices():
    assert answer_values(SCALE) == ("1", "2", "3", "4")
    assert answer_values(RATING)[-1] == "na"
    assert answer_values(Item(9, "nps")) == tuple(str(n) for n in range(11))
    assert answer_values(DIFFICULTY) == ("easy", "hard")


def test_conditions_need_a_choice_source_known_values_and_no_circle():
    assert check_condition(FORM, 2, Condition(1, frozenset({"hard"})))
    for condition, code in [(Condition(2, frozenset({"x"})), "condition_source"),
                            (Condition(99, frozenset({"x"})), "condition_source"),
                            (Condition(5, frozenset({"1"})), "condition_source_type"),
                            (Condition(1, frozenset({"medium"})), "condition_values")]:
        with pytest.raises(ItemError) as refused:
            check_condition(FORM, 2, condition)
        assert refused.value.code == code
    first = Item(10, "single", options=(Option("y", "Ya"),), condition=Condition(11, frozenset({"y"})))
    second = Item(11, "single", options=(Option("y", "Ya"),))
    with pytest.raises(ItemError) as refused:
        check_condition([first, second], 11, Condition(10, frozenset({"y"})))
    assert refused.value.code == "condition_cycle"


def test_shown_follows_chains_of_conditions_and_hidden_items():
    third = Item(8, "short_text", condition=Condition(2, frozenset({"x"})))
    assert shown([DIFFICULTY, WHY_HARD, third], {1: {"easy"}}) == {1}
    assert shown([DIFFICULTY, WHY_HARD], {1: {"hard"}}) == {1, 2}
    hidden_source = Item(1, "single", options=DIFFICULTY.options, hidden=True)
    assert shown([hidden_source, WHY_HARD], {1: {"hard"}}) == set()


def test_reading_answers():
    submitted = {"q1": "hard", "q2": "cepat", "q3_p1": "4", "q3_p2": "na", "q4": "3", "q5": "12,5",
                 "q6": ["a", "c", "a"], "q99": "ignored", "q7": "ignored too"}
    reading = read(FORM, [1, 2], submitted)
    assert reading.problems == [] and reading.discarded == []
    assert set(reading.rows) == {
        AnswerRow(1, text="hard"), AnswerRow(2, text="cepat"), AnswerRow(3, 1, number=Decimal(4)),
        AnswerRow(3, 2, text="na"), AnswerRow(4, number=Decimal(3)), AnswerRow(5, number=Decimal("12.5")),
        AnswerRow(6, text="a"), AnswerRow(6, text="c")}
    assert "q99" not in reading.typed and reading.typed["q6"] == ["a", "c", "a"]


def test_problems_keep_what_was_typed():
    reading = read(FORM, [1, 2], {"q1": "hard", "q2": "x" * 11, "q3_p1": "5", "q4": "", "q5": "61",
                                  "q6": ["a", "z"]})
    problems = {(p.item_id, p.person): p.code for p in reading.problems}
    assert problems == {(2, None): "too_long", (3, 1): "not_an_option", (3, 2): "required", (4, None): "required",
                        (5, None): "above_max", (6, None): "not_an_option"}
    assert reading.typed["q2"] == ["x" * 11] and reading.typed["q5"] == ["61"]
    assert read(FORM, [], {"q1": "easy", "q4": "1", "q5": "0"}).problems[0].code == "below_min"
    assert read(FORM, [], {"q1": "easy", "q4": "1", "q5": "1.000,5"}).problems[0].code == "not_a_number"


def test_an_answer_to_an_item_whose_condition_is_not_met_is_discarded():
    reading = read(FORM, [], {"q1": "easy", "q2": "tidak ada", "q4": "2"})
    assert reading.discarded == [2] and reading.problems == []  # not required either when it is not shown
    assert all(row.item_id != 2 for row in reading.rows) and "q2" not in reading.typed


def test_a_stored_response_becomes_fields_again():
    rows = [AnswerRow(4, number=Decimal("3.0000")), AnswerRow(3, 2, text="na"), AnswerRow(6, text="a"),
            AnswerRow(6, text="c"), AnswerRow(5, number=Decimal("12.5000"))]
    assert typed_from_rows(FORM, rows) == {"q4": ["3"], "q3_p2": ["na"], "q6": ["a", "c"], "q5": ["12.5"]}
    assert field_name(3, 2) == "q3_p2"


def test_every_template_is_a_valid_form():
    assert {"penyelenggaraan", "pengajar", "materi", "blank"} <= set(TEMPLATES)
    for template in TEMPLATES.values():
        keys = [spec.key for spec in template.items]
        assert len(keys) == len(set(keys)), template.key
        items = []
        for n, spec in enumerate(template.items, start=1):
            options = tuple(Option(value, "x") for value, _label in spec.options)
            check_config(spec.type, dict(spec.config, points=spec.config.get("points", 5)), options)
            condition = None
            if spec.condition:
                condition = Condition(keys.index(spec.condition[0]) + 1, frozenset(spec.condition[1]))
            items.append(Item(n, spec.type, spec.required, spec.page, options, dict(spec.config), condition))
        for item in items:
            check_condition(items, item.id, item.condition)
    assert [s.type for s in TEMPLATES["pengajar"].items].count("person_rating") == 4
    assert any(s.type == "nps" for s in TEMPLATES["penyelenggaraan"].items)
