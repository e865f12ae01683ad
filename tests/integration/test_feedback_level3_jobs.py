"""The level-3 waves go out by themselves: ``flask feedback send-due``, and the grade worker's loop (which runs the
jobs the kinds register in ``invitations.due`` while no score is due); emailed when email is set up."""
import threading
from datetime import datetime

from level3_support import add_external, make_level3, staff_post

from lti_tool.extensions import db
from lti_tool.feedback.invitation_models import FeedbackInvitation
from lti_tool.grades.worker import run_worker
from lti_tool.invitations import due, letters


def _scheduled(app, browser, client, platform, email=""):
    setup = make_level3(app, browser, platform)
    add_external(client, setup["teacher"], name="Gita", email=email, send_now="0")
    staff_post(client, setup["teacher"], "schedule", {"course_end": "2020-01-10", "waves": "3,6",
                                                      "link_days": "30"})
    app.config["LATIH_BASE_URL"] = "https://latih.example.go.id"
    return setup


def test_the_command_sends_the_due_wave_once(app, browser, client, platform):
    _scheduled(app, browser, client, platform)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["feedback", "send-due"])
    second = runner.invoke(args=["feedback", "send-due"])
    assert first.exit_code == 0 and "invitations made: 1" in first.output
    assert "invitations made: 0" in second.output
    assert [r.wave for r in FeedbackInvitation.query.all()] == [6]  # the latest wave only, not the missed +3


def test_the_wave_is_emailed_when_email_is_set_up(app, browser, client, platform, monkeypatch):
    _scheduled(app, browser, client, platform, email="gita@example.go.id")
    mails = []
    monkeypatch.setattr(letters, "send_mail", lambda to, subject, body: mails.append((to, subject, body)))
    app.config["LATIH_SMTP_URL"] = "smtp://mail.example.go.id:25?from=latih@example.go.id"
    assert due.run_due(datetime.utcnow()) == {"feedback-level3": 1}
    (to, subject, body), = mails
    assert to == "gita@example.go.id" and "https://latih.example.go.id/feedback/i/" in body and "Gita" in body
    assert "Evaluasi pasca pelatihan" in subject  # in Indonesian
    db.session.expire_all()
    assert FeedbackInvitation.query.one().emailed_at is not None


def test_the_grade_worker_runs_the_due_jobs_when_idle(app, browser, client, platform):
    _scheduled(app, browser, client, platform)
    stop = threading.Event()
    app.config["LATIH_DUE_JOBS_EVERY"] = 60
    app.extensions.pop("latih_due_jobs_at", None)
    ran = []
    job = due.jobs(app)["feedback-level3"]
    due.register(app, "feedback-level3", lambda now: ran.append(job(now)) or stop.set() or ran[-1])
    try:
        run_worker(stop, idle=0.01)
    finally:
        due.register(app, "feedback-level3", job)
    assert ran == [1] and FeedbackInvitation.query.count() == 1


def test_a_failing_job_does_not_stop_the_others(app):
    with app.app_context():
        calls = []
        due.register(app, "broken", lambda now: 1 / 0)
        due.register(app, "fine", lambda now: calls.append(now) or 2)
        try:
            done = due.run_due(datetime(2027, 1, 1))
        finally:
            app.extensions[due.KEY].pop("broken")
            app.extensions[due.KEY].pop("fine")
    assert done["broken"] == -1 and done["fine"] == 2 and calls


def test_two_workers_claiming_the_same_wave_make_one_invitation(app, browser, client, platform):
    """The claim is the row: the second INSERT of the same (person, wave) makes nothing, so only the first sends."""
    from lti_tool.feedback.invitation_models import FeedbackInvitee
    from lti_tool.feedback.services.schedule import _claim
    from lti_tool.invitations.tokens import new_token

    setup = _scheduled(app, browser, client, platform)
    person = FeedbackInvitee.query.one()
    now = datetime(2027, 1, 1)
    first = _claim(setup["activity"].id, person.id, 6, new_token()[1], now, now)
    db.session.commit()
    second = _claim(setup["activity"].id, person.id, 6, new_token()[1], now, now)
    db.session.rollback()
    assert first is not None and second is None and FeedbackInvitation.query.count() == 1
