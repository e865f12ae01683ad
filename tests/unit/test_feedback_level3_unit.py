"""Level 3 without a database: the two templates answer the same items, the waves' dates, the waves' parsing."""
from datetime import date, datetime
from types import SimpleNamespace

import pytest

from lti_tool.feedback.form_templates import PASCA_ALUMNI, PASCA_ATASAN, TEMPLATES
from lti_tool.feedback.services import FeedbackRefused
from lti_tool.feedback.services.schedule import add_months, current_wave, parse_waves, wave_dates


def test_the_alumnus_and_supervisor_versions_share_keys_types_and_scale():
    assert {"pasca_alumni", "pasca_atasan"} <= set(TEMPLATES)
    shape = [(i.key, i.type, i.page, i.required, i.config) for i in PASCA_ALUMNI.items]
    assert shape == [(i.key, i.type, i.page, i.required, i.config) for i in PASCA_ATASAN.items]
    rated = [i for i in PASCA_ATASAN.items if i.type == "likert"]
    assert len(rated) >= 4 and all(i.config["points"] == 5 and len(i.config["labels"]) == 5 for i in rated)
    assert {i.key for i in PASCA_ATASAN.items} >= {"obstacles"}  # what stands in the way
    assert PASCA_ALUMNI.version >= 1 and PASCA_ATASAN.version >= 1


def test_the_supervisors_scale_reads_as_training_centres_name_it(app):
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("id"):
        words = [str(label["text"]) for label in PASCA_ATASAN.items[1].config["labels"]]
    assert words == ["Tidak Terlihat", "Kurang", "Cukup", "Baik", "Sangat Baik"]


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)), (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2026, 11, 15), 3, date(2027, 2, 15)), (date(2026, 6, 30), 12, date(2027, 6, 30)),
])
def test_months_are_calendar_months(day, months, expected):
    assert add_months(day, months) == expected


def test_the_current_wave_is_the_latest_that_has_come(app):
    schedule = SimpleNamespace(course_end=date(2026, 1, 10), waves=[12, 3, 6])
    with app.app_context():
        assert [m for m, _ in wave_dates(schedule)] == [3, 6, 12]
        assert current_wave(schedule, datetime(2026, 4, 1)) == 0
        assert current_wave(schedule, datetime(2026, 4, 10, 12)) == 3
        assert current_wave(schedule, datetime(2027, 3, 1)) == 12
        assert current_wave(SimpleNamespace(course_end=None, waves=[3]), datetime(2030, 1, 1)) == 0


@pytest.mark.parametrize("text, waves", [("3,6,12", [3, 6, 12]), (" 12; 3 ", [3, 12]), ("6, 6", [6])])
def test_waves_are_parsed(text, waves):
    assert parse_waves(text) == waves


@pytest.mark.parametrize("text", ["", "0", "3,x", "61", "1,2,3,4,5,6,7", "-3"])
def test_bad_waves_are_refused(text):
    with pytest.raises(FeedbackRefused):
        parse_waves(text)
