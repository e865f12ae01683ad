"""An exercise saved as a template of the platform, started from in the "Select content" dialog, and copied to
another course of the same platform after a confirmation (budgets are never copied)."""
from budgeting_support import csrf
from test_budget_model_answer import MODEL, _post_model
from test_budgeting_deep_linking import deep_linking

from lti_tool.activities.models import Activity
from lti_tool.budgeting.models import BudgetExercise, BudgetReferenceList, BudgetSubmission, BudgetTemplate
from lti_tool.extensions import db
from lti_tool.lti.models import Course


def _manage(client, token):
    return client.get(f"/budgeting/manage?launch={token}").get_data(as_text=True)


def _teacher_id():
    return BudgetReferenceList.query.first().imported_by


def test_save_as_template_then_start_a_new_exercise_from_it_in_the_dialog(exercise, client, browser):
    _post_model(client, exercise["teacher"], model_text=MODEL)
    page = _manage(client, exercise["teacher"])
    done = client.post(f"/budgeting/template?launch={exercise['teacher']}", data={
        "csrf_token": csrf(page), "name": "  Lokakarya   Plaju "}, follow_redirects=True).get_data(as_text=True)
    assert "Lokakarya Plaju" in done
    template = BudgetTemplate.query.one()
    assert template.settings["ceiling"] == 5_000_000 and len(template.settings["model_answer"]["lines"]) == 3
    assert {"accounts", "prices"} == set(template.settings["lists"])
    # the same name again replaces it; no name is refused
    client.post(f"/budgeting/template?launch={exercise['teacher']}", data={"csrf_token": csrf(page),
                                                                          "name": "lokakarya plaju"})
    client.post(f"/budgeting/template?launch={exercise['teacher']}", data={"csrf_token": csrf(page), "name": " "})
    assert BudgetTemplate.query.count() == 1

    body, token = deep_linking(browser)
    assert 'data-testid="budget-template"' in body and f'<option value="{template.id}">lokakarya plaju' in body
    client.post(f"/activities/create?launch={token}", data={
        "csrf_token": csrf(body), "kind": "budgeting", "title": "Dari templat", "budgeting_template": template.id})
    new = BudgetExercise.query.join(Activity).filter(Activity.title == "Dari templat").one()
    source = BudgetExercise.query.filter_by(activity_id=exercise["activity"].id).one()
    assert new.ceiling == 5_000_000 and new.scenario_md == source.scenario_md
    assert new.allowed_accounts == source.allowed_accounts and new.model_answer == source.model_answer
    assert new.price_list.items == source.price_list.items and new.price_list.activity_id == new.activity_id


def test_a_template_of_another_platform_is_not_offered_nor_used(exercise, client, browser):
    db.session.add(BudgetTemplate(issuer="https://elsewhere.example", name="Asing", name_folded="asing",
                                  settings={"ceiling": 1}))
    db.session.commit()
    foreign = BudgetTemplate.query.one()
    body, token = deep_linking(browser)
    assert "Asing" not in body
    client.post(f"/activities/create?launch={token}", data={
        "csrf_token": csrf(body), "kind": "budgeting", "title": "Kosong", "budgeting_template": foreign.id})
    assert BudgetExercise.query.join(Activity).filter(Activity.title == "Kosong").one().ceiling is None


def test_copy_to_another_course_of_the_platform_after_confirming(exercise, client):
    here = Course.query.one()
    other = Course(issuer=here.issuer, deployment_id=here.deployment_id, context_id="other", title="Diklat PKA II")
    foreign = Course(issuer="https://elsewhere.example", deployment_id="1", context_id="x", title="Asing")
    db.session.add_all([other, foreign])
    db.session.flush()
    for course in (other, foreign):
        db.session.add(Activity(course_id=course.id, kind="budgeting", title="Ada", created_by=_teacher_id()))
    db.session.commit()
    page = _manage(client, exercise["teacher"])
    section = page[page.index('data-testid="templates-and-copies"'):page.index('data-testid="submissions"')]
    assert "Diklat PKA II" in section and "Asing" not in section

    url = f"/budgeting/copy?launch={exercise['teacher']}"
    confirm = client.post(url, data={"csrf_token": csrf(page), "course": other.id, "title": "Salinan"})
    confirm = confirm.get_data(as_text=True)
    assert 'data-testid="copy-confirm"' in confirm and "Diklat PKA II" in confirm
    assert Activity.query.filter_by(title="Salinan").count() == 0  # nothing before the confirmation
    assert client.post(url, data={"csrf_token": csrf(page), "course": foreign.id, "title": "X",
                                  "confirmed": "1"}).status_code == 404
    resp = client.post(url, data={"csrf_token": csrf(confirm), "course": other.id, "title": "Salinan",
                                  "confirmed": "1"}, follow_redirects=True)
    assert "is copied to" in resp.get_data(as_text=True)
    copy = Activity.query.filter_by(title="Salinan").one()
    assert copy.course_id == other.id and copy.kind == "budgeting"
    exercise_copy = db.session.get(BudgetExercise, copy.id)
    assert exercise_copy.ceiling == 5_000_000 and exercise_copy.account_list.activity_id == copy.id
    assert BudgetSubmission.query.filter_by(activity_id=copy.id).count() == 0


def test_learner_cannot_save_templates_or_copy(exercise, client):
    page = client.get(f"/budgeting/?launch={exercise['learner']}").get_data(as_text=True)
    for path in ("template", "copy"):
        resp = client.post(f"/budgeting/{path}?launch={exercise['learner']}",
                           data={"csrf_token": csrf(page), "name": "x", "course": "1"})
        assert resp.status_code == 403
    assert BudgetTemplate.query.count() == 0
