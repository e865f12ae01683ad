"""Entries from outside the tool (issue 15): an instructor adds training a learner of the course did elsewhere (it
counts at once); a learner submits one with evidence, which waits for verification by an instructor of that course
(accepted: credited once; rejected: the learner reads the reason; withdrawn: a reversal); duplicates are flagged;
evidence is a PDF/JPG/PNG by content, within the size limit, shown only to the learner and the verifying staff."""
import io
import re
from decimal import Decimal

import pytest
from feedback_support import full_answers, item_ids, learner_token, make_form, send
from modules_pages_support import csrf, token_of

from lti_tool.extensions import db
from lti_tool.lti.models import LtiUser
from lti_tool.record.entries_models import ACCEPTED, PENDING, REJECTED, REVOKED, ExternalEntry, ExternalEntryEvent
from lti_tool.record.models import CREDIT, REVERSAL, LearningCredit

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
FIELDS = {"title": "Pelatihan SIPD", "organiser": "BPSDM Provinsi", "started_on": "2026-03-02",
          "ended_on": "2026-03-04", "jp": "12", "category": "pelatihan klasikal"}


@pytest.fixture
def course(app, browser, platform, client):
    """A course with a feedback form (0 JP) the learner "4" has answered: an instructor's and the learner's tokens."""
    made = make_form(app, browser, platform, feedback_jp="0", feedback_anonymous="0")
    send(client, made["learner"], full_answers(item_ids(made["activity"].id)))
    made["user"] = LtiUser.query.filter_by(sub="4").one()
    return made


def _page(client, token, path="/record/"):
    response = client.get(f"{path}?launch={token}")
    assert response.status_code == 200, response.status
    return response.get_data(as_text=True)


def _submit(client, token, evidence=(PDF, "sertifikat.pdf"), **changes):
    page = _page(client, token, "/record/entries/new")
    data = {"csrf_token": csrf(page), **FIELDS, **changes}
    if evidence is not None:
        data["evidence"] = (io.BytesIO(evidence[0]), evidence[1])
    return client.post(f"/record/entries/new?launch={token}", data=data, content_type="multipart/form-data",
                       follow_redirects=True)


def _decide(client, token, entry, action, reason=""):
    page = _page(client, token, "/record/course/entries")
    return client.post(f"/record/course/entries/{entry.id}?launch={token}",
                       data={"csrf_token": csrf(page), "action": action, "reason": reason})


def _ledger(user):
    return [(e.entry, e.jp, e.external_id is not None)
            for e in LearningCredit.query.filter_by(user_id=user.id).order_by(LearningCredit.id)]


def _total(client, token, year=2026):
    return re.search(r'data-testid="record-total">([^<]*)<', _page(client, token + f"&year={year}")).group(1)


def test_an_entry_added_by_an_instructor_counts(course, client):
    page = _page(client, course["teacher"], "/record/course/entries")
    assert f'<option value="{course["user"].id}">' in page  # picked from the course's learners
    response = client.post(f"/record/course/entries?launch={course['teacher']}", content_type="multipart/form-data",
                           data={"csrf_token": csrf(page), "learner": str(course["user"].id), **FIELDS,
                                 "evidence": (io.BytesIO(PNG), "foto.png")})
    assert response.status_code == 302
    entry = ExternalEntry.query.one()
    assert entry.status == ACCEPTED and entry.course_id is not None
    assert _ledger(course["user"]) == [(CREDIT, Decimal("12.00"), True)]
    credit = LearningCredit.query.one()
    assert (credit.year, credit.organiser, str(credit.started_on)) == (2026, "BPSDM Provinsi", "2026-03-02")
    assert "12 dari 20 JP" in _total(client, course["learner"])
    event = ExternalEntryEvent.query.one()
    assert event.action == "added" and event.actor_user_id is not None and event.at is not None


def test_a_learners_submission_waits_then_counts_once_when_accepted(course, client):
    body = _submit(client, course["learner"]).get_data(as_text=True)
    entry = ExternalEntry.query.one()
    assert entry.status == PENDING and 'data-testid="entry-pending"' in body
    assert _ledger(course["user"]) == [] and "0 dari 20 JP" in _total(client, course["learner"])
    assert _decide(client, course["teacher"], entry, "accept").status_code == 302
    _decide(client, course["teacher"], entry, "accept")  # twice: decided already
    assert _ledger(course["user"]) == [(CREDIT, Decimal("12.00"), True)]
    assert "12 dari 20 JP" in _total(client, course["learner"])
    assert [e.action for e in ExternalEntryEvent.query.order_by(ExternalEntryEvent.id)] == ["submitted", "accepted"]
    history = _page(client, course["teacher"], "/record/course/entries").split('data-testid="entry-history"')[1]
    assert "submitted" in history and "accepted" in history.split("</ul>")[0]  # who and when, for the verifier
    assert _decide(client, course["teacher"], entry, "revoke", "Sertifikat palsu").status_code == 302
    assert _ledger(course["user"]) == [(CREDIT, Decimal("12.00"), True), (REVERSAL, Decimal("-12.00"), True)]
    assert ExternalEntry.query.one().status == REVOKED and "0 dari 20 JP" in _total(client, course["learner"])


def test_a_rejected_submission_shows_its_reason(course, client):
    _submit(client, course["learner"])
    entry = ExternalEntry.query.one()
    body = client.post(f"/record/course/entries/{entry.id}?launch={course['teacher']}", follow_redirects=True,
                       data={"csrf_token": csrf(_page(client, course["teacher"], "/record/course/entries")),
                             "action": "reject"}).get_data(as_text=True)
    assert "reason" in body and ExternalEntry.query.one().status == PENDING  # a reason is required
    _decide(client, course["teacher"], entry, "reject", "Tanggal pada sertifikat tidak sesuai")
    assert ExternalEntry.query.one().status == REJECTED and _ledger(course["user"]) == []
    page = _page(client, course["learner"])
    assert 'data-testid="entry-rejected"' in page and "Tanggal pada sertifikat tidak sesuai" in page


def test_duplicates_are_flagged_to_the_learner_and_the_verifier(course, client):
    _submit(client, course["learner"])
    body = _submit(client, course["learner"], evidence=(PDF + b"x", "lain.pdf"), title="pelatihan  SIPD!",
                   started_on="2026-03-03", ended_on="2026-03-05").get_data(as_text=True)
    assert "similar entry" in body or "serupa" in body
    body = _submit(client, course["learner"], title="Seminar lain", started_on="2025-01-01",
                   ended_on="2025-01-01").get_data(as_text=True)  # the same file
    assert "serupa" in body or "similar entry" in body
    assert ExternalEntry.query.count() == 3  # a warning, not a refusal
    page = _page(client, course["teacher"], "/record/course/entries")
    assert page.count('data-testid="entry-duplicate"') == 3


def test_evidence_must_be_a_pdf_or_image_by_content_and_within_the_limit(app, course, client):
    body = _submit(client, course["learner"], evidence=(EXE, "sertifikat.pdf"))
    assert body.status_code == 400 and "PDF, JPG" in body.get_data(as_text=True)
    assert _submit(client, course["learner"], evidence=None).status_code == 400
    app.config["LATIH_EVIDENCE_MB"] = 1
    body = _submit(client, course["learner"], evidence=(PDF + b"0" * (1024 * 1024), "besar.pdf"))
    assert body.status_code == 400 and "1 MB" in body.get_data(as_text=True)
    assert ExternalEntry.query.count() == 0
    assert _submit(client, course["learner"]).status_code == 200
    entry = ExternalEntry.query.one()
    assert entry.evidence.content_type == "application/pdf" and entry.evidence.filename == "sertifikat.pdf"


def test_evidence_is_shown_to_the_learner_and_the_courses_staff_only(browser, course, client):
    _submit(client, course["learner"])
    entry = ExternalEntry.query.one()
    response = client.get(f"/record/evidence/{entry.id}?launch={course['learner']}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/record/evidence/{entry.id}?launch={course['teacher']}").status_code == 200
    other = learner_token(browser, course["activity"], sub="5")
    assert client.get(f"/record/evidence/{entry.id}?launch={other}").status_code == 404
    assert client.get(f"/record/course/entries?launch={other}").status_code == 403  # a learner is not staff


def test_another_courses_instructor_cannot_verify(browser, course, client):
    _submit(client, course["learner"])
    entry = ExternalEntry.query.one()
    context = {"id": "9999", "label": "LAIN", "title": "Kursus lain", "type": ["CourseSection"]}
    other = token_of(browser.launch_with("instructor", **{"https://purl.imsglobal.org/spec/lti/claim/context":
                                                          context}))
    page = _page(client, other, "/record/course/entries")
    assert "Pelatihan SIPD" not in page
    response = client.post(f"/record/course/entries/{entry.id}?launch={other}",
                           data={"csrf_token": csrf(page), "action": "accept"})
    assert response.status_code == 404 and ExternalEntry.query.one().status == PENDING
    assert client.get(f"/record/evidence/{entry.id}?launch={other}").status_code == 404
    # nor add an entry for someone who is no learner of this course (ids are looked up among its learners)
    outsider = LtiUser(issuer=course["user"].issuer, sub="not-in-this-course", name="Orang Lain")
    db.session.add(outsider)
    db.session.commit()
    response = client.post(f"/record/course/entries?launch={other}", content_type="multipart/form-data",
                           data={"csrf_token": csrf(page), "learner": str(outsider.id), **FIELDS})
    assert response.status_code == 400 and ExternalEntry.query.count() == 1


def test_forms_need_their_csrf_token(course, client):
    response = client.post(f"/record/entries/new?launch={course['learner']}", data=dict(FIELDS),
                           content_type="multipart/form-data")
    assert response.status_code == 400 and ExternalEntry.query.count() == 0
    _submit(client, course["learner"])
    entry = ExternalEntry.query.one()
    response = client.post(f"/record/course/entries/{entry.id}?launch={course['teacher']}", data={"action": "accept"})
    assert response.status_code == 400 and ExternalEntry.query.one().status == PENDING


def test_ids_from_the_browser_are_checked(course, client):
    page = _page(client, course["teacher"], "/record/course/entries")
    for learner in ("999999", "abc", "-1", ""):
        response = client.post(f"/record/course/entries?launch={course['teacher']}",
                               content_type="multipart/form-data",
                               data={"csrf_token": csrf(page), "learner": learner, **FIELDS})
        assert response.status_code == 400
    assert client.post(f"/record/course/entries/999999?launch={course['teacher']}",
                       data={"csrf_token": csrf(page), "action": "accept"}).status_code == 404
    _submit(client, course["learner"])
    entry = ExternalEntry.query.one()
    assert client.post(f"/record/course/entries/{entry.id}?launch={course['teacher']}",
                       data={"csrf_token": csrf(page), "action": "delete"}).status_code == 400
    assert ExternalEntry.query.count() == 1
