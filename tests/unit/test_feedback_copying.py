"""Copying items, pure: keys made up for items without one (never clashing with kept keys), and conditions pointed
at the copies (a condition whose source is not copied is dropped and reported)."""
from lti_tool.feedback.domain.copying import assign_keys, remap_conditions


def test_keys_are_kept_and_missing_or_repeated_ones_made_up():
    assert assign_keys(["goals", None, "q2", "", "goals", "Mutu Materi!"]) == [
        "goals", "q3", "q2", "q4", "q5", "mutu_materi_"]
    assert assign_keys([]) == []
    assert len(assign_keys(["x" * 60])[0]) == 40


def test_conditions_point_at_the_new_items():
    specs = [{"ref": "10", "condition": None},
             {"ref": "11", "condition": {"ref": "10", "values": ["hard", "easy"]}},
             {"ref": "12", "condition": {"ref": "11", "values": [3]}}]
    conditions, dropped = remap_conditions(specs, {"10": 501, "11": 502, "12": 503})
    assert conditions == {502: {"item": 501, "values": ["easy", "hard"]}, 503: {"item": 502, "values": ["3"]}}
    assert dropped == []


def test_a_condition_on_an_item_not_copied_is_dropped():
    specs = [{"ref": "a", "condition": {"ref": "hidden", "values": ["1"]}},
             {"ref": "b", "condition": {"ref": None, "values": ["1"]}},
             {"ref": "c", "condition": {"ref": "c", "values": ["1"]}}]
    conditions, dropped = remap_conditions(specs, {"a": 1, "b": 2, "c": 3})
    assert conditions == {} and dropped == ["a", "b", "c"]
