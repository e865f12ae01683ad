"""A feedback form set up as an instructor would, for the feedback tests: launch tokens for both roles, and helpers
that read a page's CSRF token and answer it."""
import re

from modules_pages_support import ENGLISH, INDONESIAN, csrf, token_of
from support import custom_activity

from lti_tool.activities.services import create_activity
from lti_tool.lti.models import Course


def make_form(app, browser, platform, title="Evaluasi Penyelenggaraan Latsar", **fields):
    """A feedback activity (the create form's ``feedback_*`` fields, default: the organisation template, anonymous,
    graded) and launch tokens for the teacher (English) and a learner (Indonesian)."""
    app.config["LATIH_DELIVER_AFTER_REQUEST"] = False
    platform.tool_jwks_fetcher = lambda: app.test_client().get("/lti/jwks").get_json()
    browser.open(browser.launch("instructor"))
    form = {"feedback_form": "1", "feedback_template": "penyelenggaraan", "feedback_anonymous": "1",
            "feedback_jp": "2", "feedback_graded": "1"}
    form.update(fields)
    activity = create_activity(Course.query.one().id, None, "feedback", title, form=form)
    teacher = token_of(browser.launch_with("instructor", **custom_activity(activity), **ENGLISH))
    learner = learner_token(browser, activity)
    return {"activity": activity, "teacher": teacher, "learner": learner}


def learner_token(browser, activity, sub="4", language=INDONESIAN):
    return token_of(browser.launch_with("student", sub=sub, **custom_activity(activity), **language))


def answer_page(client, token):
    return client.get(f"/feedback/?launch={token}").get_data(as_text=True)


def send(client, token, answers, page=None):
    """Post ``answers`` ({field: value or [values]}) to the learner's form."""
    page = page or answer_page(client, token)
    return client.post(f"/feedback/?launch={token}", data={"csrf_token": csrf(page), **answers})


def item_ids(form_id):
    """{template key: item id} of a form's items."""
    from lti_tool.feedback.models import FeedbackItem

    return {i.key: i.id for i in FeedbackItem.query.filter_by(form_id=form_id)}


def full_answers(ids, score="3", nps="9"):
    """Every required item of the organisation template answered."""
    answers = {f"q{ids[key]}": score for key in ids if key.startswith(("org_", "fac_", "rel_"))}
    answers[f"q{ids['nps']}"] = nps
    return answers


def problem_items(body):
    return re.findall(r'data-testid="problem-(\d+)"', body)
