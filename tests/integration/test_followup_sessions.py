"""Follow-up sessions: created from Moodle's "Select content" dialog, signing up and cancelling (the waiting list and
its promotion), attendance from the list (JP credited once, unmarked → reversal; the grade through the outbox),
the attendance code (right, wrong, expired, rate-limited), CSRF, and another course's staff refused."""
import re
import time
from decimal import Decimal

from followup_support import learner_token, make_session, page, post, session_fields
from modules_pages_support import csrf

from lti_tool.activities.models import Activity
from lti_tool.activities.services import create_activity
from lti_tool.followup import codes
from lti_tool.followup.models import FollowupSession, FollowupSignup
from lti_tool.followup.services import cancel, sign_up
from lti_tool.grades.models import Score
from lti_tool.lti.models import LtiUser
from lti_tool.record.models import CREDIT, REVERSAL, LearningCredit


def _ledger(sub="4"):
    user = LtiUser.query.filter_by(sub=sub).one()
    return [(e.entry, e.jp, e.category) for e in LearningCredit.query.filter_by(user_id=user.id).order_by(
        LearningCredit.id)]


def test_created_from_the_deep_linking_dialog(browser, client):
    resp = browser.launch("deep_linking")
    body, token = browser.open(resp).get_data(as_text=True), resp.headers["Location"].split("launch=", 1)[1]
    assert 'data-testid="create-fields-followup"' in body and 'name="followup_starts_at"' in body
    data = {"csrf_token": csrf(body), "kind": "followup", "title": "Seminar SIPD",
            **session_fields(followup_url="https://zoom.example/j/123", followup_capacity="30",
                             followup_jp="1,5", followup_category="seminar/workshop", followup_graded="1")}
    client.post(f"/activities/create?launch={token}", data=data)
    activity = Activity.query.filter_by(title="Seminar SIPD").one()
    session = FollowupSession.query.one()
    assert activity.kind == "followup" and activity.graded
    assert session.capacity == 30 and session.jp == Decimal("1.50") and session.online_url.startswith("https://")
    assert session.ends_at > session.starts_at and len(session.code_secret) == 64
    for wrong in ({"followup_url": "javascript:alert(1)"}, {"followup_jp": "101"}, {"followup_jp": "1.234"},
                  {"followup_capacity": "0"}, {"followup_category": "rapat"},
                  {"followup_place": "", "followup_url": ""}, {"followup_ends_at": "2020-01-01T10:00"}):
        answer = client.post(f"/activities/create?launch={token}", follow_redirects=True, data={
            "csrf_token": csrf(body), "kind": "followup", "title": "Salah", **session_fields(**wrong)})
        text = answer.get_data(as_text=True)
        assert Activity.query.filter_by(title="Salah").count() == 0, wrong
        assert 'alert-danger' in text, wrong


def test_sign_up_cancel_and_the_waiting_list(app, browser, platform, client):
    made = make_session(app, browser, platform, followup_capacity="1")
    second = learner_token(browser, made["activity"], sub="5")
    assert post(client, made["learner"], "/followup/signup").status_code == 302
    assert 'data-testid="followup-signed-up"' in page(client, made["learner"])
    post(client, second, "/followup/signup")
    body = page(client, second)
    assert 'data-testid="followup-waiting"' in body and "nomor 1" in body
    assert post(client, made["learner"], "/followup/cancel").status_code == 302  # the seat goes to the waiting list
    assert 'data-testid="followup-signed-up"' in page(client, second)
    assert "Anda belum mendaftar" in page(client, made["learner"])
    manage = page(client, made["teacher"], "/followup/manage")
    assert 'data-testid="followup-seats-list"' in manage and "1 of 1 taken" in manage


def test_promotion_keeps_the_order_of_the_waiting_list(app, browser, platform, client):
    made = make_session(app, browser, platform, followup_capacity="2")
    users = [LtiUser(issuer=platform.issuer, sub=f"u{n}", name=f"Peserta {n}") for n in range(5)]
    from lti_tool.extensions import db

    db.session.add_all(users)
    db.session.commit()
    outcomes = [sign_up(made["activity"].id, user=u)[0] for u in users]
    assert outcomes == ["confirmed", "confirmed", "waiting", "waiting", "waiting"]
    assert sign_up(made["activity"].id, user=users[0])[0] == "already"
    assert cancel(made["activity"].id, user=users[1]) == "cancelled"
    confirmed = {r.user_id for r in FollowupSignup.query.filter_by(confirmed=True)}
    assert confirmed == {users[0].id, users[2].id}
    assert cancel(made["activity"].id, user=users[3]) == "cancelled"  # a waiting place freed: nobody promoted
    assert {r.user_id for r in FollowupSignup.query.filter_by(confirmed=True)} == confirmed
    assert cancel(made["activity"].id, user=users[3]) == "none"


def test_attendance_from_the_list_credits_jp_once_and_unmarking_reverses(app, browser, platform, client):
    made = make_session(app, browser, platform, followup_jp="2.5", followup_graded="1",
                        followup_category="coaching/mentoring")  # the session's category, through the seam
    post(client, made["learner"], "/followup/signup")
    row = FollowupSignup.query.one()
    manage = page(client, made["teacher"], "/followup/manage")
    assert 'data-testid="followup-grade-note"' in manage
    attend = {"csrf_token": csrf(manage), "listed": [str(row.id)], "attended": [str(row.id)]}
    assert client.post(f"/followup/attendance?launch={made['teacher']}", data=attend).status_code == 302
    client.post(f"/followup/attendance?launch={made['teacher']}", data=attend)  # saved twice
    assert _ledger() == [(CREDIT, Decimal("2.50"), "coaching/mentoring")]
    scores = Score.query.order_by(Score.id).all()
    assert [s.score_given for s in scores] == [Decimal(100)]
    assert "2.5 dari 20 JP" in page(client, made["learner"], "/record/")
    client.post(f"/followup/attendance?launch={made['teacher']}", data={"csrf_token": csrf(manage),
                                                                        "listed": [str(row.id)]})
    assert [e[0] for e in _ledger()] == [CREDIT, REVERSAL]
    assert Score.query.order_by(Score.id.desc()).first().score_given is None
    assert "0 dari 20 JP" in page(client, made["learner"], "/record/")


def test_a_sign_up_of_another_session_is_never_marked(app, browser, platform, client):
    made = make_session(app, browser, platform)
    other = create_activity(made["activity"].course_id, None, "followup", "Seminar lain", form=session_fields())
    foreign = sign_up(other.id, user=LtiUser.query.filter_by(sub="4").one())[1]
    manage = page(client, made["teacher"], "/followup/manage")
    client.post(f"/followup/attendance?launch={made['teacher']}", data={
        "csrf_token": csrf(manage), "listed": [str(foreign.id)], "attended": [str(foreign.id)]})
    assert FollowupSignup.query.one().attended_at is None and LearningCredit.query.count() == 0


def _shown_code(client, made):
    body = page(client, made["teacher"], "/followup/projector")
    assert 'data-testid="followup-qr"' in body and 'src="data:image/svg+xml' in body
    return re.search(r'data-code="(\d{6})"', body).group(1)


def test_the_attendance_code_right_wrong_and_rate_limited(app, browser, platform, client):
    made = make_session(app, browser, platform, followup_jp="2")
    projector = client.get(f"/followup/projector?launch={made['teacher']}")
    main = projector.get_data(as_text=True).split("<main")[1].split("</main>")[0]
    assert "Refresh" in projector.headers and "<script" not in main and "style=" not in main
    code = _shown_code(client, made)
    wrong = "000000" if code != "000000" else "111111"
    answer = post(client, made["learner"], "/followup/code", {"code": wrong})
    assert answer.status_code == 400 and "Kode salah atau sudah kedaluwarsa" in answer.get_data(as_text=True)
    assert post(client, made["learner"], "/followup/code", {"code": code}).status_code == 302  # not signed up: room
    assert FollowupSignup.query.one().attended_via == "code"
    assert _ledger() == [(CREDIT, Decimal("2.00"), "seminar/workshop")]
    assert 'data-testid="followup-attended"' in page(client, made["learner"])
    other = learner_token(browser, made["activity"], sub="5")
    outcomes = [post(client, other, "/followup/code", {"code": wrong}).status_code for _ in range(5)]
    assert outcomes == [400] * 5
    limited = post(client, other, "/followup/code", {"code": code})
    assert limited.status_code == 429 and "Terlalu banyak percobaan" in limited.get_data(as_text=True)


def test_an_expired_code_and_a_code_never_shown_are_refused(app, browser, platform, client):
    made = make_session(app, browser, platform)
    secret = FollowupSession.query.one().code_secret
    code = codes.code_at(secret, time.time())
    assert post(client, made["learner"], "/followup/code", {"code": code}).status_code == 400  # projector not open
    _shown_code(client, made)
    old = codes.code_at(secret, time.time() - 200)
    if old != code:
        assert post(client, made["learner"], "/followup/code", {"code": old}).status_code == 400
    assert LearningCredit.query.count() == 0


def test_the_qr_address_opens_the_learners_page_with_the_code(app, browser, platform, client):
    made = make_session(app, browser, platform)
    code = _shown_code(client, made)
    answer = client.get(f"/followup/attend/{made['activity'].id}?code={code}")
    assert answer.status_code == 302 and f"code={code}" in answer.headers["Location"]
    body = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert f'value="{code}"' in body
    from support import https_client

    stranger = https_client(app).get(f"/followup/attend/{made['activity'].id}?code={code}")
    assert stranger.status_code == 200 and 'data-testid="followup-attend"' in stranger.get_data(as_text=True)


def test_the_calendar_download(app, browser, platform, client):
    made = make_session(app, browser, platform, followup_url="https://zoom.example/j/9")
    answer = client.get(f"/followup/calendar.ics?launch={made['learner']}")
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/calendar")
    text = answer.get_data(as_text=True)
    assert "SUMMARY:Seminar SIPD" in text and "LOCATION:Aula BPSDM\\, Lt. 2" in text
    assert "URL:https://zoom.example/j/9" in text and "\r\n" in text


def test_csrf_and_roles_and_another_courses_staff(app, browser, platform, client):
    made = make_session(app, browser, platform)
    for path in ("/followup/signup", "/followup/cancel", "/followup/code", "/followup/attendance",
                 "/followup/invitations"):
        assert client.post(f"{path}?launch={made['learner']}", data={"code": "123456"}).status_code == 400, path
    assert client.get(f"/followup/manage?launch={made['learner']}").status_code == 403
    assert client.get(f"/followup/projector?launch={made['learner']}").status_code == 403
    body = page(client, made["learner"])
    assert client.post(f"/followup/attendance?launch={made['learner']}",
                       data={"csrf_token": csrf(body)}).status_code == 403
    from modules_pages_support import ENGLISH, token_of
    from support import custom_activity

    elsewhere = {"https://purl.imsglobal.org/spec/lti/claim/context": {"id": "course-elsewhere", "title": "Lain"}}
    other_staff = token_of(browser.launch_with("instructor", **custom_activity(made["activity"]), **elsewhere,
                                               **ENGLISH))
    for path in ("/followup/manage", "/followup/projector", "/followup/invitations", "/followup/"):
        assert client.get(f"{path}?launch={other_staff}").status_code == 403, path
