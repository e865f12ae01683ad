"""An instructor defines a budgeting exercise from Moodle's "Select content" dialog before adding it."""
from budgeting_support import csrf

from lti_tool.activities.models import Activity
from lti_tool.activities.services import create_activity
from lti_tool.budgeting.models import BudgetExercise
from lti_tool.extensions import db
from lti_tool.lti.models import Course


def deep_linking(browser):
    resp = browser.launch("deep_linking")
    return browser.open(resp).get_data(as_text=True), resp.headers["Location"].split("launch=", 1)[1]


def create(client, token, body):
    created = client.post(f"/activities/create?launch={token}", data={
        "csrf_token": csrf(body), "kind": "budgeting", "title": "Anggaran lokakarya"}, follow_redirects=True)
    return created.get_data(as_text=True), Activity.query.filter_by(title="Anggaran lokakarya").one()


def test_set_up_from_the_dialog_then_add(browser, client):
    body, token = deep_linking(browser)
    body, activity = create(client, token, body)
    assert f'data-testid="setup-{activity.id}"' in body
    manage = client.post(f"/activities/setup?launch={token}", data={"csrf_token": csrf(body), "setup": activity.id},
                         follow_redirects=True).get_data(as_text=True)
    # In the dialog only what creating the exercise needs: title, pagu, due date (the rest on the page later).
    assert 'data-testid="setup-essentials"' in manage and 'data-testid="back-to-select"' in manage
    assert 'data-testid="required-fields"' not in manage and 'name="scenario_md"' not in manage
    client.post(f"/budgeting/manage?launch={token}", data={
        "csrf_token": csrf(manage), "essentials": "1", "title": "RKA Plaju", "ceiling": "5,000,000",
        "due_at": "2027-01-31T17:00"})
    exercise = BudgetExercise.query.one()
    assert exercise.activity_id == activity.id and exercise.ceiling == 5_000_000 and exercise.due_at is not None
    assert db.session.get(Activity, activity.id).title == "RKA Plaju"
    refused = client.post(f"/budgeting/manage?launch={token}", data={
        "csrf_token": csrf(manage), "essentials": "1", "title": "RKA Plaju", "ceiling": "lima juta"},
        follow_redirects=True).get_data(as_text=True)
    assert "alert-danger" in refused or "error" in refused
    assert BudgetExercise.query.one().ceiling == 5_000_000
    back = client.get(f"/activities/select?launch={token}&chosen={activity.id}").get_data(as_text=True)
    answer = client.post(f"/activities/deep-link?launch={token}",
                         data={"csrf_token": csrf(back), "activity": [str(activity.id)]})
    assert 'data-testid="deep-link-return"' in answer.get_data(as_text=True)


def test_set_up_only_this_courses_activities_and_only_staff_pages(browser, client, app):
    body, token = deep_linking(browser)
    other = Course(issuer="https://elsewhere.example", deployment_id="1", context_id="99", title="Other")
    db.session.add(other)
    db.session.commit()
    foreign = create_activity(other.id, None, "budgeting", "Not yours")
    resp = client.post(f"/activities/setup?launch={token}", data={"csrf_token": csrf(body), "setup": foreign.id})
    assert resp.status_code == 404
    assert client.post(f"/activities/setup?launch={token}",
                       data={"csrf_token": csrf(body), "setup": "x"}).status_code == 404
    # Without a set-up choice, a deep-linking launch opens no activity page.
    assert client.get(f"/budgeting/manage?launch={token}").status_code == 403
    _, mine = create(client, token, body)
    client.post(f"/activities/setup?launch={token}", data={"csrf_token": csrf(body), "setup": mine.id})
    assert client.get(f"/budgeting/manage?launch={token}").status_code == 200
    assert client.get(f"/budgeting/?launch={token}").status_code == 403  # learner pages need a real link


def test_set_up_needs_a_deep_linking_launch_and_csrf(browser, client):
    body, token = deep_linking(browser)
    _, activity = create(client, token, body)
    assert client.post(f"/activities/setup?launch={token}", data={"setup": activity.id}).status_code == 400
    resp = browser.launch("instructor")
    page = browser.open(resp).get_data(as_text=True)
    link_token = resp.headers["Location"].split("launch=", 1)[1]
    assert client.post(f"/activities/setup?launch={link_token}",
                       data={"csrf_token": csrf(page), "setup": activity.id}).status_code == 403


def test_the_instructors_page_folds_the_sections_already_set(exercise, client):
    """Outside the dialog the full settings, in sections that fold: the lists (both imported) and the programme
    chain (once filled) start folded; what is still to do starts open."""
    import re

    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    assert re.search(r'<details class="latih-card" data-testid="reference-lists" >', page)
    assert re.search(r'data-testid="programme-fold" open>', page)
    assert 'data-testid="model-answer" open' in page and 'data-testid="setup-essentials"' not in page
    BudgetExercise.query.one().programme = {"urusan": "Keuangan"}
    db.session.commit()
    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    assert re.search(r'data-testid="programme-fold" >', page)
