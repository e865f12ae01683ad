"""Awarding a grade (one function for every kind) and completion as an event, once per activity and learner."""
import re
import threading
import time

import pytest
from support import custom_activity

from lti_tool.activities.completion import (
    Completion,
    activity_completed,
    announce_completion,
    completion_revoked,
    revoke_completion,
)
from lti_tool.activities.services import create_activity
from lti_tool.extensions import db
from lti_tool.grades.award import award, score_awarded
from lti_tool.grades.models import DELIVERED, PENDING, Score
from lti_tool.lti.models import LtiUser


@pytest.fixture
def completions():
    """Every activity_completed signal, as (activity id, learner sub)."""
    seen = []

    def on_completed(activity, learner, at):
        assert at is not None
        seen.append((activity.id, learner.sub))

    activity_completed.connect(on_completed)
    yield seen
    activity_completed.disconnect(on_completed)


def _launch(browser, activity, sub="4"):
    resp = browser.launch_with("student", sub=sub, **custom_activity(activity))
    return resp.headers["Location"].split("launch=", 1)[1]


def _submit(client, token, answer="x" * 12):
    page = client.get(f"/practice/?launch={token}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    resp = client.post(f"/practice/submit?launch={token}", data={"answer": answer, "csrf_token": csrf})
    assert resp.status_code == 200
    return resp


def test_completion_fires_once_per_learner_and_activity_across_regrades(graded_course, browser, client,
                                                                          completions):
    activity = graded_course["activity"]
    token = _launch(browser, activity)
    _submit(client, token, "x" * 10)
    _submit(client, token, "x" * 30)  # resubmitted: a regrade, not a second completion
    assert completions == [(activity.id, "4")]
    assert Score.query.count() == 2 and Completion.query.count() == 1

    _submit(client, _launch(browser, activity, sub="5"))  # another learner
    other = create_activity(graded_course["course"].id, None, "practice", "Other")
    _submit(client, _launch(browser, other))  # the same learner, another activity
    assert completions == [(activity.id, "4"), (activity.id, "5"), (other.id, "4")]


def test_completion_is_announced_once_across_concurrent_callers(app, graded_course, completions):
    """Several processes (here: threads with their own sessions) announcing at once: one insert wins."""
    learner = LtiUser(issuer=graded_course["course"].issuer, sub="77", name="Learner")
    db.session.add(learner)
    db.session.commit()
    activity_id, user_id, results = graded_course["activity"].id, learner.id, []
    start = threading.Barrier(4)

    def announce():
        with app.app_context():
            activity = db.session.get(type(graded_course["activity"]), activity_id)
            user = db.session.get(LtiUser, user_id)
            start.wait(10)
            results.append(announce_completion(activity, user))
            db.session.remove()

    threads = [threading.Thread(target=announce) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == [False, False, False, True]
    assert completions == [(activity_id, "77")]


def test_revoked_completion_is_announced_again(graded_course, completions):
    activity = graded_course["activity"]
    learner = LtiUser.query.filter_by(sub="3").one()
    revoked = []

    def on_revoked(sender, learner):
        revoked.append(learner.sub)

    completion_revoked.connect(on_revoked)
    try:
        assert announce_completion(activity, learner) is True
        assert announce_completion(activity, learner) is False
        assert revoke_completion(activity, learner) is True
        assert revoke_completion(activity, learner) is False
        assert announce_completion(activity, learner) is True
    finally:
        completion_revoked.disconnect(on_revoked)
    assert revoked == ["3"]
    assert completions == [(activity.id, "3"), (activity.id, "3")]


def test_award_commits_the_callers_work_with_the_score_and_announces_it(graded_course):
    activity = graded_course["activity"]
    learner = LtiUser.query.filter_by(sub="3").one()
    awarded = []

    def on_awarded(sender, learner, score):
        awarded.append((sender.id, learner.sub, score.score_given))

    score_awarded.connect(on_awarded)
    try:
        activity.description = "pending work of the caller"
        score = award(activity, learner, 20, activity_progress="Submitted", grading_progress="PendingManual")
    finally:
        score_awarded.disconnect(on_awarded)
    db.session.rollback()  # nothing left to roll back: both are committed
    assert activity.description == "pending work of the caller"
    assert db.session.get(Score, score.id).status == PENDING
    assert awarded == [(activity.id, "3", 20)]


def test_award_refuses_a_score_out_of_range_and_commits_nothing(graded_course):
    activity = graded_course["activity"]
    learner = LtiUser.query.filter_by(sub="3").one()
    awarded = []

    def receiver(sender, **kw):  # a named function: blinker holds receivers weakly, a bound list.append is dropped
        awarded.append(kw["score"].score_given)

    score_awarded.connect(receiver)
    try:
        with pytest.raises(ValueError):
            award(activity, learner, 51, activity_progress="Completed", grading_progress="FullyGraded")
        with pytest.raises(ValueError):
            award(activity, learner, 9, activity_progress="Completed", grading_progress="FullyGraded",
                  score_maximum=8)
        assert Score.query.count() == 0 and awarded == []
        score = award(activity, learner, 9, activity_progress="Completed", grading_progress="FullyGraded",
                      score_maximum=10)
    finally:
        score_awarded.disconnect(receiver)
    assert score.score_maximum == 10
    assert awarded == [9]  # the receiver was listening: the refusals above announced nothing


def test_award_starts_delivery_after_the_commit(app, graded_course, browser, platform):
    app.config["LATIH_DELIVER_AFTER_REQUEST"] = True
    learner = LtiUser.query.filter_by(sub="4").first() or LtiUser(issuer=platform.issuer, sub="4", name="Sam")
    db.session.add(learner)
    db.session.commit()
    score = award(graded_course["activity"], learner, 33, activity_progress="Completed",
                  grading_progress="FullyGraded")
    deadline = time.time() + 10
    while time.time() < deadline and db.session.get(Score, score.id).status != DELIVERED:
        db.session.rollback()
        time.sleep(0.05)
    assert db.session.get(Score, score.id).status == DELIVERED
    assert [s["body"]["scoreGiven"] for s in platform.ags.scores] == [33]
