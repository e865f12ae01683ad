"""The stakeholder reviewer's pages, reached by a personal link (no launch, no Moodle session): the link's states
(404, 403, 410), the headers every answer carries, CSRF, confirming name and institution, comments on a passage
or a section, replies, the review (drafts, compare-and-set, deadline, submit), what a reviewer sees of the
others, the author's answers of the previous round, attachments, the rate limit and the token in log lines."""
import logging
import re
from datetime import timedelta

import pytest
from modules_pages_support import csrf
from review_support import comment, invite, module_with_version, open_round

from lti_tool.clock import utcnow
from lti_tool.extensions import db
from lti_tool.modules.models import ModuleAuditEvent, ModuleComment, ModuleReviewer
from lti_tool.modules.services import attachments

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def setup(app, browser, platform, client):
    made = module_with_version(app, browser, platform, client)
    made["round"] = open_round(made["module"], made["version"])
    made["reviewer"], made["token"] = invite(made["round"])
    return made


def url(token, rest=""):
    return f"/modules/review/{token}/{rest}"


def page(client, token):
    response = client.get(url(token))
    return response, response.get_data(as_text=True)


def post(client, token, rest, **data):
    _, body = page(client, token)
    return client.post(url(token, rest), data={"csrf_token": csrf(body), **data})


def test_the_page_shows_the_invitation_and_records_the_first_opening(setup, client):
    response, body = page(client, setup["token"])
    assert response.status_code == 200
    assert "Perencanaan partisipatif" in body and "WIB" in body and 'data-testid="group"' in body
    assert 'data-testid="toc"' in body and "Materi Pokok" in body and 'data-testid="confirm"' in body
    reviewer = db.session.get(ModuleReviewer, setup["reviewer"].id)
    assert reviewer.opened_at is not None
    page(client, setup["token"])
    events = ModuleAuditEvent.query.filter_by(action="review_opened").all()
    assert len(events) == 1 and events[0].actor == "Ibu Sari" and events[0].version_number == 1


def test_every_answer_carries_the_privacy_headers(setup, client):
    for response in (client.get(url(setup["token"])), client.get(url("x" * 43)),
                     client.post(url(setup["token"], "comments"), data={})):
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Robots-Tag"] == "noindex"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_unknown_revoked_not_open_and_closed_links(setup, client):
    assert client.get(url("A" * 43)).status_code == 404
    assert client.get(url("short")).status_code == 404
    reviewer = setup["reviewer"]
    reviewer.revoked_at = utcnow()
    db.session.commit()
    response = client.get(url(setup["token"]))
    assert response.status_code == 403 and "dicabut" in response.get_data(as_text=True)
    reviewer.revoked_at = None
    setup["round"].deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = client.get(url(setup["token"]))
    body = response.get_data(as_text=True)
    assert response.status_code == 410 and 'data-testid="open-until"' in body and "WIB" in body
    setup["round"].deadline = utcnow() + timedelta(days=1)
    setup["round"].state = "decided"
    db.session.commit()
    assert client.get(url(setup["token"])).status_code == 410


def test_forms_need_the_csrf_token(setup, client):
    response = client.post(url(setup["token"], "confirm"), data={"name": "X", "institution": "Y"})
    assert response.status_code == 400
    assert db.session.get(ModuleReviewer, setup["reviewer"].id).confirmed_at is None


def test_confirm_name_and_institution(setup, client):
    response = post(client, setup["token"], "confirm", name="  Dr. Sari  Wulandari ", institution="Universitas X")
    assert response.status_code == 303
    reviewer = db.session.get(ModuleReviewer, setup["reviewer"].id)
    assert (reviewer.name, reviewer.institution) == ("Dr. Sari Wulandari", "Universitas X")
    assert reviewer.confirmed_at is not None
    answer = post(client, setup["token"], "confirm", name=" ", institution="Universitas X")
    assert answer.status_code == 400 and "Tuliskan nama Anda." in answer.get_data(as_text=True)


def test_a_comment_on_a_selected_passage_is_anchored_by_the_server(setup, client):
    response = post(client, setup["token"], "comments", section="pendahuluan", body="Sebutkan <b>warga</b> siapa.",
                    blocking="1", exact="melibatkan  warga", prefix="Perencanaan partisipatif ", suffix=" desa.")
    assert response.status_code == 303
    stored = ModuleComment.query.one()
    assert stored.anchor["exact"] == "melibatkan warga" and stored.anchor["section"] == "pendahuluan"
    assert stored.anchor["prefix"].endswith("partisipatif ") and stored.blocking
    _, body = page(client, setup["token"])
    assert "Sebutkan &lt;b&gt;warga&lt;/b&gt; siapa." in body and 'data-quote="melibatkan warga"' in body
    assert ModuleAuditEvent.query.filter_by(action="comment_added").count() == 1


def test_a_forged_quote_or_section_is_refused_and_the_text_kept(setup, client):
    answer = post(client, setup["token"], "comments", section="pendahuluan", body="Komentar saya",
                  exact="kalimat yang tidak ada di modul")
    body = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "tidak ditemukan" in body and "Komentar saya" in body
    answer = post(client, setup["token"], "comments", section="bukan-bagian", body="Komentar lain")
    assert answer.status_code == 400 and "Komentar lain" in answer.get_data(as_text=True)
    assert ModuleComment.query.count() == 0


def test_a_whole_section_comment_edit_reply_and_delete(setup, client):
    assert post(client, setup["token"], "comments", section="materi-pokok", body="Tambah contoh").status_code == 303
    stored = ModuleComment.query.one()
    assert stored.anchor is None and not stored.blocking
    assert post(client, setup["token"], f"comments/{stored.id}/edit", body="Tambah dua contoh",
                blocking_field="1", blocking="1").status_code == 303
    assert post(client, setup["token"], f"comments/{stored.id}/reply", body="Misalnya desa X").status_code == 303
    db.session.expire_all()
    stored = db.session.get(ModuleComment, stored.id)
    assert stored.body == "Tambah dua contoh" and stored.blocking and len(stored.replies) == 1
    assert post(client, setup["token"], f"comments/{stored.id}/delete").status_code == 303
    assert ModuleComment.query.count() == 0
    actions = [e.action for e in ModuleAuditEvent.query.order_by(ModuleAuditEvent.id)]
    assert {"comment_added", "comment_changed", "comment_deleted"} <= set(actions)


def test_another_rounds_link_cannot_touch_this_rounds_comments(setup, client):
    other_round = open_round(setup["module"], setup["version"], number=2)
    other, other_token = invite(other_round, name="Pak Budi")
    mine = comment(setup["reviewer"], "pendahuluan", "Komentar asli")
    for rest in (f"comments/{mine.id}/edit", f"comments/{mine.id}/delete", f"comments/{mine.id}/reply"):
        answer = post(client, other_token, rest, body="diubah")
        assert answer.status_code == 400, rest
        assert "bukan bagian dari putaran reviu Anda" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ModuleComment, mine.id).body == "Komentar asli" and ModuleComment.query.count() == 1


def test_someone_elses_comment_cannot_be_changed_even_when_shown(setup, client):
    setup["round"].show_comments = True
    db.session.commit()
    other, _ = invite(setup["round"], name="Pak Budi")
    theirs = comment(other, "pendahuluan", "Komentar Budi")
    answer = post(client, setup["token"], f"comments/{theirs.id}/edit", body="diubah")
    assert answer.status_code == 400
    assert post(client, setup["token"], f"comments/{theirs.id}/reply", body="Setuju").status_code == 303


def _review(client, token, revision=None, **fields):
    _, body = page(client, token)
    if revision is None:
        revision = re.search(r'name="revision" value="(\d+)"', body).group(1)
    return client.post(url(token, "review"), data={"csrf_token": csrf(body), "revision": revision, **fields})


def _all_scores(value="3"):
    return {f"score-{c}": value for c in ("relevance", "accuracy", "clarity", "usability", "culture")}


def test_save_draft_then_submit_needs_every_score(setup, client):
    answer = _review(client, setup["token"], **{"score-relevance": "4"}, recommendation="approve",
                     summary="Baik sekali", action="submit")
    body = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "Masih kurang" in body and "Baik sekali" in body
    reviewer = db.session.get(ModuleReviewer, setup["reviewer"].id)
    assert reviewer.scores == {"relevance": 4} and reviewer.review_state == "draft"  # the draft is kept
    answer = _review(client, setup["token"], **_all_scores(), recommendation="approve_with_changes",
                     summary="Baik", action="submit")
    assert answer.status_code == 303
    db.session.expire_all()
    reviewer = db.session.get(ModuleReviewer, setup["reviewer"].id)
    assert reviewer.review_state == "submitted" and reviewer.submitted_at is not None
    assert reviewer.recommendation == "approve_with_changes" and reviewer.scores["culture"] == 3
    _, body = page(client, setup["token"])
    assert 'data-testid="submitted-at"' in body and 'data-testid="review-readonly"' in body
    assert 'name="revision"' not in body
    assert ModuleAuditEvent.query.filter_by(action="review_submitted").count() == 1


def test_a_stale_save_keeps_what_was_typed(setup, client):
    assert _review(client, setup["token"], **{"score-clarity": "2"}, action="save").status_code == 303
    answer = _review(client, setup["token"], revision="0", **{"score-clarity": "4"},
                     summary="Teks dari tab lama", action="save")
    body = answer.get_data(as_text=True)
    assert answer.status_code == 409 and "tab" in body and "Teks dari tab lama" in body
    assert 'id="score-clarity-4" value="4" checked' in body
    assert db.session.get(ModuleReviewer, setup["reviewer"].id).scores == {"clarity": 2}


def test_a_deadline_passed_while_writing_keeps_the_text(setup, client):
    _, body = page(client, setup["token"])
    setup["round"].deadline = utcnow() - timedelta(seconds=1)
    db.session.commit()
    answer = client.post(url(setup["token"], "review"), data={
        "csrf_token": csrf(body), "revision": "0", "summary": "Catatan panjang saya", "action": "save"})
    text = answer.get_data(as_text=True)
    assert answer.status_code == 410 and "Catatan panjang saya" in text and 'data-testid="kept-text"' in text
    answer = client.post(url(setup["token"], "comments"), data={
        "csrf_token": csrf(body), "section": "pendahuluan", "body": "Komentar terlambat"})
    assert answer.status_code == 410 and "Komentar terlambat" in answer.get_data(as_text=True)
    assert ModuleComment.query.count() == 0


def test_others_comments_hidden_unless_the_round_shows_them(setup, client):
    other, _ = invite(setup["round"], name="Pak Budi", institution="LSM Desa")
    comment(other, "pendahuluan", "Komentar milik Budi")
    comment(setup["reviewer"], "pendahuluan", "Komentar milik Sari")
    _, body = page(client, setup["token"])
    assert "Komentar milik Sari" in body and "Komentar milik Budi" not in body
    setup["round"].show_comments = True
    db.session.commit()
    _, body = page(client, setup["token"])
    assert "Komentar milik Budi" in body and "Pak Budi" in body
    setup["round"].hide_identities = True
    db.session.commit()
    _, body = page(client, setup["token"])
    assert "Komentar milik Budi" in body and "Pak Budi" not in body and "Reviewer 2" in body


def test_the_authors_answers_to_the_previous_round(setup, client):
    earlier = comment(setup["reviewer"], "pendahuluan", "Ganti istilah", blocking=True, status="declined",
                      answer="Istilah resmi dari Permendagri")
    setup["round"].state = "decided"
    db.session.commit()
    round2 = open_round(setup["module"], setup["version"], number=2)
    again, token2 = invite(round2, previous=setup["reviewer"])
    _, body = page(client, token2)
    assert 'data-testid="previous-answers"' in body and "Istilah resmi dari Permendagri" in body
    assert earlier.body in body
    # the old round's comment is not a comment of this round
    assert post(client, token2, f"comments/{earlier.id}/reply", body="x").status_code == 400


def test_attachments_of_the_version_are_served_under_the_link(setup, client):
    image = attachments.add(setup["module"], None, "bagan.png", PNG)
    report = attachments.add(setup["module"], None, "laporan.pdf", PDF)
    other = attachments.add(setup["module"], None, "lain.pdf", PDF)
    _, body = page(client, setup["token"])
    assert f"/modules/review/{setup['token']}/files/{image.id}" in body
    shown = client.get(url(setup["token"], f"files/{image.id}"))
    assert shown.status_code == 200 and shown.mimetype == "image/png"
    assert "attachment" not in shown.headers.get("Content-Disposition", "")
    download = client.get(url(setup["token"], f"files/{report.id}"))
    assert download.mimetype == "application/pdf" and download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["Cache-Control"] == "no-store"
    assert client.get(url(setup["token"], f"files/{other.id}")).status_code == 404  # not in the version


def test_the_pages_are_rate_limited_per_address(setup, client, app):
    app.config["LATIH_REVIEW_PAGE_LIMIT"] = 3
    codes = [client.get(url(setup["token"])).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get(url("A" * 43))
    assert response.status_code == 429 and "Terlalu banyak" in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "60"


def test_the_token_never_reaches_a_log_line(setup, client, caplog):
    caplog.set_level(logging.INFO)
    logging.getLogger("werkzeug").info('127.0.0.1 - - "GET /modules/review/%s/files/3 HTTP/1.1" 200 -',
                                       setup["token"])
    logging.getLogger("test").warning("opened %s", f"https://x/modules/review/{setup['token']}?a=1")
    assert setup["token"] not in caplog.text and "/modules/review/***/files/3" in caplog.text
