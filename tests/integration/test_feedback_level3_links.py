"""Level-3 follow-up of a feedback form: personal links for alumni and their supervisors (the core's invitation
mechanism), hashed, expiring, revocable, reminders for those who have not answered, the waves sent by themselves
once, the standalone answer page, and the gap between alumni and supervisors."""
from datetime import date, datetime, timedelta

from level3_support import add_external, answer_link, make_level3, path_of, scale_answers, staff_page, staff_post

from lti_tool.extensions import db
from lti_tool.feedback.invitation_models import FeedbackInvitation, FeedbackInvitee, FeedbackResponseSide
from lti_tool.feedback.models import FeedbackCompletion, FeedbackResponse
from lti_tool.feedback.services.schedule import add_months, send_due
from lti_tool.grades.models import Score
from lti_tool.invitations.tokens import hash_token


def _form(setup):
    from lti_tool.feedback.models import FeedbackForm

    return db.session.get(FeedbackForm, setup["activity"].id)


def _token(link):
    return path_of(link).split("/")[3]


def test_an_external_alumnus_answers_by_link_and_no_grade_or_completion_is_made(app, browser, client, platform):
    setup = make_level3(app, browser, platform)
    response, links = add_external(client, setup["teacher"])
    assert response.status_code == 200 and len(links) == 1
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data(as_text=True)
    assert "Ani Lestari" in body and 'data-testid="invitation-text"' in body  # the letter to copy
    invitation = FeedbackInvitation.query.one()
    token = _token(links[0])
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash  # stored hashed

    page = client.get(path_of(links[0]))
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-testid="mode-notice"' in text and "anonim" in text.lower()
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Referrer-Policy"] == "no-referrer" and page.headers["Cache-Control"] == "no-store"

    scores = Score.query.count()
    sent = answer_link(client, links[0], scale_answers(setup["activity"].id))
    assert sent.status_code == 200 and 'data-testid="invitation-thanks"' in sent.get_data(as_text=True)
    db.session.expire_all()
    assert FeedbackInvitation.query.one().answered_at is not None
    assert FeedbackInvitation.query.one().response_id is None  # anonymous: no key to the response
    assert FeedbackResponse.query.count() == 1 and FeedbackResponseSide.query.one().role == "alumnus"
    assert FeedbackCompletion.query.count() == 0 and Score.query.count() == scores  # no grade, no completion

    again = client.get(path_of(links[0]))
    assert again.status_code == 409  # a link answers once
    assert 'data-status="answered"' in staff_page(client, setup["teacher"])


def test_missing_required_answers_keep_what_was_typed(app, browser, client, platform):
    setup = make_level3(app, browser, platform)
    _, links = add_external(client, setup["teacher"])
    answers = scale_answers(setup["activity"].id)
    first = next(iter(answers))
    answers.pop(first)
    sent = answer_link(client, links[0], answers)
    assert sent.status_code == 400 and 'data-testid="problems"' in sent.get_data(as_text=True)
    assert FeedbackInvitation.query.one().answered_at is None and FeedbackResponse.query.count() == 0


def test_expired_revoked_and_other_forms_links_are_refused(app, browser, client, platform):
    setup = make_level3(app, browser, platform)
    _, links = add_external(client, setup["teacher"], name="Budi")
    _, second = add_external(client, setup["teacher"], name="Citra")
    other = make_level3(app, browser, platform)  # (a new launch: the first teacher's token is not used after it)
    token = _token(links[0])
    assert client.get(f"/feedback/i/{token}/{other['activity'].id}/").status_code == 404  # another form's id
    assert client.get(f"/feedback/i/{'x' * 43}/{setup['activity'].id}/").status_code == 404

    row = FeedbackInvitation.query.filter_by(token_hash=hash_token(token)).one()
    row.expires_at = datetime.utcnow() - timedelta(minutes=1)
    db.session.commit()
    expired = client.get(path_of(links[0]))
    assert expired.status_code == 410 and "kedaluwarsa" in expired.get_data(as_text=True).lower()

    from lti_tool.feedback.services import invitations

    citra = FeedbackInvitee.query.filter_by(name="Citra").one()
    invitations.revoke(_form(setup), None, citra)
    revoked = client.get(path_of(second[0]))
    assert revoked.status_code == 403 and 'data-kind="revoked"' in revoked.get_data(as_text=True)
    # a revoked person's link cannot be posted to either (a valid CSRF token from another page of the session)
    from modules_pages_support import csrf

    token_field = csrf(staff_page(client, other["teacher"]))
    assert client.post(path_of(second[0]), data={"csrf_token": token_field}).status_code == 403


def test_an_invitee_of_another_form_is_refused_on_this_forms_page(app, browser, client, platform):
    other = make_level3(app, browser, platform)
    add_external(client, other["teacher"], name="Dewi")
    setup = make_level3(app, browser, platform)
    dewi = FeedbackInvitee.query.filter_by(name="Dewi").one()
    response = staff_post(client, setup["teacher"], "new-link", {"invitee": dewi.id})
    assert response.status_code == 400 and FeedbackInvitation.query.filter_by(invitee_id=dewi.id).count() == 1


def test_reminders_go_only_to_those_who_have_not_answered_with_a_new_link(app, browser, client, platform):
    setup = make_level3(app, browser, platform)
    _, answered = add_external(client, setup["teacher"], name="Eka")
    _, waiting = add_external(client, setup["teacher"], name="Fajar")
    answer_link(client, answered[0], scale_answers(setup["activity"].id))
    response = staff_post(client, setup["teacher"], "remind", {})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.count('data-testid="letter"') == 1 and "Fajar" in body
    fajar = FeedbackInvitation.query.join(FeedbackInvitee).filter(FeedbackInvitee.name == "Fajar").one()
    assert fajar.reminded_at is not None
    assert client.get(path_of(waiting[0])).status_code == 404  # the earlier link no longer works
    eka = FeedbackInvitation.query.join(FeedbackInvitee).filter(FeedbackInvitee.name == "Eka").one()
    assert eka.reminded_at is None


def test_each_wave_goes_out_once_by_itself_even_when_the_job_runs_twice(app, browser, client, platform):
    setup = make_level3(app, browser, platform)
    add_external(client, setup["teacher"], name="Gita", email="gita@example.go.id", send_now="0")
    add_external(client, setup["teacher"], name="Hadi", send_now="0")
    end = date(2026, 1, 31)
    staff_post(client, setup["teacher"], "schedule", {"course_end": end.isoformat(), "waves": "3, 6, 12",
                                                      "link_days": "21"})
    app.config["LATIH_BASE_URL"] = "https://latih.example.go.id"
    with app.test_request_context():
        pass
    before = datetime(2026, 4, 29, 12)  # 30 April is +3 months (31 January + 3 = 30 April)
    assert add_months(end, 3) == date(2026, 4, 30)
    assert send_due(before).sent == 0
    at_three = datetime(2026, 5, 1, 12)
    assert send_due(at_three).sent == 2 and send_due(at_three).sent == 0  # the second run sends nothing
    rows = FeedbackInvitation.query.all()
    assert {r.wave for r in rows} == {3} and all(r.expires_at == at_three + timedelta(days=21) for r in rows)
    at_six = datetime(2026, 8, 1, 12)
    assert send_due(at_six).sent == 2 and send_due(at_six).sent == 0
    assert sorted(r.wave for r in FeedbackInvitation.query.all()) == [3, 3, 6, 6]


def test_a_revoked_person_gets_no_wave(app, browser, client, platform):
    setup = make_level3(app, browser, platform)
    add_external(client, setup["teacher"], name="Indra", send_now="0")
    indra = FeedbackInvitee.query.one()
    staff_post(client, setup["teacher"], "revoke", {"invitee": indra.id, "confirmed": "1"})
    staff_post(client, setup["teacher"], "schedule", {"course_end": "2026-01-10", "waves": "3",
                                                      "link_days": "30"})
    app.config["LATIH_BASE_URL"] = "https://latih.example.go.id"
    assert send_due(datetime(2026, 5, 1)).sent == 0


def test_schedule_fields_are_checked(app, browser, client, platform):
    setup = make_level3(app, browser, platform)
    for fields in ({"course_end": "2026-13-01", "waves": "3", "link_days": "30"},
                   {"course_end": "", "waves": "0, 3", "link_days": "30"},
                   {"course_end": "", "waves": "3", "link_days": "0"}):
        assert staff_post(client, setup["teacher"], "schedule", fields).status_code == 400


def test_a_supervisor_reads_the_supervisor_version_and_the_gap_is_per_item(app, browser, client, platform):
    setup = make_level3(app, browser, platform, anonymous=False)
    _, alumnus_links = add_external(client, setup["teacher"], name="Joko")
    joko = FeedbackInvitee.query.filter_by(name="Joko").one()
    response = staff_post(client, setup["teacher"], "supervisor", {"invitee": joko.id, "name": "Kartini",
                                                                   "unit": "Kepala Seksi", "send_now": "1"})
    from level3_support import the_links

    supervisor_links = the_links(response.get_data(as_text=True))
    assert len(supervisor_links) == 1 and "Joko" in response.get_data(as_text=True)  # the letter names the alumnus
    page = client.get(path_of(supervisor_links[0])).get_data(as_text=True)
    assert "Alumni menerapkan pengetahuan dari pelatihan" in page  # the supervisor version's text
    assert "Saya menerapkan pengetahuan" not in page
    answer_link(client, alumnus_links[0], scale_answers(setup["activity"].id, "5"))
    answer_link(client, supervisor_links[0], scale_answers(setup["activity"].id, "3"))
    db.session.expire_all()
    assert FeedbackInvitation.query.filter(FeedbackInvitation.response_id.isnot(None)).count() == 2  # named
    body = staff_page(client, setup["teacher"])
    assert body.count('data-testid="gap-difference">-2<') == 4 and 'data-testid="gap-pair"' in body


def test_an_anonymous_forms_gap_is_aggregate_only_and_hides_small_sides(app, browser, client, platform):
    setup = make_level3(app, browser, platform)
    _, links = add_external(client, setup["teacher"], name="Lina")
    answer_link(client, links[0], scale_answers(setup["activity"].id, "4"))
    body = staff_page(client, setup["teacher"])
    assert 'data-testid="gap-pair"' not in body and 'data-testid="gap-difference">-<' not in body
    assert "4 (1)" not in body  # one alumnus: fewer than five, not shown


def test_the_invitees_pages_are_rate_limited_per_address(app, browser, client, platform):
    setup = make_level3(app, browser, platform)
    _, links = add_external(client, setup["teacher"])
    app.config["LATIH_INVITATION_PAGE_LIMIT"] = 2
    codes = [client.get(path_of(links[0])).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get(path_of(links[0])).headers["Retry-After"] == "60"
