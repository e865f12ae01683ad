"""Scores from the outbox to a fake Moodle's AGS: delivery, retries, supersession, tokens, faults."""
import threading
import time
from datetime import timedelta

import pytest
from support import custom_activity

from lti_tool.clock import utcnow
from lti_tool.extensions import db
from lti_tool.grades import delivery
from lti_tool.grades.models import DELIVERED, FAILED, PENDING, SENDING, SUPERSEDED, Score
from lti_tool.grades.outbox import record_score
from lti_tool.lti.models import LtiUser, ResourceLink

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"


@pytest.fixture
def course(graded_course, browser):
    """The graded course with the student's link bound to the activity (line item 6 in Moodle)."""
    browser.open(browser.launch_with("student", **custom_activity(graded_course["activity"])))
    return dict(graded_course, link=ResourceLink.query.filter_by(resource_link_id="3").one())


def _score(course, sub="4", points=40, progress="FullyGraded", link=True):
    user = LtiUser.query.filter_by(sub=sub).first() or LtiUser(issuer=course["course"].issuer, sub=sub, name=sub)
    db.session.add(user)
    db.session.flush()
    score = record_score(user=user, activity=course["activity"], link=course["link"] if link else None,
                         score_given=points, activity_progress="Completed", grading_progress=progress)
    db.session.commit()
    return score


def _run_until_idle(rounds=10):
    for _ in range(rounds):
        Score.query.filter(Score.status == PENDING).update({"next_attempt_at": utcnow() - timedelta(seconds=1)})
        db.session.commit()
        if not delivery.deliver_due():
            return


def test_learner_score_reaches_the_gradebook_right_after_the_request(app, browser, course, platform, client):
    app.config["LATIH_DELIVER_AFTER_REQUEST"] = True
    token = browser.launch_with("student", **{LTI + "custom": {"latih_activity": str(course["activity"].id)}})
    token = token.headers["Location"].split("launch=", 1)[1]
    page = client.post(f"/practice/submit?launch={token}", data={"answer": "x" * 30,
                       "csrf_token": _csrf(client, token)})
    assert page.status_code == 200
    deadline = time.time() + 10
    while time.time() < deadline:  # the delivery runs in a thread after the response
        db.session.rollback()
        if Score.query.one().status == DELIVERED:
            break
        time.sleep(0.05)
    assert Score.query.one().status == DELIVERED
    grade = platform.ags.gradebook[(6, "4")]
    assert grade["scoreGiven"] == 30 and grade["gradingProgress"] == "FullyGraded"
    # The learner sees that the grade has reached Moodle.
    assert 'data-state="delivered"' in client.get(f"/practice/?launch={token}").get_data(as_text=True)


def _csrf(client, token):
    import re

    body = client.get(f"/practice/?launch={token}").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)


def test_body_sent_matches_moodle_shape(course, platform):
    _score(course, points=42)
    delivery.deliver_due()
    (sent,) = platform.ags.scores
    assert sent["item_id"] == 6 and sent["status"] == 200
    body = sent["body"]
    assert body["userId"] == "4" and body["scoreGiven"] == 42 and body["scoreMaximum"] == 50
    assert body["activityProgress"] == "Completed" and body["gradingProgress"] == "FullyGraded"
    assert body["timestamp"].endswith("+00:00")


def test_final_grade_right_after_automatic_one_is_not_lost(course, platform):
    """Moodle compares timestamps to the second: the second score is stamped a second later."""
    first = _score(course, points=20, progress="PendingManual")
    second = _score(course, points=45)
    assert second.timestamp >= first.timestamp + timedelta(seconds=1)
    delivery.deliver_due()
    assert [s["status"] for s in platform.ags.scores] == [200]  # only the newest is sent
    assert platform.ags.gradebook[(6, "4")]["scoreGiven"] == 45
    db.session.expire_all()
    assert db.session.get(Score, first.id).status == SUPERSEDED


def test_both_sent_in_order_when_delivered_one_by_one(course, platform):
    first = _score(course, points=20, progress="PendingManual")
    delivery.deliver_due()
    second = _score(course, points=45)
    delivery.deliver_due()
    assert [s["status"] for s in platform.ags.scores] == [200, 200]
    assert platform.ags.gradebook[(6, "4")]["scoreGiven"] == 45
    assert db.session.get(Score, first.id).status == DELIVERED and db.session.get(Score, second.id).status == DELIVERED


def test_moodle_409_marks_superseded_not_failed(course, platform):
    score = _score(course)
    platform.ags.gradebook[(6, "4")] = {"scoreGiven": 1, "scoreMaximum": 50, "timestamp": int(time.time()) + 3600,
                                        "gradingProgress": "FullyGraded", "activityProgress": "Completed",
                                        "comment": None}
    delivery.deliver_due()
    db.session.expire_all()
    assert db.session.get(Score, score.id).status == SUPERSEDED


def test_teacher_score_fails_with_platforms_reason(course, platform):
    score = _score(course, sub="3")  # Terry Teacher: no gradebook role
    delivery.deliver_due()
    db.session.expire_all()
    row = db.session.get(Score, score.id)
    assert row.status == FAILED and "400" in row.last_error


def test_line_item_found_or_created_by_resource_id(course, platform):
    """A link without a line item in its claim: the container is searched by resourceId, else one is created."""
    before = set(platform.ags.lineitems)
    _score(course, sub="4", link=False)
    _score(course, sub="5", link=False)
    delivery.deliver_due()
    created = set(platform.ags.lineitems) - before
    assert len(created) == 1
    (item_id,) = created
    item = platform.ags.lineitems[item_id]
    assert item["resourceId"] == course["activity"].resource_id and item["scoreMaximum"] == 50
    assert item["label"] == "Budget" and item["tag"] == "practice"
    assert {(s["item_id"], s["body"]["userId"]) for s in platform.ags.scores} == {(item_id, "4"), (item_id, "5")}
    posts = [r for r in platform.requests if r["method"] == "POST" and r["path"].endswith("/lineitems")]
    assert len(posts) == 1


def test_platform_down_for_long_loses_nothing(course, platform):
    platform.ags.add_members(20)
    ids = [_score(course, sub=str(1000 + i)).id for i in range(20)]
    platform.ags.down = True
    for _ in range(3):
        _run_until_idle(rounds=1)
    db.session.expire_all()
    rows = Score.query.filter(Score.id.in_(ids)).all()
    assert all(r.status == PENDING and r.attempts >= 1 and "503" in r.last_error for r in rows)
    assert all(r.next_attempt_at > utcnow() for r in rows)  # backed off
    platform.ags.down = False
    _run_until_idle()
    db.session.expire_all()
    assert {r.status for r in Score.query.filter(Score.id.in_(ids))} == {DELIVERED}
    assert len({k for k in platform.ags.gradebook if k[0] == 6}) == 20


def test_backoff_grows_and_honours_retry_after(course, platform):
    score = _score(course)
    platform.ags.fail_next(429, headers={"Retry-After": "120"})
    delivery.deliver_due()
    db.session.expire_all()
    row = db.session.get(Score, score.id)
    assert row.status == PENDING
    assert row.next_attempt_at >= utcnow() + timedelta(seconds=110)


def test_backoff_is_exponential_with_jitter():
    delays = [delivery._backoff(n) for n in range(1, 12)]
    assert 1.0 <= delays[0] <= 3.0
    assert delays[4] > delays[0]
    assert max(delays) <= delivery.BACKOFF_CAP * 1.5


def test_worker_killed_mid_delivery_sends_again_later(course, platform):
    score = _score(course)
    assert delivery.claim() == [score.id]  # a worker took it ... and died before sending
    assert delivery.deliver_due() == {}  # its lease still holds
    Score.query.filter_by(id=score.id).update({"claimed_until": utcnow() - timedelta(seconds=1)})
    db.session.commit()
    assert delivery.deliver_due() == {DELIVERED: 1}
    assert platform.ags.gradebook[(6, "4")]["scoreGiven"] == 40


def test_two_workers_never_send_the_same_score_and_skip_none(app, course, platform):
    platform.ags.add_members(40)
    ids = {_score(course, sub=str(1000 + i)).id for i in range(40)}
    platform.ags.delay = 0.01
    done = []

    def worker():
        with app.app_context():
            while True:
                counts = delivery.deliver_due(limit=5)
                if not counts:
                    break
                done.append(counts)
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    sent = [s["body"]["userId"] for s in platform.ags.scores]
    assert len(sent) == len(set(sent)) == 40
    db.session.expire_all()
    assert {r.status for r in Score.query.filter(Score.id.in_(ids))} == {DELIVERED}


def test_token_expiring_mid_batch_is_refreshed_once(course, platform):
    platform.ags.add_members(6)
    for i in range(6):
        _score(course, sub=str(1000 + i))
    tokens_before = len(platform.access_tokens)
    first = delivery.claim(limit=3)
    for score_id in first:
        delivery.deliver(score_id)
    platform.expire_tokens()
    assert delivery.deliver_due() == {DELIVERED: 3}
    assert len(platform.access_tokens) - tokens_before == 2  # one token, then one refresh
    assert FAILED not in {r.status for r in Score.query}


def test_token_is_cached_across_scores(course, platform):
    platform.ags.add_members(10)
    for i in range(10):
        _score(course, sub=str(1000 + i))
    delivery.deliver_due()
    assert len(platform.access_tokens) == 1


def test_grades_cli_status_and_deliver(app, course, platform):
    _score(course)
    runner = app.test_cli_runner()
    assert "pending     1" in runner.invoke(args=["grades", "status"]).output
    result = runner.invoke(args=["grades", "deliver", "--once"])
    assert result.exit_code == 0 and "delivered=1" in result.output
    assert "delivered   1" in runner.invoke(args=["grades", "status"]).output


def test_sending_status_not_left_behind_on_bug(course, platform, monkeypatch):
    score = _score(course)
    monkeypatch.setattr(delivery, "post_score", lambda *a, **k: 1 / 0)
    assert delivery.deliver_due() == {"error": 1}
    db.session.expire_all()
    assert db.session.get(Score, score.id).status == SENDING  # freed when its lease passes
