"""The pure parts of the round service: a round's setup from the author's choice (the module's rule restricted to the
chosen groups and criteria), the deadline typed in WIB stored as UTC, and the domain's refusals turned into codes."""
from datetime import datetime

import pytest

from lti_tool.modules.domain.problems import ModuleError
from lti_tool.modules.services import ModuleRefused
from lti_tool.modules.services.rounds import deadline_from, refused, round_setup
from lti_tool.modules.services.settings import default_settings, uniform_rule


def test_the_setup_keeps_the_settings_order_and_restricts_the_rule():
    settings = default_settings()
    groups, criteria, rule = round_setup(settings, ["perguruan_tinggi", "pemda", "unknown"],
                                         {"pemda": ["clarity", "relevance", "nonsense"],
                                          "perguruan_tinggi": ["accuracy"], "unknown": ["clarity"]})
    assert groups == ["pemda", "perguruan_tinggi"]
    assert criteria == {"pemda": ["relevance", "clarity"], "perguruan_tinggi": ["accuracy"]}
    assert rule == {"no_open_blocking": True, "groups": {
        "pemda": {"min_reviews": 1, "min_median": {"relevance": 3, "clarity": 3}},
        "perguruan_tinggi": {"min_reviews": 1, "min_median": {"accuracy": 3}}}}


def test_the_setup_copies_the_modules_own_rule():
    base = default_settings()
    settings = base.__class__(base.groups, base.criteria, base.template,
                              uniform_rule(base.groups, base.criteria, 2, 4, no_open_blocking=False), base.jp)
    _groups, _criteria, rule = round_setup(settings, ["masyarakat"], {"masyarakat": ["culture"]})
    assert rule == {"no_open_blocking": False, "groups": {"masyarakat": {"min_reviews": 2,
                                                                         "min_median": {"culture": 4}}}}


@pytest.mark.parametrize(("groups", "criteria", "code"), [
    ([], {}, "groups_missing"),
    (["nobody"], {"nobody": ["clarity"]}, "groups_missing"),
    (["pemda"], {}, "round_criteria_missing"),
    (["pemda"], {"pemda": ["nonsense"]}, "round_criteria_missing"),
])
def test_a_setup_without_groups_or_criteria_is_refused(groups, criteria, code):
    with pytest.raises(ModuleRefused) as caught:
        round_setup(default_settings(), groups, criteria)
    assert caught.value.code == code


def test_the_deadline_is_typed_in_wib_and_stored_in_utc():
    assert deadline_from("2026-12-01", "18:36") == datetime(2026, 12, 1, 11, 36)
    assert deadline_from("2026-12-01", "") == datetime(2026, 12, 1, 16, 59)  # the end of the day, WIB
    assert deadline_from("", "10:00") is None
    for date, time in (("01/12/2026", "10:00"), ("2026-13-01", "10:00"), ("2026-12-01", "25:00"),
                       ("1999-12-01", "10:00"), ("2026-12-01", "10:00+07:00"), ("٢٠٢٦-12-01", "10:00")):
        with pytest.raises(ModuleRefused) as caught:
            deadline_from(date, time)
        assert caught.value.code == "deadline_invalid"


def test_domain_errors_become_refusals_by_step():
    moved = refused(ModuleError("illegal_transition", {"from": "open", "to": "decided"}))
    assert (moved.code, moved.params) == ("illegal_transition", {"state": "open"})
    assert refused(ModuleError("reason_required", {"unmet": ["blocking_open"]}), "decide").code == \
        "decision_reason_required"
    assert refused(ModuleError("reason_required"), "answer").code == "decline_reason_required"
    assert refused(ModuleError("deadline_past", {"deadline": datetime(2020, 1, 1)})).params == {}
