"""Small pure pieces of the AGS client: URLs, Link headers, score bodies, Retry-After."""
from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from lti_tool.grades.ags import next_link, retry_after_seconds, score_body, scores_url


@pytest.mark.parametrize(
    "lineitem, expected",
    [
        ("http://m/mod/lti/services.php/2/lineitems/4/lineitem?type_id=1",
         "http://m/mod/lti/services.php/2/lineitems/4/lineitem/scores?type_id=1"),
        ("https://lms/api/lineitems/7", "https://lms/api/lineitems/7/scores"),
        ("https://lms/api/lineitems/7/", "https://lms/api/lineitems/7/scores"),
    ],
)
def test_scores_go_before_the_query(lineitem, expected):
    assert scores_url(lineitem) == expected


@pytest.mark.parametrize(
    "header, url",
    [
        ('<http://m/x?limit=2&from=2>; rel="next"', "http://m/x?limit=2&from=2"),
        ("<http://m/x?from=2>; rel=“next”", "http://m/x?from=2"),  # Moodle's lineitems: curly quotes
        ("<http://m/x?limit=2&amp;from=2>; rel=“next”".encode().decode("latin-1"),  # as HTTP clients read it
         "http://m/x?limit=2&from=2"),
        ('<http://m/first>; rel="first", <http://m/next>; rel="next"', "http://m/next"),
        ("<http://m/x>; rel=next", "http://m/x"),
        ('<http://m/prev>; rel="prev"', None),
        ("", None),
        (None, None),
    ],
)
def test_next_link(header, url):
    assert next_link(header) == url


def _score(**kw):
    base = dict(score_given=Decimal("87.5"), score_maximum=Decimal("100"), activity_progress="Completed",
                grading_progress="FullyGraded", timestamp=datetime(2026, 11, 28, 4, 42, 45), comment="Bagus")
    return SimpleNamespace(**{**base, **kw})


def test_score_body_shape():
    body = score_body(_score(), "4")
    assert body == {"userId": "4", "scoreGiven": 87.5, "scoreMaximum": 100, "activityProgress": "Completed",
                    "gradingProgress": "FullyGraded", "timestamp": "2026-11-28T04:42:45+00:00", "comment": "Bagus"}


def test_score_body_without_score_or_comment():
    body = score_body(_score(score_given=None, comment="", grading_progress="PendingManual"), "4")
    assert "scoreGiven" not in body and "comment" not in body


@pytest.mark.parametrize("value, seconds", [("3", 3.0), ("0", 0.0), ("", None), ("soon", None)])
def test_retry_after(value, seconds):
    assert retry_after_seconds(SimpleNamespace(headers={"Retry-After": value})) == seconds


def test_retry_after_http_date():
    from datetime import UTC, timedelta
    from email.utils import format_datetime

    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= retry_after_seconds(SimpleNamespace(headers={"Retry-After": when})) <= 31
