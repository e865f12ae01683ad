"""Hostile input to every round form: the tool answers, never with a 500, and the round pages still load."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import scaled_examples
from modules_pages_support import MODULE_V1, csrf, freeze, make_module, save_draft
from rounds_support import add_comment, add_reviewer, new_round, round_row

from lti_tool.extensions import db

ODD = ["", " ", "0", "-1", "1", "2", "99999999999999999999", "٣", "\x00", "None", "<script>alert(1)</script>",
       "%s", "%(max)s", "\r\n", "a" * 5000, "pemda", "masyarakat", "relevance", "approved", "revise", "addressed",
       "declined", "open", "2099-01-31", "2020-01-01", "9999-12-31", "24:00", "23:59", "10:00+07:00"]
FIELDS = ("groups", "criteria-pemda", "criteria-masyarakat", "deadline_date", "deadline_time", "show_comments",
          "hide_identities", "version", "outcome", "reason", "comment", "status", "answer", "body", "only_blocking")
values = st.one_of(st.sampled_from(ODD), st.text(max_size=200))
forms = st.dictionaries(st.sampled_from(FIELDS), st.one_of(values, st.lists(values, max_size=3)), max_size=8)
ACTIONS = ("setup", "open", "close", "extend", "decide", "next", "answer", "reply")


@pytest.fixture
def module(app, browser, platform, client):
    made = make_module(app, browser, platform)
    save_draft(client, made["teacher"], MODULE_V1)
    freeze(client, made["teacher"])
    new_round(client, made["teacher"])
    reviewer = add_reviewer(round_row(made["activity"], 1))
    add_comment(reviewer, blocking=True)
    return made


@settings(max_examples=scaled_examples(40), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(form=forms, action=st.sampled_from(ACTIONS + ("",)))
def test_odd_round_forms_get_an_answer_not_an_error(module, client, form, action):
    token = module["teacher"]
    page = client.get(f"/modules/rounds/1?launch={token}").get_data(as_text=True)
    path = f"/modules/rounds/1/{action}" if action else "/modules/rounds"
    answer = client.post(f"{path}?launch={token}", data=dict(form, csrf_token=csrf(page)))
    assert answer.status_code < 500, answer.get_data(as_text=True)[:500]
    db.session.rollback()
    for next_page in ("/modules/rounds", "/modules/rounds/1", "/modules/versions/1", "/modules/manage"):
        assert client.get(f"{next_page}?launch={token}").status_code == 200
