"""The reviewer pages' pieces that need no database: the personal link's token masked in log lines, the address a
request is counted under, and the review form's scores."""
import pytest

from lti_tool.invitations.limit import address_of
from lti_tool.logmask import mask
from lti_tool.modules.domain.reviews import Criterion
from lti_tool.modules.services.reviewing import parse_scores

TOKEN = "Zk3_9-abcDEFghiJKLmnoPQRstuVWXyz0123456789a"


@pytest.mark.parametrize("line, expected", [
    (f'"GET /modules/review/{TOKEN}/ HTTP/1.1" 200', '"GET /modules/review/***/ HTTP/1.1" 200'),
    (f"POST /modules/review/{TOKEN}/comments/12/edit", "POST /modules/review/***/comments/12/edit"),
    (f"https://latih.example/modules/review/{TOKEN}?lang=en", "https://latih.example/modules/review/***?lang=en"),
    (f"/modules/review/{TOKEN}", "/modules/review/***"),
])
def test_the_review_token_is_masked(line, expected):
    assert mask(line) == expected and TOKEN not in mask(line)


def test_other_module_paths_are_left_alone():
    assert mask("/modules/versions/3?launch=abc") == "/modules/versions/3?launch=abc"


@pytest.mark.parametrize("remote, counted", [
    ("203.0.113.9", "203.0.113.9"), ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
    ("::ffff:203.0.113.9", "203.0.113.9"), ("", "unknown"), ("nonsense", "unknown"),
])
def test_requests_are_counted_per_address_or_ipv6_network(remote, counted):
    assert address_of(remote) == counted


def test_scores_from_the_form():
    criteria = (Criterion("clarity"), Criterion("accuracy"), Criterion("culture"))
    form = {"score-clarity": "3", "score-accuracy": "٣", "score-culture": "", "score-other": "4"}
    assert parse_scores(form, criteria) == {"clarity": 3, "accuracy": "٣"}  # the domain refuses "٣"
