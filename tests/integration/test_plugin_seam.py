"""The plug-in seam: a kind is one package plus one line of LATIH_KINDS; the core builds its navigation, shows its
deep-linking fields and never names it."""
import re
from pathlib import Path

import pytest
from support import custom_activity

from lti_tool import create_app
from lti_tool.activities.models import Activity

ROOT = Path(__file__).resolve().parents[2]


def csrf(body):
    return re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)


def test_a_kind_is_plugged_in_by_configuration_alone(app_config, _migrated):
    without = create_app(dict(app_config, LATIH_KINDS=("lti_tool.budgeting",)))
    assert set(without.extensions["latih_kinds"]) == {"budgeting"}
    assert "practice.learner" not in without.view_functions
    with_practice = create_app(dict(app_config, LATIH_KINDS=("lti_tool.budgeting", "kinds")))
    assert set(with_practice.extensions["latih_kinds"]) == {"budgeting", "practice"}
    assert {"practice.learner", "practice.instructor", "practice.report"} <= set(with_practice.view_functions)


def test_kinds_are_named_in_the_environment_too(app_config, _migrated, monkeypatch):
    monkeypatch.setenv("LATIH_KINDS", "kinds, lti_tool.budgeting")
    app = create_app({k: v for k, v in app_config.items() if k != "LATIH_KINDS"})
    assert list(app.extensions["latih_kinds"]) == ["practice", "budgeting"]


@pytest.mark.parametrize(("kinds", "problem"), [
    (("lti_tool.no_such_kind",), "cannot be imported"),
    (("lti_tool.clock",), "has no KIND"),
])
def test_a_wrong_kind_name_stops_the_start_with_a_clear_message(app_config, _migrated, kinds, problem):
    with pytest.raises(RuntimeError, match=problem):
        create_app(dict(app_config, LATIH_KINDS=kinds))


def test_staff_navigation_comes_from_the_kind(graded_course, browser, client):
    resp = browser.launch_with("instructor", **custom_activity(graded_course["activity"]))
    token = resp.headers["Location"].split("launch=", 1)[1]
    body = client.get(f"/practice/manage?launch={token}").get_data(as_text=True)
    nav = body[body.index('data-testid="staff-nav"'):body.index("</nav>")]
    assert 'data-testid="staff-nav-practice.report"' in nav and "Practice report" in nav
    assert 'data-testid="staff-nav-grades.activity_scores"' in nav
    assert re.search(r'class="nav-link active" aria-current="page" data-testid="staff-nav-practice.instructor"', nav)
    report = client.get(f"/practice/report?launch={token}").get_data(as_text=True)
    assert re.search(r'class="nav-link active" aria-current="page" data-testid="staff-nav-practice.report"', report)
    assert 'data-testid="staff-nav-budgeting_dashboard.index"' not in report  # another kind's pages stay its own


def test_budgeting_brings_its_dashboard_entry(exercise, client):
    body = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    assert 'data-testid="staff-nav-budgeting_dashboard.index"' in body
    dashboard = client.get(f"/budgeting/dashboard/?launch={exercise['teacher']}").get_data(as_text=True)
    assert re.search(r'class="nav-link active" aria-current="page" '
                     r'data-testid="staff-nav-budgeting_dashboard.index"', dashboard)


def _picker(browser):
    resp = browser.open(browser.launch("deep_linking"))
    return resp.get_data(as_text=True), resp.request.url.split("launch=", 1)[1]


def test_deep_linking_form_shows_and_uses_the_kinds_fields(browser, client):
    body, token = _picker(browser)
    assert 'data-testid="create-fields-practice"' in body and 'name="practice_maximum"' in body
    client.post(f"/activities/create?launch={token}", data={
        "csrf_token": csrf(body), "kind": "practice", "title": "Short task", "practice_maximum": "20"})
    assert Activity.query.one().score_maximum == 20


def test_deep_linking_form_refusal_is_shown_and_nothing_is_created(browser, client):
    body, token = _picker(browser)
    answer = client.post(f"/activities/create?launch={token}", data={
        "csrf_token": csrf(body), "kind": "practice", "title": "Short task", "practice_maximum": "500"},
        follow_redirects=True)
    assert "The maximum must be a whole number from 1 to 50." in answer.get_data(as_text=True)
    assert Activity.query.count() == 0


def test_no_shared_template_names_a_kind(app):
    kinds = set(app.extensions["latih_kinds"])
    folder = ROOT / "templates"
    shared = [p for p in folder.rglob("*.html") if p.relative_to(folder).parts[0] not in kinds]
    assert shared
    # (?<![\w-]): Bootstrap's ``invalid-feedback`` class is not the feedback kind
    offenders = [f"{p.relative_to(ROOT)}: {kind}" for p in shared for kind in kinds
                 if re.search(rf"""["'.]{kind}\b|(?<![\w-]){kind}["'_.]""", p.read_text())]
    assert not offenders


def test_course_overview_shows_each_learner_in_the_words_of_each_kind(graded_course, browser, client, platform):
    from lti_tool.activities.services import create_activity

    activity = graded_course["activity"]
    other = create_activity(graded_course["course"].id, None, "budgeting", "RKA workshop")
    learner = browser.launch_with("student", **custom_activity(activity))
    learner_token = learner.headers["Location"].split("launch=", 1)[1]
    page = client.get(f"/practice/?launch={learner_token}").get_data(as_text=True)
    client.post(f"/practice/submit?launch={learner_token}", data={"csrf_token": csrf(page), "answer": "seven c"})

    teacher = browser.launch_with("instructor", **custom_activity(activity))
    token = teacher.headers["Location"].split("launch=", 1)[1]
    body = client.get(f"/activities/overview?launch={token}").get_data(as_text=True)
    table = body[body.index('data-testid="course-overview"'):]
    assert activity.title in table and other.title in table
    sam = table[table.index('data-user="4"'):]
    sam = sam[:sam.index("</tr>")]
    assert "Sam Student" in sam and "7 points" in sam  # the practice kind's own summary
    assert 'data-user="3"' not in table  # the teacher is no learner
    assert re.search(r'class="nav-link active" aria-current="page" '
                     r'data-testid="staff-nav-activities.course_overview"', body)


def test_course_overview_is_for_staff_only(graded_course, browser, client):
    learner = browser.launch_with("student", **custom_activity(graded_course["activity"]))
    token = learner.headers["Location"].split("launch=", 1)[1]
    assert client.get(f"/activities/overview?launch={token}").status_code == 403
