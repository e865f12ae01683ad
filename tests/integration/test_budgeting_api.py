"""The budget editor's JSON endpoints: live amounts and errors, autosave, the protection of pages."""
import re

import pytest
from budgeting_support import GOOD_LINES, csrf, save, work_page
from support import custom_activity

from lti_tool.budgeting.models import BudgetSubmission
from lti_tool.extensions import db

LTI = "https://purl.imsglobal.org/spec/lti/claim/"


@pytest.fixture(autouse=True)
def api(app):
    """The blueprint, registered before the first request when the factory does not register it yet."""
    if "budgeting_api" not in app.blueprints:
        from lti_tool.budgeting.api_views import bp

        app.register_blueprint(bp)


def form_of(lines, revision=None):
    """The editor's fields as the page posts them: ``lines`` maps the form's row number to the line's fields."""
    data = {f"header-{name}": "Isi" for name in ("urusan", "program", "kegiatan")}
    data.update({"ind-capaian-measure": "Ukuran", "ind-capaian-target": "100%"})
    for n, line in lines.items():
        data.update({f"lines-{n}-{key}": value for key, value in line.items()})
    if revision is not None:
        data["revision"] = str(revision)
    return data


def post(client, token, endpoint, data, headers=None):
    if headers is None:
        headers = {"X-CSRFToken": csrf(work_page(client, token))}
    return client.post(f"/budgeting/api/{endpoint}?launch={token}", data=data, headers=headers)


def revision_of(client, token):
    return int(re.search(r'name="revision" value="(\d+)"', work_page(client, token)).group(1))


def test_check_answers_amounts_errors_and_totals_by_form_row(exercise, client):
    lines = {
        1: GOOD_LINES[0],
        2: dict(GOOD_LINES[0], unit_price="lima puluh ribu"),
        4: GOOD_LINES[1],                       # a gap in the numbering, as after removing a line
        5: {"ppn": "1"},                        # an empty row: no amount, no error
        6: dict(GOOD_LINES[1], remove="1"),     # ticked "remove": not counted
    }
    resp = post(client, exercise["learner"], "check", form_of(lines))
    assert resp.status_code == 200, resp.get_data(as_text=True)
    answer = resp.get_json()
    assert answer["lines"]["1"] == {"amount": "Rp3.000.000", "error": None, "findings": []}
    assert answer["lines"]["2"]["amount"] is None and "bukan angka" in answer["lines"]["2"]["error"]
    assert answer["lines"]["4"] == {"amount": "Rp6.000.000", "error": None, "findings": []}
    assert set(answer["lines"]) == {"1", "2", "4"}
    assert answer["groups"] == [
        {"account": "5.1.02.01.01.0052", "name": "Belanja Makanan dan Minuman Rapat", "subtotal": "Rp3.000.000"},
        {"account": "5.1.02.02.01.0003", "name": "Honorarium Narasumber", "subtotal": "Rp6.000.000"}]
    assert answer["total"] == "Rp9.000.000" and answer["ceiling"] == "Rp5.000.000"
    assert answer["over"] is True and answer["remaining"] == "-Rp4.000.000"
    assert "4.000.000" in answer["balance"]
    assert BudgetSubmission.query.one().revision == 0  # checking saves nothing


def test_check_shows_the_checks_findings_on_their_form_row_and_the_score_now(exercise, client):
    lines = {3: dict(GOOD_LINES[0], unit_price="80.000"),  # above the estimate's 10 % tolerance: a warning
             7: dict(GOOD_LINES[1], account="5.1.02.99.99.9999")}  # an account the exercise does not allow
    answer = post(client, exercise["learner"], "check", form_of(lines)).get_json()
    assert [f["severity"] for f in answer["lines"]["3"]["findings"]] == ["warning"]
    assert "50.000" in answer["lines"]["3"]["findings"][0]["text"]
    assert any(f["severity"] == "error" for f in answer["lines"]["7"]["findings"])
    assert any("pagu" in f["text"] for f in answer["general"])  # 4.800.000 + 6.000.000 is over the ceiling
    assert 0 < float(answer["score"]) < 100
    assert answer["score_text"] == answer["score"].rstrip("0").rstrip(".").replace(".", ",")  # as the page writes it


def test_check_within_the_ceiling_shows_what_remains(exercise, client):
    answer = post(client, exercise["learner"], "check", form_of({1: GOOD_LINES[0]})).get_json()
    assert answer["over"] is False and answer["remaining"] == "Rp2.000.000"
    assert "2.000.000" in answer["balance"]


def test_csrf_token_is_required(exercise, client):
    for headers in ({}, {"X-CSRFToken": "forged"}):
        resp = post(client, exercise["learner"], "autosave", form_of({1: GOOD_LINES[0]}, revision=0), headers)
        assert resp.status_code == 400 and resp.get_json()["error"] == "csrf"
        assert post(client, exercise["learner"], "check", {}, headers).status_code == 400
    assert BudgetSubmission.query.count() == 0  # nothing created, nothing saved


def test_autosave_saves_the_draft_and_returns_the_new_revision(exercise, client):
    resp = post(client, exercise["learner"], "autosave", form_of({3: GOOD_LINES[0]}, revision=0))
    assert resp.status_code == 200, resp.get_data(as_text=True)
    answer = resp.get_json()
    assert answer["revision"] == 1 and re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", answer["saved_at"])
    assert re.fullmatch(r"\d\d\.\d\d WIB", answer["saved_at_text"])  # the time shown, in the configured zone
    assert BudgetSubmission.query.one().document["lines"][0]["component"] == "Makan siang"
    page = work_page(client, exercise["learner"])
    assert 'value="Makan siang"' in page and "Rp3.000.000" in page  # the plain page shows what was autosaved
    assert post(client, exercise["learner"], "autosave", form_of({1: GOOD_LINES[1]}, revision=1)).status_code == 200
    assert revision_of(client, exercise["learner"]) == 2


def test_stale_autosave_is_refused_and_keeps_the_newer_work(exercise, client):
    save(client, exercise["learner"], GOOD_LINES)  # another window saved revision 1
    resp = post(client, exercise["learner"], "autosave", form_of({1: {"component": "old"}}, revision=0))
    assert resp.status_code == 409
    message = resp.get_json()["message"]
    assert resp.get_json()["error"] == "stale" and ("jendela lain" in message or "another window" in message)
    assert len(BudgetSubmission.query.one().document["lines"]) == 2


def test_autosave_of_a_submitted_budget_is_refused(exercise, client):
    save(client, exercise["learner"], GOOD_LINES, action="submit")
    confirm = client.get(f"/budgeting/confirm?launch={exercise['learner']}").get_data(as_text=True)
    client.post(f"/budgeting/submit?launch={exercise['learner']}", data={"csrf_token": csrf(confirm), "revision": "1"})
    submission = BudgetSubmission.query.one()
    assert submission.status != "draft"
    headers = {"X-CSRFToken": csrf(confirm)}
    resp = post(client, exercise["learner"], "autosave", form_of({1: GOOD_LINES[0]}, revision=1), headers)
    assert resp.status_code == 400 and resp.get_json()["error"] == "not_draft"
    db.session.refresh(submission)
    assert len(submission.document["lines"]) == 2


def test_launches_of_another_course_or_browser_are_refused(exercise, browser, client, app):
    headers = {"X-CSRFToken": csrf(work_page(client, exercise["learner"]))}
    # The same learner through a link of another course that names this activity: the parameter is ignored.
    other = browser.launch_with("student", **custom_activity(exercise["activity"]), **{
        LTI + "context": {"id": "99", "label": "OTHER", "title": "Other course", "type": ["CourseSection"]},
        LTI + "resource_link": {"id": "77", "title": "Elsewhere"}})
    other = other.headers["Location"].split("launch=")[1]
    for endpoint in ("check", "autosave"):
        resp = post(client, other, endpoint, form_of({1: GOOD_LINES[0]}, revision=0), headers)
        assert resp.status_code == 403 and resp.get_json()["error"] == "forbidden", endpoint
    # The learner's launch token from another browser (no session): nothing is found, even without CSRF.
    app.config["WTF_CSRF_ENABLED"] = False
    stranger = app.test_client()
    resp = stranger.post(f"/budgeting/api/autosave?launch={exercise['learner']}", base_url="https://localhost",
                         data=form_of({1: GOOD_LINES[0]}, revision=0))
    assert resp.status_code == 401 and resp.get_json()["error"] == "expired"
    assert BudgetSubmission.query.one().document["lines"] == []


def test_each_learner_autosaves_only_their_own_draft(exercise, browser, client):
    post(client, exercise["learner"], "autosave", form_of({1: GOOD_LINES[0]}, revision=0))
    second = browser.launch_with("student", sub="student-2", **custom_activity(exercise["activity"]))
    second = second.headers["Location"].split("launch=")[1]
    resp = post(client, second, "autosave", form_of({1: GOOD_LINES[1]}, revision=0))
    assert resp.status_code == 200 and resp.get_json()["revision"] == 1
    components = sorted(s.document["lines"][0]["component"] for s in BudgetSubmission.query.all())
    assert components == ["Honor narasumber", "Makan siang"]


@pytest.mark.parametrize("data", [
    {"lines-²-account": "x", "lines-١-unit_price": "1", "lines-1-unit_price": "Rp 1e9"},
    {"lines-" + "9" * 5000 + "-component": "x", "lines-999999-koefisien": "10**99 orang"},
    {"lines-1-koefisien": "1.000.000.000.000.000 orang × 1.000.000.000.000.000 hari", "lines-1-unit_price": "∞"},
    {"lines-1-koefisien": "1 × 2 × 3 × 4 × 5", "lines-1-unit_price": "\x00\u202e", "lines-1-ppn": "maybe"},
    {"lines-1-koefisien": "999.999.999.999.999 orang", "lines-1-unit_price": "999.999.999.999.999,99",
     "lines-1-ppn": "1"},
    {"header-urusan": "x" * 100_000, "revision": "9" * 5000},
    {"revision": "-1", "lines--1-component": "x", "lines-1": "x", "lines-a-b": "x"},
    {},
])
def test_bad_input_never_makes_a_500(exercise, client, data):
    headers = {"X-CSRFToken": csrf(work_page(client, exercise["learner"]))}
    for endpoint in ("check", "autosave"):
        resp = post(client, exercise["learner"], endpoint, data, headers)
        assert resp.status_code < 500 and resp.is_json, (endpoint, resp.status_code, resp.get_data(as_text=True)[:500])


def test_odd_bodies_never_make_a_500(exercise, client):
    token = exercise["learner"]
    headers = {"X-CSRFToken": csrf(work_page(client, token))}
    bodies = [({"data": b"\xff\xfe=\xc3(&lines-1-component=\xe2\x82", "content_type":
                "application/x-www-form-urlencoded"}), {"json": {"lines": [{"component": "x"}]}},
              {"data": b"not a form", "content_type": "text/plain"}]
    for endpoint in ("check", "autosave"):
        for body in bodies:
            resp = client.post(f"/budgeting/api/{endpoint}?launch={token}", headers=headers, **body)
            assert resp.status_code < 500 and resp.is_json, (endpoint, body, resp.get_data(as_text=True)[:300])
    too_many = {f"lines-{n}-component": "x" for n in range(1, 2003)}
    resp = post(client, token, "autosave", dict(too_many, revision="0"), headers)
    assert resp.status_code == 400 and resp.get_json()["error"] == "too_many_lines"
    assert post(client, token, "check", too_many, headers).status_code == 200


def test_autosave_without_revision_is_refused(exercise, client):
    resp = post(client, exercise["learner"], "autosave", form_of({1: GOOD_LINES[0]}))
    assert resp.status_code == 400 and resp.get_json()["error"] == "revision"


def test_editor_page_loads_the_script_and_keeps_working_as_a_plain_form(exercise, client):
    page = work_page(client, exercise["learner"])
    token = exercise["learner"]
    assert f'data-check-url="/budgeting/api/check?launch={token}"' in page
    assert f'data-autosave-url="/budgeting/api/autosave?launch={token}"' in page
    assert '<script src="/static/budgeting/editor.js"></script>' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # no inline script (CSP script-src 'self')
    assert 'aria-live="polite"' in page and "data-restore-banner" in page
    assert "Tersimpan otomatis" in page or "Saved automatically" in page
    assert client.get("/static/budgeting/editor.js").status_code == 200
    page = save(client, token, GOOD_LINES).get_data(as_text=True)
    assert 'data-line-amount="2"' in page and 'data-line-error="2"' in page
    assert "Rp9.000.000" in page
