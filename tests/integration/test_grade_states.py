"""Grade states as Moodle's gradebook would show them, with what the instructor can do, on every grade page."""
import re
from datetime import timedelta

import pytest
import requests
from support import custom_activity

from lti_tool.clock import utcnow
from lti_tool.extensions import db
from lti_tool.formats import format_datetime, format_time
from lti_tool.grades import delivery
from lti_tool.grades.models import Score
from lti_tool.grades.outbox import record_score
from lti_tool.grades.services import grade_state, moodle_reason
from lti_tool.lti.models import LtiUser, ResourceLink

LTI = "https://purl.imsglobal.org/spec/lti/claim/"


def _token(browser, activity, locale="en"):
    claims = dict(custom_activity(activity))
    claims[LTI + "launch_presentation"] = {"locale": locale, "document_target": "iframe"}
    resp = browser.launch_with("instructor", **claims)
    return resp.headers["Location"].split("launch=", 1)[1]


@pytest.fixture
def setup(graded_course, browser):
    return dict(graded_course, token=_token(browser, graded_course["activity"]))


def _score(setup, sub="4", points=30, progress="FullyGraded"):
    user = LtiUser.query.filter_by(sub=sub).first()
    if user is None:
        user = LtiUser(issuer=setup["course"].issuer, sub=sub, name=f"user {sub}")
        db.session.add(user)
        db.session.flush()
    link = ResourceLink.query.filter_by(resource_link_id="1").one()
    score = record_score(user=user, activity=setup["activity"], link=link, score_given=points,
                         activity_progress="Completed", grading_progress=progress)
    db.session.commit()
    return score


def _row(client, token, sub="4"):
    """(data-state, the row's text without tags) of one learner on the instructor's grades page."""
    body = client.get(f"/grades/?launch={token}").get_data(as_text=True)
    row = dict(re.findall(r'<tr data-user="(\d+)">(.*?)</tr>', body, re.S))[sub]
    state = re.search(r'data-state="([a-z]+)"', row).group(1)
    return state, " ".join(re.sub(r"<[^>]+>", " ", row).split())


def test_delivered_shows_the_score_in_moodles_gradebook_and_when(setup, client, platform):
    score = _score(setup, points=30)
    delivery.deliver_due()
    state, text = _row(client, setup["token"])
    assert state == "delivered"
    assert "in Moodle's gradebook: 30" in text
    assert format_datetime(db.session.get(Score, score.id).delivered_at, "en") in text
    assert "Send again" not in text


def test_pending_manual_is_waiting_for_grading_never_in_moodle(setup, client, platform):
    _score(setup, points=20, progress="PendingManual")
    delivery.deliver_due()  # Moodle accepted it, and shows "-"
    assert platform.ags.gradebook[(2, "4")]["gradingProgress"] == "PendingManual"
    state, text = _row(client, setup["token"])
    assert state == "waiting"
    assert "waiting for grading" in text and "not in Moodle's gradebook yet" in text and "Grade it" in text
    assert "in Moodle since" not in text and "in Moodle's gradebook:" not in text


def test_queued_and_sending(setup, client, platform):
    score = _score(setup)
    state, text = _row(client, setup["token"])
    assert state == "queued" and "queued for Moodle" in text and "Nothing to do" in text
    assert delivery.claim() == [score.id]  # a worker has it
    state, text = _row(client, setup["token"])
    assert state == "sending" and "sending to Moodle" in text


def test_retried_failure_shows_the_next_try_and_moodles_answer(setup, client, platform):
    score = _score(setup)
    platform.ags.fail_next(503)
    delivery.deliver_due()
    row = db.session.get(Score, score.id)
    state, text = _row(client, setup["token"])
    assert state == "retrying"
    assert f"not in Moodle yet — next try at {format_time(row.next_attempt_at, 'en')} (Moodle answered 503)" in text
    assert "tried again by itself" in text and "Send again" in text


def test_unreachable_moodle_is_said_so(setup, client, platform, monkeypatch):
    _score(setup)

    def unreachable(*args, **kwargs):
        raise requests.ConnectionError("refused")

    monkeypatch.setattr(delivery, "post_score", unreachable)
    delivery.deliver_due()
    state, text = _row(client, setup["token"])
    assert state == "retrying" and "(Moodle could not be reached)" in text


def test_refusal_shows_moodles_reason_and_what_to_check(setup, client, platform):
    _score(setup, sub="3")  # the teacher: Moodle answers 400
    delivery.deliver_due()
    state, text = _row(client, setup["token"], sub="3")
    assert state == "refused"
    assert "Moodle refused: Incorrect score received" in text  # Moodle's own reason, not its JSON
    assert "Check the user is a learner in Moodle" in text and "Send again" in text


def test_superseded_by_moodles_newer_grade(setup, client, platform):
    _score(setup)
    platform.ags.gradebook[(2, "4")] = {"scoreGiven": 1, "scoreMaximum": 50, "timestamp": 4102444800,
                                        "gradingProgress": "FullyGraded", "activityProgress": "Completed",
                                        "comment": None}
    delivery.deliver_due()
    state, text = _row(client, setup["token"])
    assert state == "superseded" and "Moodle keeps the newer grade" in text


def test_states_in_indonesian(setup, client, browser, platform):
    token = _token(browser, setup["activity"], locale="id")
    _score(setup, points=12.5)
    delivery.deliver_due()
    state, text = _row(client, token)
    assert state == "delivered" and "di buku nilai Moodle: 12,5" in text
    _score(setup, sub="4", points=3)
    platform.ags.fail_next(503)
    delivery.deliver_due()
    state, text = _row(client, token)
    assert state == "retrying" and "belum ada di Moodle" in text and "Moodle menjawab 503" in text


def test_learner_sees_the_state_without_staff_actions(graded_course, browser, client, platform):
    token = browser.launch_with("student", **custom_activity(graded_course["activity"]))
    token = token.headers["Location"].split("launch=", 1)[1]
    user = LtiUser.query.filter_by(sub="4").one()  # the student's launch made it
    record_score(user=user, activity=graded_course["activity"], link=None, score_given=20,
                 activity_progress="Submitted", grading_progress="PendingManual")
    db.session.commit()
    delivery.deliver_due()
    body = client.get(f"/practice/?launch={token}").get_data(as_text=True)
    assert 'data-state="waiting"' in body and "waiting for your instructor" in body
    assert "in Moodle since" not in body and 'data-testid="grade-action"' not in body


def test_admin_page_lists_refused_and_retrying_scores_with_their_state(app, setup, client, platform):
    from lti_tool.admin.cli import upsert_admin

    _score(setup, sub="3")  # refused (400)
    delivery.deliver_due()
    retried = _score(setup, sub="4")
    platform.ags.fail_next(502)
    delivery.deliver_due()
    _score(setup, sub="5")  # delivered: not listed
    delivery.deliver_due()
    upsert_admin("admin", "a-long-password")
    login = client.get("/admin/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
    client.post("/admin/login", data={"csrf_token": csrf, "username": "admin", "password": "a-long-password"})
    body = client.get("/admin/grades/failures").get_data(as_text=True)
    states = re.findall(r'<tr data-score="(\d+)">.*?data-state="([a-z]+)"', body, re.S)
    assert sorted(s for _, s in states) == ["refused", "retrying"]
    assert (str(retried.id), "retrying") in states and "Moodle menjawab 502" in body  # the admin area: Indonesian
    assert platform.client_id in body


def test_grade_state_order_and_moodle_reason():
    def score(**fields):
        base = dict(status="pending", attempts=0, last_error="", last_status=None, grading_progress="FullyGraded",
                    next_attempt_at=utcnow() + timedelta(seconds=30), delivered_at=None)
        return Score(**{**base, **fields})

    assert grade_state(None).name == "none"
    assert grade_state(score()).name == "queued"
    assert grade_state(score(grading_progress="PendingManual", status="delivered")).name == "waiting"
    failed = score(status="failed", last_error='HTTP 400 {"status": 400, "reason": "No gradebook role"}')
    assert (grade_state(failed).name, grade_state(failed).http_status, grade_state(failed).reason) == (
        "refused", 400, "No gradebook role")
    retry = score(attempts=1, last_error="HTTP 503 <html>down</html>", last_status=503,
                  grading_progress="PendingManual")
    assert (grade_state(retry).name, grade_state(retry).reason) == ("retrying", "")
    assert moodle_reason("token refused (HTTP 401): invalid_client") == "invalid_client"
