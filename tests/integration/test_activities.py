"""Activities through deep linking and manual links, with a kind that lives only in the tests."""
import re

import jwt
import pytest

from lti_tool.activities.models import Activity
from lti_tool.activities.services import create_activity
from lti_tool.extensions import db
from lti_tool.lti import keys
from lti_tool.lti.models import Course, ResourceLink

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"


@pytest.fixture
def kind(app):
    """The test-only kind is in LATIH_KINDS (tests/conftest.py): nothing to install."""
    assert "practice" in app.extensions["latih_kinds"]


def csrf(body):
    return re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)


def landing(browser, kind_="instructor", **overrides):
    resp = browser.launch_with(kind_, **overrides) if overrides else browser.launch(kind_)
    return browser.open(resp), resp.headers["Location"].split("launch=", 1)[1]


def test_deep_linking_creates_and_returns_signed_items(browser, platform, kind, client):
    page, token = landing(browser, "deep_linking")
    body = page.get_data(as_text=True)
    assert 'data-testid="select-content"' in body and 'data-testid="create-activity"' in body
    created = client.post(f"/activities/create?launch={token}", data={
        "csrf_token": csrf(body), "kind": "practice", "title": "Budget of a workshop", "description": "RKA"},
        follow_redirects=True)
    body = created.get_data(as_text=True)
    activity = Activity.query.one()
    assert activity.course.context_id == "2" and activity.score_maximum == 50
    assert f'value="{activity.id}"' in body and "checked" in body
    answer = client.post(f"/activities/deep-link?launch={token}",
                         data={"csrf_token": csrf(body), "activity": [str(activity.id)]})
    html = answer.get_data(as_text=True)
    assert 'data-testid="deep-link-return"' in html
    assert "contentitem_return.php" in html
    signed = re.search(r'name="JWT" value="([^"]+)"', html).group(1)
    header = jwt.get_unverified_header(signed)
    assert header["kid"] == keys.active_key().kid
    public = jwt.PyJWK(keys.active_key().public_jwk).key
    claims = jwt.decode(signed, public, algorithms=["RS256"], audience=platform.issuer)
    assert claims["iss"] == platform.client_id
    assert claims[LTI + "message_type"] == "LtiDeepLinkingResponse"
    assert claims[LTI + "deployment_id"] == platform.deployment_id
    (item,) = claims[DL + "content_items"]
    assert item["type"] == "ltiResourceLink"
    assert item["title"] == "Budget of a workshop" and item["text"] == "RKA"
    assert item["url"] == "https://localhost/lti/launch"
    assert item["custom"] == {"latih_activity": str(activity.id)}
    assert item["lineItem"] == {"scoreMaximum": 50.0, "label": "Budget of a workshop",
                                "resourceId": f"latih-activity-{activity.id}", "tag": "practice"}


def _activity(title="A", context_id="2"):
    course = Course.query.filter_by(context_id=context_id).one()
    return create_activity(course.id, None, "practice", title)


def test_deep_linked_link_binds_by_custom_parameter(browser, kind):
    browser.open(browser.launch("instructor"))  # course exists
    activity = _activity("Budget")
    page = browser.open(browser.launch_with("student", **{LTI + "custom": {"latih_activity": str(activity.id)}}))
    assert 'data-testid="practice-learner"' in page.get_data(as_text=True)
    assert ResourceLink.query.filter_by(resource_link_id="3").one().activity_id == activity.id


def test_forged_custom_parameter_cannot_reach_another_course(browser, kind):
    other_course_ctx = {"id": "99", "label": "OTHER", "title": "Other course", "type": ["CourseSection"]}
    browser.open(browser.launch_with("instructor", **{LTI + "context": other_course_ctx}))
    foreign = _activity("Secret", context_id="99")
    page = browser.open(browser.launch_with("student", **{LTI + "custom": {"latih_activity": str(foreign.id)}}))
    body = page.get_data(as_text=True)
    assert 'data-testid="learner-waiting"' in body and "Secret" not in body
    assert ResourceLink.query.filter_by(resource_link_id="3").one().activity_id is None


def test_manual_link_asks_instructor_then_stays_bound(browser, kind, client):
    browser.open(browser.launch("instructor"))
    activity = _activity("Budget")
    page, token = landing(browser, "instructor")
    body = page.get_data(as_text=True)
    assert 'data-testid="bind-activity"' in body
    done = client.post(f"/activities/bind?launch={token}", data={"csrf_token": csrf(body), "activity": activity.id},
                       follow_redirects=True)
    assert 'data-testid="practice-instructor"' in done.get_data(as_text=True)
    # Next launches (learner and instructor) land on the activity.
    assert 'data-testid="practice-learner"' in browser.open(browser.launch_with(
        "student", **{LTI + "resource_link": {"id": "1", "title": "x"}})).get_data(as_text=True)


def test_instructor_cannot_bind_another_courses_activity(browser, kind, client):
    browser.open(browser.launch_with("instructor", **{LTI + "context": {"id": "99", "title": "Other"}}))
    foreign = _activity("Secret", context_id="99")
    page, token = landing(browser, "instructor")
    resp = client.post(f"/activities/bind?launch={token}", data={"csrf_token": csrf(page.get_data(as_text=True)),
                                                                "activity": foreign.id})
    assert resp.status_code == 404
    assert ResourceLink.query.filter_by(resource_link_id="1").one().activity_id is None


def test_learner_cannot_create_or_bind(app, browser, kind, client):
    app.config["WTF_CSRF_ENABLED"] = False  # so only the role check stands in the way
    _, token = landing(browser, "student")
    for path in ("/activities/create", "/activities/bind", "/activities/deep-link"):
        resp = client.post(f"{path}?launch={token}", data={"kind": "practice", "title": "x", "activity": "1"})
        assert resp.status_code == 403, path
    assert Activity.query.count() == 0


def test_forms_need_csrf(browser, kind, client):
    _, token = landing(browser, "instructor")
    resp = client.post(f"/activities/create?launch={token}", data={"kind": "practice", "title": "x"})
    assert resp.status_code == 400
    assert Activity.query.count() == 0


def test_learner_cannot_open_instructor_page_of_kind(browser, kind, client):
    browser.open(browser.launch("instructor"))
    activity = _activity()
    link = ResourceLink.query.filter_by(resource_link_id="1").first()
    assert link is not None
    student_link = browser.launch_with("student", **{LTI + "custom": {"latih_activity": str(activity.id)}})
    token = student_link.headers["Location"].split("launch=", 1)[1]
    assert client.get(f"/practice/manage?launch={token}").status_code == 403


def test_dialog_size_is_comfortable(browser, kind):
    page, _ = landing(browser, "deep_linking")
    assert "latih-dialog" in page.get_data(as_text=True)
    db.session.rollback()
