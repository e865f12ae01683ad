"""For the feedback-loop tests: a feedback form and a module in the same course, answers stored as a submit stores
them (random ids, the day only), a form closed, and posting with a page's CSRF token."""
from datetime import date, timedelta

from feedback_support import item_ids, make_form
from modules_pages_support import ENGLISH, csrf, freeze, save_draft, token_of
from support import custom_activity

from lti_tool.activities.services import create_activity
from lti_tool.clock import utcnow
from lti_tool.extensions import db
from lti_tool.feedback.models import FeedbackAnswer, FeedbackForm, FeedbackResponse
from lti_tool.feedback.services.responses import new_id

LINK = "https://purl.imsglobal.org/spec/lti/claim/resource_link"


def feedback_and_module(app, browser, platform, anonymous="0", module_title="Modul Perencanaan Desa"):
    """A feedback form (named unless ``anonymous="1"``) and a module of the same course, with the teacher's tokens."""
    setup = make_form(app, browser, platform, feedback_anonymous=anonymous)
    module = create_activity(setup["activity"].course_id, None, "modules", module_title)
    setup["module"] = module
    setup["module_teacher"] = module_token(browser, module)
    setup["ids"] = item_ids(setup["activity"].id)
    return setup


def module_token(browser, module, kind="instructor", sub=None):
    """A launch from the module's own link (another resource link of the course than the form's)."""
    claims = {**custom_activity(module), **ENGLISH, LINK: {"id": f"module-{module.id}", "title": module.title}}
    if sub is not None:
        claims["sub"] = sub
    return token_of(browser.launch_with(kind, **claims))


def store_answers(form_id, item_id, texts, scale_items=(), score=3):
    """One response per text (an empty text: a response without an answer to that item), as the learners' submits
    store them; ``scale_items`` answered with ``score``."""
    for text in texts:
        response = FeedbackResponse(id=new_id(), form_id=form_id, day=date(2026, 12, 1))
        db.session.add(response)
        db.session.flush()
        if text:
            db.session.add(FeedbackAnswer(id=new_id(), response_id=response.id, item_id=item_id, text=text))
        for scale in scale_items:
            db.session.add(FeedbackAnswer(id=new_id(), response_id=response.id, item_id=scale, number=score))
    db.session.commit()


def close(form_id):
    form = db.session.get(FeedbackForm, form_id)
    form.close_at = utcnow() - timedelta(hours=1)
    db.session.commit()


def post(client, token, path, page_path, **data):
    page = client.get(f"{page_path}?launch={token}").get_data(as_text=True)
    return client.post(f"{path}?launch={token}", data={"csrf_token": csrf(page), **data})


def module_version(client, token, text):
    save_draft(client, token, text)
    return freeze(client, token)
