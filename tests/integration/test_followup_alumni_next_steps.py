"""Follow-up sessions: alumni by a personal link (standalone page: sign up, cancel, calendar; marked in the list with
no JP for anyone), and the learning record's recommended next steps (an instructor names a course's follow-ups; a
learner who completed something in the course sees the ones not attended yet and signs up in one click; an activity
id that is not a recommendation of theirs is refused)."""
import re

from followup_support import make_session, page, post, session_fields
from modules_pages_support import csrf
from support import https_client

from lti_tool.activities.completion import announce_completion
from lti_tool.activities.services import create_activity
from lti_tool.extensions import db
from lti_tool.followup.models import FollowupInvitee, FollowupSignup
from lti_tool.lti.models import Course, LtiUser
from lti_tool.record.models import LearningCredit
from lti_tool.record.next_steps import NextStep


def _invite(client, made, name="Bu Sari"):
    body = page(client, made["teacher"], "/followup/invitations")
    answer = client.post(f"/followup/invitations?launch={made['teacher']}", data={
        "csrf_token": csrf(body), "name": name, "institution": "Bappeda Kab. Sleman", "email": "sari@example.go.id"})
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert 'data-testid="followup-letter"' in answer.get_data(as_text=True)  # no email set up: a text to copy
    return re.search(r'value="(https://[^"]+/followup/i/[^"]+)"', answer.get_data(as_text=True)).group(1)


def test_an_alumnus_signs_up_by_link_and_is_marked_without_jp(app, browser, platform, client):
    made = make_session(app, browser, platform, followup_capacity="1")
    link = _invite(client, made)
    path = link.split("https://localhost", 1)[1]
    phone = https_client(app)
    body = phone.get(path).get_data(as_text=True)
    answer = phone.get(path)
    assert answer.headers["Cache-Control"] == "no-store" and "frame-ancestors 'none'" in \
        answer.headers["Content-Security-Policy"] and answer.headers["Referrer-Policy"] == "no-referrer"
    assert "Bu Sari" in body and 'data-testid="followup-signup"' in body
    assert phone.post(f"{path}signup", data={}).status_code == 400  # CSRF
    assert phone.post(f"{path}signup", data={"csrf_token": csrf(body)}).status_code == 302
    assert 'data-testid="followup-signed-up"' in phone.get(path).get_data(as_text=True)
    ics = phone.get(f"{path}calendar.ics")
    assert ics.status_code == 200 and "BEGIN:VEVENT" in ics.get_data(as_text=True)
    post(client, made["learner"], "/followup/signup")  # full: the learner waits
    assert "nomor 1" in page(client, made["learner"])
    assert phone.post(f"{path}cancel", data={"csrf_token": csrf(body)}).status_code == 302
    assert 'data-testid="followup-signed-up"' in page(client, made["learner"])  # promoted
    phone.post(f"{path}signup", data={"csrf_token": csrf(body)})
    row = FollowupSignup.query.filter(FollowupSignup.invitee_id.isnot(None)).one()
    manage = page(client, made["teacher"], "/followup/manage")
    assert "Bu Sari" in manage and "no JP is credited" in manage
    client.post(f"/followup/attendance?launch={made['teacher']}", data={
        "csrf_token": csrf(manage), "listed": [str(row.id)], "attended": [str(row.id)]})
    assert db.session.get(FollowupSignup, row.id).attended_at is not None and LearningCredit.query.count() == 0
    assert 'data-testid="followup-attended"' in phone.get(path).get_data(as_text=True)


def test_a_revoked_or_unknown_link_opens_nothing(app, browser, platform, client):
    made = make_session(app, browser, platform)
    link = _invite(client, made)
    path = link.split("https://localhost", 1)[1]
    assert https_client(app).get("/followup/i/" + "x" * 43 + "/").status_code == 404
    body = page(client, made["teacher"], "/followup/invitations")
    invitee = FollowupInvitee.query.one()
    client.post(f"/followup/invitations/revoke?launch={made['teacher']}",
                data={"csrf_token": csrf(body), "invitee": str(invitee.id)})
    assert https_client(app).get(path).status_code == 403
    assert FollowupInvitee.query.one().token_hash not in link  # only the hash is stored


def _completed_course(app, browser, platform, client):
    """A course with a follow-up session and another activity the learner (sub 4) completed."""
    made = make_session(app, browser, platform)
    course = Course.query.one()
    done = create_activity(course.id, None, "practice", "Pengelolaan Keuangan Daerah")
    announce_completion(done, LtiUser.query.filter_by(sub="4").one())
    return made


def test_next_steps_are_recommended_and_one_click_signs_up(app, browser, platform, client):
    made = _completed_course(app, browser, platform, client)
    overview = page(client, made["teacher"], "/activities/overview")
    assert 'data-testid="next-steps-manage"' in overview  # reachable from the course overview
    manage = page(client, made["teacher"], "/record/next-steps/")
    assert f'value="{made["activity"].id}"' in manage  # the platform's follow-up sessions
    assert client.post(f"/record/next-steps/?launch={made['teacher']}", data={
        "csrf_token": csrf(manage), "activity": str(made["activity"].id)}).status_code == 302
    assert NextStep.query.count() == 1
    record = page(client, made["learner"], "/record/")
    assert "Langkah berikutnya" in record and f'data-testid="next-step-{made["activity"].id}"' in record
    assert "belum mendaftar" in record
    answer = client.post(f"/record/next-steps/enrol?launch={made['learner']}", data={
        "csrf_token": csrf(record), "activity": str(made["activity"].id)}, follow_redirects=True)
    assert "Anda terdaftar untuk sesi ini" in answer.get_data(as_text=True)
    assert f'data-testid="next-step-enrol-{made["activity"].id}"' in record  # offered before signing up ...
    signed_up = page(client, made["learner"], "/record/")
    assert f'data-testid="next-step-enrol-{made["activity"].id}"' not in signed_up  # ... not after
    assert "terdaftar" in signed_up
    assert FollowupSignup.query.one().user.sub == "4"
    post(client, made["teacher"], "/followup/attendance", {
        "listed": [str(FollowupSignup.query.one().id)], "attended": [str(FollowupSignup.query.one().id)]},
        page_path="/followup/manage")
    assert f'data-testid="next-step-{made["activity"].id}"' not in page(client, made["learner"], "/record/")


def test_only_a_recommendation_of_the_learner_is_signed_up(app, browser, platform, client):
    made = _completed_course(app, browser, platform, client)
    other = create_activity(made["activity"].course_id, None, "followup", "Bukan rekomendasi", form=session_fields())
    record = page(client, made["learner"], "/record/")
    assert 'data-testid="next-steps"' not in record  # nothing named yet
    for value in (str(other.id), str(made["activity"].id), "x"):
        answer = client.post(f"/record/next-steps/enrol?launch={made['learner']}",
                             data={"csrf_token": csrf(record), "activity": value}, follow_redirects=True)
        assert "bukan salah satu langkah berikutnya" in answer.get_data(as_text=True)
    assert FollowupSignup.query.count() == 0
    assert client.post(f"/record/next-steps/enrol?launch={made['learner']}",
                       data={"activity": str(other.id)}).status_code == 400  # CSRF
    assert client.get(f"/record/next-steps/?launch={made['learner']}").status_code == 403  # staff only
    foreign_course = Course(issuer="https://moodle.lain.example", deployment_id="1", context_id="9", title="Lain")
    db.session.add(foreign_course)
    db.session.commit()
    foreign = create_activity(foreign_course.id, None, "followup", "Moodle lain", form=session_fields())
    body = page(client, made["teacher"], "/record/next-steps/")
    assert f'value="{other.id}"' in body and f'value="{foreign.id}"' not in body
    client.post(f"/record/next-steps/?launch={made['teacher']}", data={"csrf_token": csrf(body),
                                                                       "activity": str(foreign.id)})
    assert NextStep.query.count() == 0
