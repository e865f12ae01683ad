"""Inviting reviewers to a review round: external reviewers and members of the course, personal links (random,
only the hash stored, shown once), the Indonesian invitation text, email through a real SMTP server (aiosmtpd) or the
text to copy when it fails, new links, withdrawing, reminders to the late ones, and who may do what."""
import hashlib
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from invite_support import (
    Mailbox,
    free_port,
    invite_external,
    make_round,
    post,
    reviewers_page,
    shown_link,
    shown_texts,
)

from lti_tool.clock import utcnow
from lti_tool.extensions import db
from lti_tool.lti.models import LtiUser
from lti_tool.modules.models import ModuleAuditEvent, ModuleReviewer, ModuleRound
from lti_tool.modules.services import invitations
from lti_tool.modules.services.review_data import reviewer_by_token
from lti_tool.state import store

PASSWORD = "Sandi-SMTP-Rahasia-77"


@pytest.fixture
def setup(app, browser, platform, client):
    return make_round(app, browser, platform, client)


@pytest.fixture
def smtp(app):
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config["LATIH_SMTP_URL"] = f"smtp://127.0.0.1:{controller.port}?from=latih@pusdiklat.example.go.id"
    yield box
    controller.stop()


def _token(link):
    return link.rstrip("/").rsplit("/", 1)[1]


def test_external_reviewer_gets_a_link_shown_once_with_indonesian_text(setup, client):
    resp = invite_external(client, setup["teacher"])  # the teacher's page is in English
    body = resp.get_data(as_text=True)
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store"
    link = shown_link(body)
    assert link.startswith("https://localhost/modules/review/")
    token = _token(link)
    assert len(token) >= 22 and len(token.encode()) * 6 >= 128  # token_urlsafe: ≥ 128 bits
    reviewer = ModuleReviewer.query.one()
    assert (reviewer.name, reviewer.institution, reviewer.group, reviewer.email) == (
        "Ibu Ratna", "Bappeda Kab. Sleman", "pemda", "")
    assert reviewer.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in " ".join(str(v) for v in vars(reviewer).values())
    assert reviewer_by_token(token).id == reviewer.id and invitations.link_usable(reviewer)
    [text] = shown_texts(body)
    assert text.startswith("Yth. Ibu Ratna,") and link in text
    assert "Perencanaan partisipatif" in text and "versi 1" in text and "putaran reviu 1" in text
    assert "pukul" in text and "WIB" in text and "Regional government" not in text
    assert "Copy the text below" in body  # the page around it is English
    event = ModuleAuditEvent.query.filter_by(action="reviewer_invited").one()
    assert event.detail["reviewer"] == "Ibu Ratna" and event.version_number == 1
    # Shown once: the reviewers page lists them without any link.
    again = reviewers_page(client, setup["teacher"])
    assert "Ibu Ratna" in again and token not in again and shown_link(again) is None


def test_invitation_text_deadline_in_wib(setup, client):
    invite_external(client, setup["teacher"])
    reviewer = ModuleReviewer.query.one()
    reviewer.round.deadline = datetime(2026, 12, 12, 10, 0)  # UTC: 17.00 in Jakarta
    letter = invitations.invitation_text(reviewer, "https://latih.example/modules/review/abc", inviter=None)
    assert "Sabtu, 12 Desember 2026 pukul 17.00 WIB" in letter.body
    assert letter.subject == "Undangan reviu modul “Perencanaan partisipatif”"
    assert "Pemda" in letter.body  # the group, by its Indonesian name
    assert "penulis modul" in letter.body  # no inviter given


def test_invitation_is_emailed_when_smtp_is_set_up(setup, client, smtp):
    body = invite_external(client, setup["teacher"], email="Ratna@Bappeda.Example.go.id").get_data(as_text=True)
    [mail] = smtp.messages
    link = shown_link(body)
    assert mail["to"] == ["Ratna@bappeda.example.go.id"]
    assert mail["subject"] == "Undangan reviu modul “Perencanaan partisipatif”"
    assert link in mail["body"] and mail["body"].startswith("Yth. Ibu Ratna,") and "WIB" in mail["body"]
    assert 'data-testid="emailed"' in body
    assert ModuleReviewer.query.one().emailed_at is not None


def test_send_failure_keeps_the_text_to_copy(setup, client, app):
    app.config["LATIH_SMTP_URL"] = f"smtp://latih:{PASSWORD}@127.0.0.1:{free_port()}?from=latih@example.go.id"
    body = invite_external(client, setup["teacher"], email="ratna@example.go.id").get_data(as_text=True)
    assert 'data-testid="mail-error"' in body and "could not be reached" in body
    assert PASSWORD not in body
    link = shown_link(body)
    [text] = shown_texts(body)
    assert link in text
    reviewer = ModuleReviewer.query.one()
    assert reviewer.emailed_at is None and reviewer_by_token(_token(link)).id == reviewer.id


@pytest.mark.parametrize(("fields", "message"), [
    ({"group": "kampus-lain"}, "Choose one of this round&#39;s stakeholder groups."),
    ({"name": "  "}, "Write the reviewer&#39;s name."),
    ({"name": "N" * 121}, "at most 120 characters"),
    ({"institution": ""}, "Write the reviewer&#39;s institution."),
    ({"email": "ratna@"}, "This email address is not valid"),
    ({"email": "a@b.co\r\nBcc: x@y.z"}, "This email address is not valid"),
])
def test_refusals_keep_what_was_typed(setup, client, fields, message):
    data = {"name": "Ibu Ratna", "institution": "Bappeda", "group": "pemda", "email": "", **fields}
    body = invite_external(client, setup["teacher"], **data).get_data(as_text=True)
    assert message in body and ModuleReviewer.query.count() == 0
    assert 'value="Bappeda"' in body or fields.get("institution") == ""


def test_the_same_email_twice_in_a_round_is_refused(setup, client):
    invite_external(client, setup["teacher"], email="ratna@example.go.id")
    body = invite_external(client, setup["teacher"], name="Ratna lagi", email="RATNA@example.go.id").get_data(
        as_text=True)
    assert "is already invited to this round" in body and ModuleReviewer.query.count() == 1


def test_a_decided_round_takes_no_reviewers(setup, client):
    setup["round"].state = "decided"
    db.session.commit()
    body = invite_external(client, setup["teacher"]).get_data(as_text=True)
    assert "Round 1 is decided" in body and ModuleReviewer.query.count() == 0


def test_new_link_replaces_the_old_one(setup, client):
    old = _token(shown_link(invite_external(client, setup["teacher"]).get_data(as_text=True)))
    reviewer = ModuleReviewer.query.one()
    body = post(client, setup["teacher"], "new-link", reviewer=str(reviewer.id)).get_data(as_text=True)
    new = _token(shown_link(body))
    assert new != old and reviewer_by_token(old) is None and reviewer_by_token(new).id == reviewer.id
    assert new in shown_texts(body)[0]
    assert ModuleAuditEvent.query.filter_by(action="link_renewed").count() == 1


def test_withdrawing_asks_first_then_the_link_opens_nothing(setup, client):
    token = _token(shown_link(invite_external(client, setup["teacher"], email="r@example.go.id").get_data(
        as_text=True)))
    reviewer = ModuleReviewer.query.one()
    question = post(client, setup["teacher"], "revoke", reviewer=str(reviewer.id)).get_data(as_text=True)
    assert 'data-testid="confirm-revoke"' in question and db.session.get(ModuleReviewer, reviewer.id).revoked_at is None
    resp = post(client, setup["teacher"], "revoke", reviewer=str(reviewer.id), confirmed="1")
    assert resp.status_code == 302
    db.session.expire_all()
    reviewer = db.session.get(ModuleReviewer, reviewer.id)
    assert reviewer.revoked_at is not None and not invitations.link_usable(reviewer)
    found = reviewer_by_token(token)
    assert found is None or found.revoked_at is not None  # the reviewer's page tells "withdrawn" apart
    assert ModuleAuditEvent.query.filter_by(action="reviewer_revoked").count() == 1
    # No new link for a withdrawn reviewer; the same person may be invited again.
    body = client.get(post(client, setup["teacher"], "new-link", reviewer=str(reviewer.id)).headers["Location"])
    assert "was withdrawn" in body.get_data(as_text=True)
    invite_external(client, setup["teacher"], email="r@example.go.id")
    assert ModuleReviewer.query.count() == 2


def test_a_reviewer_of_another_round_is_refused(setup, client):
    invite_external(client, setup["teacher"])
    other = ModuleRound(module_id=setup["module"].activity_id, number=2, version_id=setup["version"].id,
                        groups=["pemda"], criteria={}, rule={}, state="draft")
    db.session.add(other)
    db.session.commit()
    invite_external(client, setup["teacher"], name="Pak Budi", email="budi@example.go.id", number=2)
    stranger = ModuleReviewer.query.filter_by(name="Pak Budi").one()
    for action in ("revoke", "new-link"):
        resp = post(client, setup["teacher"], action, reviewer=str(stranger.id), confirmed="1")
        assert "This reviewer is not in this round." in client.get(resp.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    stranger = db.session.get(ModuleReviewer, stranger.id)
    assert stranger.revoked_at is None


def test_course_members_from_the_roster(setup, client):
    page = reviewers_page(client, setup["teacher"])
    assert 'data-testid="candidates"' in page and "Sam Student" in page
    body = post(client, setup["teacher"], "roster", member=["4"], group="masyarakat").get_data(as_text=True)
    reviewer = ModuleReviewer.query.one()
    person = db.session.get(LtiUser, reviewer.user_id)
    assert (person.sub, reviewer.name, reviewer.group) == ("4", "Sam Student", "masyarakat")
    assert reviewer.email == "student1@example.com"
    assert shown_link(body) and shown_texts(body)[0].startswith("Yth. Sam Student,")
    # Sam is no longer offered; picking him again (a crafted form) is refused.
    page = reviewers_page(client, setup["teacher"])
    assert 'name="member" value="5"' in page and 'name="member" value="4"' not in page
    resp = post(client, setup["teacher"], "roster", member=["4"], group="masyarakat")
    assert "already invited" in client.get(resp.headers["Location"]).get_data(as_text=True)
    assert ModuleReviewer.query.count() == 1


def test_an_id_from_outside_the_course_is_refused_and_nothing_is_added(setup, client):
    resp = post(client, setup["teacher"], "roster", member=["5", "999"], group="pemda")
    assert "Only members of this course" in client.get(resp.headers["Location"]).get_data(as_text=True)
    assert ModuleReviewer.query.count() == 0 and LtiUser.query.filter_by(sub="999").count() == 0


def _late_setup(client, setup):
    for name, email in (("Submitted", "s@example.go.id"), ("Revoked", "x@example.go.id"),
                        ("Late mail", "late@example.go.id"), ("Late phone", "")):
        invite_external(client, setup["teacher"], name=name, email=email)
    rows = {r.name: r for r in ModuleReviewer.query.all()}
    rows["Submitted"].submitted_at = utcnow()
    rows["Submitted"].review_state = "submitted"
    rows["Revoked"].revoked_at = utcnow()
    db.session.commit()
    return rows


def test_reminders_reach_only_the_late_ones(setup, client, smtp):
    rows = _late_setup(client, setup)
    smtp.messages.clear()
    hashes = {name: r.token_hash for name, r in rows.items()}
    body = post(client, setup["teacher"], "remind").get_data(as_text=True)
    assert [m["to"] for m in smtp.messages] == [["late@example.go.id"]]
    mail = smtp.messages[0]
    assert mail["subject"] == "Pengingat: reviu modul “Perencanaan partisipatif”" and "belum dikirim" in mail["body"]
    token = _token(next(line for line in mail["body"].splitlines() if "/modules/review/" in line))
    db.session.expire_all()
    late = db.session.get(ModuleReviewer, rows["Late mail"].id)
    assert reviewer_by_token(token).id == late.id and late.token_hash != hashes["Late mail"]
    assert late.reminded_at is not None and late.emailed_at is not None
    phone = db.session.get(ModuleReviewer, rows["Late phone"].id)
    assert phone.reminded_at is not None and phone.emailed_at is None
    for name in ("Submitted", "Revoked"):
        row = db.session.get(ModuleReviewer, rows[name].id)
        assert row.reminded_at is None and row.token_hash == hashes[name]
    texts = shown_texts(body)
    assert len(texts) == 2 and any(t.startswith("Yth. Late phone,") for t in texts)
    assert "only a fingerprint of every link is stored" in body
    assert ModuleAuditEvent.query.filter_by(action="reminders_sent").one().detail["reviewers"] == 2


def test_reminders_without_email_are_texts_to_copy(setup, client):
    _late_setup(client, setup)
    body = post(client, setup["teacher"], "remind").get_data(as_text=True)
    texts = shown_texts(body)
    assert len(texts) == 2 and all("/modules/review/" in t for t in texts)
    assert 'data-testid="emailed"' not in body


def test_no_reminders_outside_an_open_round(setup, client):
    invite_external(client, setup["teacher"])
    setup["round"].state = "draft"
    db.session.commit()
    resp = post(client, setup["teacher"], "remind")
    assert "Reminders go out while the round is open" in client.get(resp.headers["Location"]).get_data(as_text=True)
    assert ModuleReviewer.query.one().reminded_at is None


def test_learners_and_unknown_rounds_are_refused(setup, client):
    assert client.get(f"/modules/rounds/1/reviewers?launch={setup['learner']}").status_code == 403
    assert client.get(f"/modules/rounds/7/reviewers?launch={setup['teacher']}").status_code == 404
    resp = client.post(f"/modules/rounds/1/reviewers/external?launch={setup['teacher']}",
                       data={"name": "X", "institution": "Y", "group": "pemda"})
    assert resp.status_code in (400, 403) and ModuleReviewer.query.count() == 0


def test_the_deadline_ends_the_link(setup, client):
    invite_external(client, setup["teacher"])
    reviewer = ModuleReviewer.query.one()
    assert invitations.link_usable(reviewer)
    assert not invitations.link_usable(reviewer, now=setup["round"].deadline + timedelta(seconds=1))



def test_reminders_when_the_mail_server_is_down_are_texts_to_copy(setup, client, app):
    _late_setup(client, setup)
    invite_external(client, setup["teacher"], name="Late mail 2", email="late2@example.go.id")
    app.config["LATIH_SMTP_URL"] = f"smtp://latih:{PASSWORD}@127.0.0.1:{free_port()}?from=latih@example.go.id"
    body = post(client, setup["teacher"], "remind").get_data(as_text=True)
    assert len(shown_texts(body)) == 3 and body.count('data-testid="mail-error"') == 2 and PASSWORD not in body
    assert all(r.emailed_at is None for r in ModuleReviewer.query.all())
    assert ModuleReviewer.query.filter(ModuleReviewer.reminded_at.isnot(None)).count() == 3


def test_without_the_roster_the_page_says_why_and_picks_are_refused(setup, client, platform):
    platform.ags.fail_next(500, count=5)
    store().delete(f"roster:{setup['module'].activity.course_id}")
    page = reviewers_page(client, setup["teacher"])
    assert "member list cannot be read from Moodle now" in page and 'data-testid="add-external"' in page
    platform.ags.fail_next(500, count=5)
    store().delete(f"roster:{setup['module'].activity.course_id}")
    resp = post(client, setup["teacher"], "roster", member=["4"], group="pemda")
    assert ModuleReviewer.query.count() == 0
    assert "member list cannot be read" in client.get(resp.headers["Location"]).get_data(as_text=True)


def test_a_pick_with_one_already_invited_adds_nobody(setup, client):
    post(client, setup["teacher"], "roster", member=["4"], group="pemda")
    resp = post(client, setup["teacher"], "roster", member=["5", "4"], group="pemda")
    assert "already invited" in client.get(resp.headers["Location"]).get_data(as_text=True)
    assert [r.name for r in ModuleReviewer.query.all()] == ["Sam Student"]
    assert ModuleAuditEvent.query.filter_by(action="reviewer_invited").count() == 1
