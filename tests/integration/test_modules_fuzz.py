"""Hostile input to every module page an instructor or learner can post to: the tool answers it, never with a 500,
and the pages people need next still load (SQLite and PostgreSQL)."""
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import scaled_examples
from modules_pages_support import MODULE_V1, csrf, freeze, make_module, revision_of, save_draft

from lti_tool.extensions import db

ODD = ["", " ", "0", "-1", "1e9", "99999999999999999999", "٣", "１２", "\x00", "\u202e1", "None", "[]", "{}",
       "<script>alert(1)</script>", "' OR 1=1 --", "%s", "%(max)s", "{0}", "\r\n", "a" * 5000, "pemda",
       "perguruan_tinggi", "own", "standard", "1", "4", "200", "201"]
FIELDS = ("modules_groups", "modules_other_groups", "modules_template", "modules_criteria", "modules_jp",
          "modules_min_reviews", "modules_min_median", "modules_no_open_blocking", "modules_rule_form",
          "modules_form", "modules_graded", "number", "reason", "revision", "markdown", "action", "from", "to",
          "section", "all")
values = st.one_of(st.sampled_from(ODD), st.text(max_size=300))
forms = st.dictionaries(st.sampled_from(FIELDS), st.one_of(values, st.lists(values, max_size=4)), max_size=8)
markdown = st.one_of(st.text(max_size=2000), st.lists(st.sampled_from([
    "# T", "## T", "### T", "#### T", "```", "~~~", "| a |", "|---|", "![x](attachment:x.png)", "[x](javascript:1)",
    "<div>", "*" * 300, "[" * 300, "\x00", "- a", "1. b", "> q", "attachment:", "\r"]), max_size=40).map("\n".join))


def fuzz(examples):
    return settings(max_examples=scaled_examples(examples), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def module(app, browser, platform, client):
    made = make_module(app, browser, platform)
    save_draft(client, made["teacher"], MODULE_V1)
    freeze(client, made["teacher"])
    return made


@fuzz(40)
@given(form=forms, path=st.sampled_from(["/modules/settings", "/modules/editor", "/modules/freeze",
                                         "/modules/publish", "/modules/read", "/modules/api/preview"]))
def test_odd_forms_get_an_answer_not_an_error(module, client, form, path):
    page = client.get(f"/modules/manage?launch={module['teacher']}").get_data(as_text=True)
    answer = client.post(f"{path}?launch={module['teacher']}", data=dict(form, csrf_token=csrf(page)),
                         headers={"X-CSRFToken": csrf(page)})
    assert answer.status_code < 500, answer.get_data(as_text=True)[:500]
    db.session.rollback()
    for next_page in ("/modules/manage", "/modules/editor", "/modules/versions", "/modules/versions/1"):
        assert client.get(f"{next_page}?launch={module['teacher']}").status_code == 200


@fuzz(30)
@given(query=st.dictionaries(st.sampled_from(["from", "to", "section", "all"]), values, max_size=3))
def test_odd_queries_get_an_answer_not_an_error(module, client, query):
    for path, token in (("/modules/diff", module["teacher"]), ("/modules/", module["learner"]),
                        ("/modules/preview", module["teacher"])):
        answer = client.get(path, query_string=dict(query, launch=token))
        assert answer.status_code < 500 and answer.status_code != 404 or path == "/modules/diff"


@fuzz(25)
@given(text=markdown)
def test_any_text_saves_freezes_and_renders(module, client, text):
    teacher = module["teacher"]
    answer = save_draft(client, teacher, text)
    assert answer.status_code in (302, 400, 409)
    page = client.get(f"/modules/editor?launch={teacher}").get_data(as_text=True)
    assert client.post(f"/modules/freeze?launch={teacher}", data={
        "csrf_token": csrf(page), "revision": revision_of(page)}).status_code == 302
    assert client.get(f"/modules/editor?launch={teacher}").status_code == 200
    assert client.get(f"/modules/diff?from=1&to=2&launch={teacher}", follow_redirects=True).status_code == 200
    assert client.get(f"/modules/versions/2?launch={teacher}").status_code in (200, 404)


@fuzz(20)
@given(data=st.one_of(st.binary(max_size=3000), st.sampled_from([b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                                                                 b"%PDF-", b"\x89PNG\r\n\x1a\n"])),
       name=st.text(max_size=80), path=st.sampled_from(["/modules/import", "/modules/attachments"]))
def test_any_file_gets_an_answer_not_an_error(module, client, data, name, path):
    page = client.get(f"/modules/editor?launch={module['teacher']}").get_data(as_text=True)
    answer = client.post(f"{path}?launch={module['teacher']}", content_type="multipart/form-data",
                         data={"csrf_token": csrf(page), "file": (io.BytesIO(data), name)})
    assert answer.status_code < 500
    assert client.get(f"/modules/editor?launch={module['teacher']}").status_code == 200
