"""JP settings per activity (issue 15): the instructor chooses the category of competency development of every kind
(create form and settings, checked by the core), and the budgeting exercise has a planned JP that its submission
credits once."""
import re
from decimal import Decimal

from budgeting_support import csrf
from feedback_support import full_answers, item_ids, make_form, send

from lti_tool.activities.completion import announce_completion
from lti_tool.activities.models import Activity
from lti_tool.activities.services import ActivityError, create_activity
from lti_tool.budgeting.models import BudgetExercise
from lti_tool.extensions import db
from lti_tool.lti.models import Course, LtiUser
from lti_tool.record.models import CREDIT, LearningCredit


def _submit(client, token):
    from budgeting_support import GOOD_LINES, save

    confirm = save(client, token, GOOD_LINES, action="submit").get_data(as_text=True)
    revision = re.search(r'name="revision" value="(\d+)"', confirm).group(1)
    return client.post(f"/budgeting/submit?launch={token}", data={"csrf_token": csrf(confirm), "revision": revision})


def test_the_category_chosen_for_an_activity_is_credited(app, browser, platform, client):
    made = make_form(app, browser, platform, feedback_jp="3", feedback_jp_category="seminar/workshop")
    assert made["activity"].jp_category == "seminar/workshop"
    send(client, made["learner"], full_answers(item_ids(made["activity"].id)))
    entry = LearningCredit.query.one()
    assert (entry.category, entry.jp) == ("seminar/workshop", Decimal("3.00"))
    body = client.get(f"/record/?launch={made['learner']}").get_data(as_text=True)
    assert "Seminar/lokakarya" in body or "Seminar/workshop" in body


def test_the_category_is_checked_and_changeable_in_the_settings(app, browser, platform, client):
    made = make_form(app, browser, platform, feedback_jp="2")
    assert made["activity"].jp_category is None  # the kind's default
    course = Course.query.one()
    with app.test_request_context():
        try:
            create_activity(course.id, None, "feedback", "X", form={"feedback_form": "1", "feedback_jp": "1",
                                                                    "feedback_jp_category": "karaoke"})
            raise AssertionError("an unknown category was accepted")
        except ActivityError as exc:
            assert exc.reason == "form" and "kategori" in exc.message
    page = client.get(f"/feedback/settings?launch={made['teacher']}").get_data(as_text=True)
    assert 'name="feedback_jp_category"' in page
    data = {"csrf_token": csrf(page), "feedback_anonymous": "1", "feedback_jp": "2", "feedback_graded": "1",
            "feedback_jp_category": "coaching/mentoring"}
    assert client.post(f"/feedback/settings?launch={made['teacher']}", data=data).status_code == 302
    assert db.session.get(Activity, made["activity"].id).jp_category == "coaching/mentoring"
    data["feedback_jp_category"] = "not-a-category"
    assert client.post(f"/feedback/settings?launch={made['teacher']}", data=data).status_code == 400
    assert db.session.get(Activity, made["activity"].id).jp_category == "coaching/mentoring"
    data.pop("csrf_token")
    assert client.post(f"/feedback/settings?launch={made['teacher']}", data=data).status_code in (400, 403)


def test_a_module_chooses_its_category_at_creation_and_in_its_settings(app, browser, platform, client):
    from modules_pages_support import make_module

    made = make_module(app, browser, platform, modules_jp_category="belajar mandiri")  # default settings otherwise
    assert made["activity"].jp_category == "belajar mandiri"
    body = client.get(f"/modules/manage?launch={made['teacher']}").get_data(as_text=True)
    assert re.search(r'<option value="belajar mandiri" selected>', body)
    fields = {"csrf_token": csrf(body), "modules_form": "1", "modules_groups": ["pemda"],
              "modules_template": "standard", "modules_jp": "3", "modules_jp_category": "seminar/workshop"}
    client.post(f"/modules/settings?launch={made['teacher']}", data=fields)
    assert db.session.get(Activity, made["activity"].id).jp_category == "seminar/workshop"
    client.post(f"/modules/settings?launch={made['teacher']}", data=dict(fields, modules_jp_category="x"))
    assert db.session.get(Activity, made["activity"].id).jp_category == "seminar/workshop"
    learner = LtiUser.query.filter_by(sub="4").one()
    announce_completion(made["activity"], learner)
    assert [(e.category, e.jp) for e in LearningCredit.query.all()] == [("seminar/workshop", Decimal("3.00"))]


def test_a_budgeting_exercise_credits_its_planned_jp_once(exercise, client):
    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    assert 'name="budgeting_jp"' in page and 'name="budgeting_jp_category"' in page
    data = {"csrf_token": csrf(page), "ceiling": "5,000,000", "ppn_rate": "11", "rounding": "per_line",
            "max_attempts": "1", "allowed_accounts": ["5.1.02.01.01.0052", "5.1.02.02.01.0003"]}
    body = client.post(f"/budgeting/manage?launch={exercise['teacher']}", data={**data, "budgeting_jp": "1.555"},
                       follow_redirects=True).get_data(as_text=True)
    assert "two decimals" in body and BudgetExercise.query.one().jp is None
    client.post(f"/budgeting/manage?launch={exercise['teacher']}",
                data={**data, "budgeting_jp": "1,5", "budgeting_jp_category": "pelatihan klasikal"})
    assert BudgetExercise.query.one().jp == Decimal("1.50")
    assert _submit(client, exercise["learner"]).status_code == 302
    learner = LtiUser.query.filter_by(sub="4").one()
    assert announce_completion(exercise["activity"], learner) is False  # a regrade or a second attempt
    rows = [(e.entry, e.jp, e.category) for e in LearningCredit.query.filter_by(user_id=learner.id)]
    assert rows == [(CREDIT, Decimal("1.50"), "pelatihan klasikal")]


def test_a_budgeting_exercise_gets_its_jp_at_creation(app, browser, platform):
    browser.open(browser.launch("instructor"))
    course = Course.query.one()
    activity = create_activity(course.id, None, "budgeting", "Latihan RKA",
                               form={"budgeting_jp": "4", "budgeting_jp_category": "e-learning"})
    assert db.session.get(BudgetExercise, activity.id).jp == Decimal("4.00")
    for bad in ("101", "-1", "abc", "1e2", "NaN"):
        with app.test_request_context():
            try:
                create_activity(course.id, None, "budgeting", "Latihan RKA 2", form={"budgeting_jp": bad})
                raise AssertionError(f"{bad} was accepted")
            except ActivityError as exc:
                assert exc.reason == "form"
    assert Activity.query.filter_by(title="Latihan RKA 2").count() == 0
