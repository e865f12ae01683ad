"""Answers for the feedback report tests, written straight into the tables (the report reads only the tables): a
response with its answers, a completion of a course member, a closed form, a facilitator list."""
import secrets
from datetime import date, timedelta
from decimal import Decimal

from lti_tool.clock import utcnow
from lti_tool.extensions import db
from lti_tool.feedback.models import FeedbackAnswer, FeedbackCompletion, FeedbackForm, FeedbackResponse
from lti_tool.lti.models import Course, LtiUser


def respond(form_id, answers):
    """One response: ``answers`` [(item id, person, value)]: an int or Decimal is a number, "na" not applicable, any
    other str a choice's value or a text."""
    response = FeedbackResponse(id=secrets.token_hex(16), form_id=form_id, day=date.today())
    db.session.add(response)
    db.session.flush()  # no relationship orders the inserts: the response first
    for item_id, person, value in answers:
        number = Decimal(value) if isinstance(value, int | Decimal) else None
        text = value if isinstance(value, str) else None
        db.session.add(FeedbackAnswer(id=secrets.token_hex(16), response_id=response.id, item_id=item_id,
                                      person=person, number=number, text=text))
    db.session.commit()
    return response


def complete(form_id, sub):
    """``sub`` (a Moodle user id of the course) has answered the form."""
    issuer = Course.query.one().issuer
    user = LtiUser.query.filter_by(issuer=issuer, sub=sub).first()
    if user is None:
        user = LtiUser(issuer=issuer, sub=sub, name=f"User {sub}")
        db.session.add(user)
        db.session.flush()
    db.session.add(FeedbackCompletion(form_id=form_id, user_id=user.id, completed_at=utcnow()))
    db.session.commit()


def close(form_id, days_ago=1):
    form = db.session.get(FeedbackForm, form_id)
    form.close_at = utcnow() - timedelta(days=days_ago)
    db.session.commit()
    return form


def set_persons(form_id, *names, links=None):
    """The form's facilitators: ids 1, 2 … in order; ``links`` {person id: Moodle user id}."""
    form = db.session.get(FeedbackForm, form_id)
    form.persons = [{"id": n, "name": name, "hidden": False, **({"user": links[n]} if links and n in links else {})}
                    for n, name in enumerate(names, start=1)]
    db.session.commit()
    return form


def report_of(client, token):
    return client.get(f"/feedback/report?launch={token}")
