"""Login and launch against a fake Moodle: what is accepted, and every check that refuses."""
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from fakeplatform import REMOVE
from lti_flow import ToolBrowser
from support import https_client

from lti_tool.extensions import db
from lti_tool.lti.models import Course, Deployment, LtiUser, ResourceLink

LTI = "https://purl.imsglobal.org/spec/lti/claim/"


def refusal(response):
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    marker = 'data-refusal="'
    assert marker in body, body
    return body.split(marker, 1)[1].split('"', 1)[0]


def test_student_launch_lands_on_learner_page(browser):
    page = browser.open(browser.launch("student"))
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert 'data-testid="learner-waiting"' in body
    assert "Your instructor has not set up this activity yet" in body  # launch locale 'en'


def test_instructor_launch_is_asked_to_set_up(browser):
    body = browser.open(browser.launch("instructor")).get_data(as_text=True)
    assert 'data-testid="instructor-setup"' in body


def test_deep_linking_launch_opens_select_content(browser):
    body = browser.open(browser.launch("deep_linking")).get_data(as_text=True)
    assert 'data-testid="select-content"' in body


def test_launch_records_user_course_and_link(browser, platform):
    browser.open(browser.launch("student"))
    user = LtiUser.query.filter_by(issuer=platform.issuer, sub="4").one()
    assert (user.name, user.email, user.locale) == ("Sam Student", "student1@example.com", "en")
    course = Course.query.one()
    assert (course.deployment_id, course.context_id, course.title) == ("1", "2", "LTI Lab Course")
    link = ResourceLink.query.one()
    assert (link.resource_link_id, link.course_id) == ("3", course.id)


def test_name_and_locale_refresh_on_next_launch(browser, platform):
    browser.open(browser.launch_with("student", name="Sam S. Student", **{
        LTI + "launch_presentation": {"locale": "id", "document_target": "iframe"}}))
    user = LtiUser.query.filter_by(sub="4").one()
    assert (user.name, user.locale) == ("Sam S. Student", "id")
    assert LtiUser.query.count() == 1


def test_indonesian_locale_from_launch(browser):
    resp = browser.launch_with("student", **{LTI + "launch_presentation": {"locale": "id"}})
    body = browser.open(resp).get_data(as_text=True)
    assert "Instruktur Anda belum menyiapkan aktivitas ini" in body


# --- refusals: each check has a test that fails when the check is removed ---------------------------


def test_replayed_id_token_is_refused_even_before_expiry(browser):
    query = browser.login("student")
    answer = browser.authorize(query)
    assert browser.post_launch(answer["id_token"], answer["state"]).status_code == 303
    again = browser.post_launch(answer["id_token"], answer["state"])
    assert again.status_code == 400
    assert refusal(again) == "nonce"


def test_token_with_nonce_never_issued_is_refused(browser):
    assert refusal(browser.launch_with("student", nonce="made-up-nonce")) == "nonce"


def test_alg_none_is_refused(browser):
    assert refusal(browser.launch_with("student", sign={"alg": "none"})) == "signature"


def test_hs256_signed_with_public_key_is_refused(browser, platform):
    resp = browser.launch_with("student", sign={"alg": "HS256", "key": "secret-shared-with-nobody-0123456789"})
    assert refusal(resp) == "signature"


def test_signature_by_another_key_is_refused(browser, platform):
    from cryptography.hazmat.primitives.asymmetric import rsa

    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    resp = browser.launch_with("student", sign={"key": other})
    assert refusal(resp) == "signature"


def test_unknown_kid_fetches_jwks_once_more(browser, platform):
    browser.open(browser.launch("student"))  # JWKS now cached
    certs = lambda: [r for r in platform.requests if r["path"].endswith("/certs.php")]  # noqa: E731
    fetched = len(certs())
    platform.rotate_key()  # Moodle rotated its key: the cached JWKS does not know the new kid
    resp = browser.launch("student")
    assert resp.status_code == 303
    assert len(certs()) == fetched + 1


def test_kid_unknown_after_refetch_is_refused(browser, platform):
    assert refusal(browser.launch_with("student", sign={"kid": "no-such-kid"})) == "signature"


def test_jwks_is_cached_between_launches(browser, platform):
    browser.launch("student")
    browser.launch("student")
    assert len([r for r in platform.requests if r["path"].endswith("/certs.php")]) == 1


def test_wrong_issuer_is_refused_without_500(browser):
    resp = browser.launch_with("student", iss="https://evil.example")
    assert resp.status_code == 400
    assert refusal(resp) == "platform"
    assert "https://evil.example" in resp.get_data(as_text=True)


def test_issuer_must_match_exactly(browser, platform):
    assert refusal(browser.launch_with("student", iss=platform.issuer + "/")) == "platform"


def test_wrong_audience_is_refused(browser):
    assert refusal(browser.launch_with("student", aud="another-client")) == "platform"


def test_audience_array_containing_client_id_is_accepted(browser, platform):
    resp = browser.launch_with("student", aud=[platform.client_id])
    assert resp.status_code == 303


def test_several_audiences_need_azp(browser, platform):
    resp = browser.launch_with("student", aud=["other", platform.client_id])
    assert refusal(resp) == "claims"
    ok = browser.launch_with("student", aud=["other", platform.client_id], azp=platform.client_id)
    assert ok.status_code == 303


def test_azp_naming_another_client_is_refused(browser, platform):
    assert refusal(browser.launch_with("student", azp="someone-else")) in ("claims", "platform")


def test_expired_token_is_refused(browser):
    import time

    now = int(time.time())
    assert refusal(browser.launch_with("student", iat=now - 600, exp=now - 300)) == "claims"


def test_token_issued_in_the_future_is_refused(browser):
    import time

    now = int(time.time())
    assert refusal(browser.launch_with("student", iat=now + 600, exp=now + 660)) == "claims"


def test_small_clock_skew_is_tolerated(browser):
    import time

    now = int(time.time())
    assert browser.launch_with("student", iat=now + 5, exp=now + 65).status_code == 303


def test_missing_exp_is_refused(browser):
    assert refusal(browser.launch_with("student", exp=REMOVE)) == "claims"


def test_state_is_bound_to_the_browser(client, platform, app):
    from lti_flow import ToolBrowser

    alice = ToolBrowser(client, platform)
    query = alice.login("student")
    answer = alice.authorize(query)
    mallory = ToolBrowser(https_client(app), platform)
    mallory.login("student")  # has cookies of its own, but not Alice's state
    resp = mallory.post_launch(answer["id_token"], answer["state"])
    assert resp.status_code == 400
    assert refusal(resp) in ("state", "session")


def test_launch_without_any_cookie_is_refused(app, platform):
    from lti_flow import ToolBrowser

    tab = ToolBrowser(https_client(app), platform)
    answer = tab.authorize(tab.login("student"))
    bare = https_client(app)
    resp = bare.post("/lti/launch", data={"id_token": answer["id_token"], "state": answer["state"]})
    assert refusal(resp) in ("state", "session")


def test_missing_state_is_refused(browser):
    query = browser.login("student")
    answer = browser.authorize(query)
    resp = browser.client.post("/lti/launch", data={"id_token": answer["id_token"]})
    assert refusal(resp) == "state"


def test_garbage_id_token_is_refused(browser):
    query = browser.login("student")
    assert refusal(browser.post_launch("not.a.jwt", query["state"])) == "format"
    assert refusal(browser.post_launch("", query["state"])) in ("format", "state")


def test_unknown_deployment_is_recorded_pending_and_refused(browser, platform):
    resp = browser.launch_with("student", **{LTI + "deployment_id": "99"})
    assert resp.status_code == 400
    assert refusal(resp) == "deployment"
    pending = Deployment.query.filter_by(deployment_id="99").one()
    assert pending.active is False and pending.first_seen_at is not None
    # Once an admin approves it, launches from it work.
    pending.active = True
    db.session.commit()
    assert browser.launch_with("student", **{LTI + "deployment_id": "99"}).status_code == 303


def test_inactive_deployment_is_refused(browser, platform):
    Deployment.query.update({"active": False})
    db.session.commit()
    assert refusal(browser.launch_with("student")) == "deployment"


def test_inactive_platform_is_refused_at_login(browser, platform):
    from lti_tool.lti.models import Platform

    Platform.query.update({"active": False})
    db.session.commit()
    form = platform.login_initiation_form("student")
    resp = browser.client.post("/lti/login", data=dict(form, probe="1"))
    assert refusal(resp) == "platform"


@pytest.mark.parametrize(
    "overrides",
    [
        {LTI + "version": "1.1"},
        {LTI + "message_type": "LtiSubmissionReviewRequest"},
        {LTI + "message_type": REMOVE},
    ],
)
def test_wrong_message_type_or_version_is_refused(browser, overrides):
    assert refusal(browser.launch_with("student", **overrides)) == "message"


def test_resource_link_launch_without_link_id_is_refused(browser):
    assert refusal(browser.launch_with("student", **{LTI + "resource_link": {"title": "x"}})) == "message"


def test_unknown_platform_login_names_issuer_and_client(client, platform):
    form = platform.login_initiation_form("student")
    form.update(iss="https://unknown.example", client_id="abc123")
    resp = client.post("/lti/login", data=dict(form, probe="1"), headers={"Accept-Language": "en"})
    body = resp.get_data(as_text=True)
    assert refusal(resp) == "platform"
    assert "https://unknown.example" in body and "abc123" in body


def test_refusal_is_in_indonesian_by_default(client, platform):
    form = platform.login_initiation_form("student")
    form.update(iss="https://unknown.example")
    body = client.post("/lti/login", data=dict(form, probe="1")).get_data(as_text=True)
    assert "Platform ini belum terdaftar" in body


def test_login_redirect_carries_what_moodle_needs(browser, platform):
    query = browser.login("student")
    assert query["redirect_uri"] == "https://localhost/lti/launch"
    assert query["client_id"] == platform.client_id
    assert (query["scope"], query["response_type"], query["response_mode"], query["prompt"]) == (
        "openid", "id_token", "form_post", "none")
    assert query["lti_message_hint"] and query["login_hint"] and query["nonce"] and query["state"]


def test_cookies_are_partitioned_and_cross_site(browser, client):
    form = browser.platform.login_initiation_form("student")
    cookies = client.post("/lti/login", data=form).headers.getlist("Set-Cookie")
    cookies += client.post("/lti/login", data=dict(form, probe="1")).headers.getlist("Set-Cookie")
    assert cookies
    for cookie in cookies:
        assert "Secure" in cookie and "SameSite=None" in cookie and "Partitioned" in cookie, cookie


def test_launch_token_from_another_session_finds_nothing(browser, app):
    location = browser.launch("student").headers["Location"]
    stranger = https_client(app)
    resp = stranger.get(location)
    assert resp.status_code == 401
    assert refusal(resp) == "expired"


def test_learner_in_a_deep_linking_launch_is_forbidden(browser):
    learner = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]
    resp = browser.open(browser.launch_with("deep_linking", **{LTI + "roles": learner}))
    assert resp.status_code == 403
    assert refusal(resp) == "forbidden"


def test_decoded_claims_never_reach_templates_raw(browser):
    body = browser.open(browser.launch("student")).get_data(as_text=True)
    assert "purl.imsglobal.org" not in body


def test_id_token_is_really_from_fixture_shape(platform):
    claims = jwt.decode(platform.id_token("student"), options={"verify_signature": False})
    assert claims[LTI + "context"]["type"] == ["CourseSection"]


def test_cookies_refused_in_frame_offers_new_window_which_works(app, platform):
    """Each request from a fresh client = a frame where the browser keeps no cookie at all."""
    from html import unescape

    form = platform.login_initiation_form("student")
    https_client(app).post("/lti/login", data=form)  # the probe cookie is set, but never comes back
    offer = https_client(app).post("/lti/login", data=dict(form, probe="1"))
    body = offer.get_data(as_text=True)
    assert offer.status_code == 200 and 'data-testid="new-window-offer"' in body
    link = unescape(body.split('target="_blank"', 1)[0].rsplit('href="', 1)[1].split('"', 1)[0])
    assert link.startswith("/lti/login?") and "new_window=1" in link
    # In the new (top-level) window cookies work: the same login hint goes through to the launch.
    window = ToolBrowser(https_client(app), platform)
    second = window.client.get(link)
    assert second.status_code == 302
    query = {k: v[0] for k, v in parse_qs(urlsplit(second.headers["Location"]).query).items()}
    answer = window.authorize(query)
    assert window.open(window.post_launch(answer["id_token"], answer["state"])).status_code == 200


def test_proxy_fix_makes_urls_https(app, platform):
    from lti_tool import create_app

    behind_proxy = create_app(dict(app.config, LATIH_PROXY_FIX=1))
    with behind_proxy.test_client() as plain:
        form = platform.login_initiation_form("student")
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "latih.example.go.id"}
        first = plain.post("/lti/login", data=form, base_url="http://10.0.0.5", headers=headers)
        assert "Secure" in first.headers["Set-Cookie"]
        second = plain.post("/lti/login", data=dict(form, probe="1"), base_url="http://10.0.0.5", headers=headers)
        query = parse_qs(urlsplit(second.headers["Location"]).query)
        assert query["redirect_uri"] == ["https://latih.example.go.id/lti/launch"]


def test_two_client_ids_on_one_issuer(app, browser, platform):
    """Two registrations of the tool on one Moodle (e.g. two tool types): each launch finds its own."""
    from support import register

    from lti_tool.lti.models import Course

    first_client = platform.client_id
    assert browser.launch("student").status_code == 303
    platform.client_id, platform.deployment_id = "SecondClient123", "7"
    register(platform)
    resp = browser.launch("student")
    assert resp.status_code == 303
    platforms = {c.deployment_id: c.platform.client_id for c in Course.query.all()}
    assert platforms == {"1": first_client, "7": "SecondClient123"}


def test_login_without_client_id_needs_a_single_registration(browser, platform):
    from support import register

    form = platform.login_initiation_form("student")
    del form["client_id"]
    assert browser.client.post("/lti/login", data=dict(form, probe="1")).status_code in (200, 302)
    platform.client_id = "another"
    register(platform)
    resp = browser.client.post("/lti/login", data=dict(form, probe="1"))
    assert refusal(resp) == "platform"  # ambiguous: which registration?


INSTITUTION = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#"
SYSTEM = "http://purl.imsglobal.org/vocab/lis/v2/system/person#"
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"


@pytest.mark.parametrize("role", ["Instructor", "Faculty", "Administrator"])
def test_institution_roles_alone_give_no_course_rights(browser, role):
    resp = browser.launch_with("instructor", **{LTI + "roles": [INSTITUTION + role]})
    assert resp.status_code == 403
    assert refusal(resp) == "no_role"


def test_a_learner_who_is_institution_staff_gets_the_learner_page(browser):
    """Canvas sends institution roles for every staff member: a learner in this course stays a learner."""
    roles = [MEMBERSHIP + "Learner", INSTITUTION + "Instructor", SYSTEM + "Administrator"]
    body = browser.open(browser.launch_with("instructor", **{LTI + "roles": roles})).get_data(as_text=True)
    assert 'data-testid="learner-waiting"' in body
    assert 'data-testid="instructor-setup"' not in body


def test_a_learner_who_is_institution_staff_cannot_open_select_content(browser):
    roles = [MEMBERSHIP + "Learner", INSTITUTION + "Administrator"]
    resp = browser.open(browser.launch_with("deep_linking", **{LTI + "roles": roles}))
    assert resp.status_code == 403
    assert refusal(resp) == "forbidden"


def test_a_moodle_site_admin_in_a_course_is_staff_through_the_membership_role(browser):
    roles = [INSTITUTION + "Administrator", MEMBERSHIP + "Instructor", SYSTEM + "Administrator"]
    body = browser.open(browser.launch_with("instructor", **{LTI + "roles": roles})).get_data(as_text=True)
    assert 'data-testid="instructor-setup"' in body


def test_a_launch_without_a_course_role_is_refused_in_indonesian(browser):
    resp = browser.launch_with("student", **{
        LTI + "roles": [SYSTEM + "Administrator"],
        LTI + "launch_presentation": {"locale": "id", "document_target": "iframe"}})
    assert resp.status_code == 403
    assert "tidak menyebutkan peran Anda" in resp.get_data(as_text=True)
