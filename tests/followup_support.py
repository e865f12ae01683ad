"""A follow-up session set up as an instructor would, for the follow-up tests: launch tokens for both roles, and
the create form's fields."""
from datetime import timedelta

from modules_pages_support import ENGLISH, INDONESIAN, csrf, token_of
from support import custom_activity

from lti_tool.activities.services import create_activity
from lti_tool.clock import to_local, utcnow
from lti_tool.lti.models import Course


def local_input(delta_hours):
    return to_local(utcnow() + timedelta(hours=delta_hours)).strftime("%Y-%m-%dT%H:%M")


def session_fields(**fields):
    form = {"followup_form": "1", "followup_starts_at": local_input(1), "followup_ends_at": local_input(3),
            "followup_place": "Aula BPSDM, Lt. 2", "followup_url": "", "followup_capacity": "",
            "followup_jp": "2", "followup_category": "seminar/workshop"}
    form.update(fields)
    return form


def make_session(app, browser, platform, title="Seminar SIPD", **fields):
    """A follow-up session (default: starts in an hour, 2 JP, no limit, no grade) and launch tokens for the teacher
    (English) and a learner (Indonesian)."""
    app.config["LATIH_DELIVER_AFTER_REQUEST"] = False
    platform.tool_jwks_fetcher = lambda: app.test_client().get("/lti/jwks").get_json()
    browser.open(browser.launch("instructor"))
    activity = create_activity(Course.query.one().id, None, "followup", title, form=session_fields(**fields))
    teacher = token_of(browser.launch_with("instructor", **custom_activity(activity), **ENGLISH))
    learner = learner_token(browser, activity)
    return {"activity": activity, "teacher": teacher, "learner": learner}


def learner_token(browser, activity, sub="4", language=INDONESIAN):
    return token_of(browser.launch_with("student", sub=sub, **custom_activity(activity), **language))


def page(client, token, path="/followup/"):
    response = client.get(f"{path}?launch={token}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def post(client, token, path, data=None, page_path="/followup/"):
    body = page(client, token, page_path)
    return client.post(f"{path}?launch={token}", data={"csrf_token": csrf(body), **(data or {})})
