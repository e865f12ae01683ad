"""The course roster through NRPS (every page), and the grade pages that use it."""
import re

import pytest
from support import custom_activity

from lti_tool.activities.services import create_activity
from lti_tool.extensions import db
from lti_tool.grades import delivery
from lti_tool.grades.models import FAILED, PENDING, Score
from lti_tool.grades.outbox import record_score
from lti_tool.grades.roster import roster
from lti_tool.lti.models import LtiUser, ResourceLink

LTI = "https://purl.imsglobal.org/spec/lti/claim/"


@pytest.fixture
def setup(graded_course, browser):
    """The graded course, and an instructor's launch token on a link bound to the activity."""
    resp = browser.launch_with("instructor", **custom_activity(graded_course["activity"]))
    return dict(graded_course, token=resp.headers["Location"].split("launch=", 1)[1])


def test_roster_follows_every_page(setup, platform):
    platform.ags.add_members(45)
    platform.ags.nrps_page_size = 10
    members = roster(setup["course"], refresh=True)
    assert len(members) == 3 + 45
    pages = [r for r in platform.requests if "/memberships" in r["path"]]
    assert len(pages) == 5
    sam = next(m for m in members if m.user_id == "4")
    assert (sam.name, sam.email, sam.is_learner) == ("Sam Student", "student1@example.com", True)
    assert not next(m for m in members if m.user_id == "3").is_learner


def test_roster_is_cached_until_refreshed(setup, platform):
    roster(setup["course"])
    roster(setup["course"])
    assert len([r for r in platform.requests if "/memberships" in r["path"]]) == 1
    platform.ags.add_members(1)
    assert len(roster(setup["course"], refresh=True)) == 4


def _score(setup, sub, points=30):
    user = LtiUser.query.filter_by(sub=sub).first()
    if user is None:
        user = LtiUser(issuer=setup["course"].issuer, sub=sub, name=f"user {sub}")
        db.session.add(user)
        db.session.flush()
    link = ResourceLink.query.filter_by(resource_link_id="1").one()
    score = record_score(user=user, activity=setup["activity"], link=link, score_given=points,
                         activity_progress="Completed", grading_progress="FullyGraded")
    db.session.commit()
    return score


def test_instructor_page_lists_every_learner_with_state(setup, client, platform):
    _score(setup, "4", 30)
    delivery.deliver_due()
    _score(setup, "3")  # the teacher: Moodle answers 400
    delivery.deliver_due()
    body = client.get(f"/grades/?launch={setup['token']}").get_data(as_text=True)
    assert 'data-testid="grades-table"' in body
    rows = dict(re.findall(r'<tr data-user="(\d+)">(.*?)</tr>', body, re.S))
    assert 'data-state="delivered"' in rows["4"]
    assert 'data-state="none"' in rows["5"]  # Sally has not started
    assert 'data-state="refused"' in rows["3"] and "Moodle refused" in rows["3"]


def test_send_again_requeues_a_failed_score(setup, client, platform):
    failed = _score(setup, "4")
    platform.ags.fail_next(400)
    delivery.deliver_due()
    assert db.session.get(Score, failed.id).status == FAILED
    page = client.get(f"/grades/?launch={setup['token']}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    resp = client.post(f"/grades/send-again?launch={setup['token']}", data={"csrf_token": csrf, "score": failed.id})
    assert resp.status_code == 302
    again = Score.query.filter(Score.id != failed.id).one()
    assert again.status == PENDING and again.timestamp > failed.timestamp
    delivery.deliver_due()
    assert platform.ags.gradebook[(2, "4")]["scoreGiven"] == 30


def test_send_again_refuses_another_activitys_score(setup, client):
    other = create_activity(setup["course"].id, None, "practice", "Other")
    user = LtiUser.query.filter_by(sub="3").one()
    foreign = record_score(user=user, activity=other, link=None, score_given=1, activity_progress="Completed",
                           grading_progress="FullyGraded")
    db.session.commit()
    page = client.get(f"/grades/?launch={setup['token']}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    data = {"csrf_token": csrf.group(1) if csrf else "", "score": foreign.id}
    assert client.post(f"/grades/send-again?launch={setup['token']}", data=data).status_code in (400, 404)
    assert Score.query.count() == 1


def test_roster_failure_keeps_the_page_working(setup, client, platform):
    _score(setup, "4")
    platform.ags.down = True
    resp = client.get(f"/grades/?launch={setup['token']}&refresh=1")
    body = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "503" in body and 'data-user="4"' in body


def test_learner_cannot_see_grades_page(setup, browser, client):
    resp = browser.launch_with("student", **{LTI + "custom": {"latih_activity": str(setup["activity"].id)}})
    token = resp.headers["Location"].split("launch=", 1)[1]
    assert client.get(f"/grades/?launch={token}").status_code == 403


def test_admin_sees_failures_across_courses(app, setup, client, platform):
    from lti_tool.admin.cli import upsert_admin

    _score(setup, "3")  # teacher: 400
    delivery.deliver_due()
    upsert_admin("admin", "a-long-password")
    assert client.get("/admin/grades/failures").status_code == 302  # sign in first
    login = client.get("/admin/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
    client.post("/admin/login", data={"csrf_token": csrf, "username": "admin", "password": "a-long-password"})
    body = client.get("/admin/grades/failures").get_data(as_text=True)
    assert 'data-testid="grade-failures"' in body and "Budget" in body and "400" in body
