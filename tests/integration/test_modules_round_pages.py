"""The author's side of review rounds: a round prepared on a frozen version, opened (not without reviewers), closed,
decided on the approval rule (approving against it needs a reason), the approved version published; the next round
with the reviewers asked again; answers and replies to comments; scores shown as median and distribution; and who
may reach what."""
import re
from datetime import datetime

import pytest
from modules_pages_support import MODULE_V1, MODULE_V2, csrf, freeze, make_module, publish, save_draft
from rounds_support import (
    add_comment,
    add_reviewer,
    message,
    new_round,
    post_round,
    round_row,
    submit_review,
)

from lti_tool.activities.services import create_activity
from lti_tool.extensions import db
from lti_tool.lti.models import Course
from lti_tool.modules.models import (
    Module,
    ModuleAuditEvent,
    ModuleComment,
    ModuleReviewer,
    ModuleRound,
    ModuleVersion,
)
from lti_tool.modules.services.review_data import hash_token


@pytest.fixture
def module(app, browser, platform, client):
    made = make_module(app, browser, platform)
    save_draft(client, made["teacher"], MODULE_V1)
    freeze(client, made["teacher"])
    return made


def _actions(activity):
    return [e.action for e in ModuleAuditEvent.query.filter_by(module_id=activity.id).order_by(ModuleAuditEvent.id)]


def _opened(client, module, groups=("pemda",)):
    """Round 1 on version 1, with one reviewer per group, open."""
    teacher = module["teacher"]
    new_round(client, teacher, groups=groups)
    row = round_row(module["activity"], 1)
    reviewers = [add_reviewer(row, group=g, name=f"Peninjau {g}") for g in groups]
    assert post_round(client, teacher, 1, "open").status_code == 302
    return row, reviewers


def test_create_open_review_close_decide_against_the_rule_and_publish(module, client):
    teacher, activity = module["teacher"], module["activity"]
    answer = new_round(client, teacher, groups=("pemda", "masyarakat"), criteria=("relevance", "clarity"),
                       date="2099-01-31", time="17:00", show_comments="1")
    assert answer.headers["Location"].startswith("/modules/rounds/1?")
    row = round_row(activity, 1)
    assert (row.state, row.groups, row.version.number, row.show_comments, row.hide_identities) == (
        "draft", ["pemda", "masyarakat"], 1, True, False)
    assert row.deadline == datetime(2099, 1, 31, 10, 0)  # 17.00 WIB is 10.00 UTC
    assert row.criteria == {"pemda": ["relevance", "clarity"], "masyarakat": ["relevance", "clarity"]}
    assert row.rule == {"no_open_blocking": True, "groups": {
        g: {"min_reviews": 1, "min_median": {"relevance": 3, "clarity": 3}} for g in ("pemda", "masyarakat")}}

    # Another round while this one is undecided: refused.
    assert "Review round 1 is not decided yet" in message(client, new_round(client, teacher))
    # Opening needs a reviewer in every group.
    page = message(client, post_round(client, teacher, 1, "open"))
    assert "Regional government (Pemda/OPD) has no reviewer yet" in page
    pemda = [add_reviewer(row, name=f"Pemda {n}") for n in range(3)]
    masyarakat = add_reviewer(row, group="masyarakat", name="Pak Budi", institution="LSM Desa Maju")
    post_round(client, teacher, 1, "open")
    assert round_row(activity, 1).state == "open"
    # Deciding an open round is refused.
    page = message(client, post_round(client, teacher, 1, "decide", outcome="approved", reason="x"))
    assert "This cannot be done while the round is open." in page

    for reviewer, score in zip(pemda, (1, 4, 4), strict=True):
        submit_review(reviewer, scores={"relevance": score, "clarity": 4})
    submit_review(masyarakat, scores={"relevance": 3, "clarity": 2}, recommendation="approve_with_changes")
    add_comment(masyarakat, "Istilah musdes perlu dijelaskan.", blocking=True, exact="melibatkan warga desa")
    page = client.get(f"/modules/rounds/1?launch={teacher}").get_data(as_text=True)
    assert "4 of 4 reviews submitted" in page and "Pak Budi" in page and "LSM Desa Maju" in page

    post_round(client, teacher, 1, "close")
    assert round_row(activity, 1).state == "closed"
    refused = message(client, post_round(client, teacher, 1, "decide", outcome="approved", reason="  "))
    assert "The approval rule is not met: write why you approve this version anyway." in refused
    assert round_row(activity, 1).state == "closed"
    post_round(client, teacher, 1, "decide", outcome="approved", reason="Disetujui rapat pimpinan")
    row = round_row(activity, 1)
    assert (row.state, row.outcome, row.against_rule, row.reason) == (
        "decided", "approved", True, "Disetujui rapat pimpinan")
    assert row.decided_by is not None
    decided = client.get(f"/modules/rounds/1?launch={teacher}").get_data(as_text=True)
    assert 'data-testid="against-rule"' in decided and 'data-testid="publish-approved"' in decided

    # Published on the approval: no reason typed, the round's reason kept.
    version_page = client.get(f"/modules/versions/1?launch={teacher}").get_data(as_text=True)
    assert 'data-testid="publish-approved-note"' in version_page and "publish-reason" not in version_page
    assert publish(client, teacher, 1, reason="").status_code == 302
    assert db.session.get(Module, activity.id).published_version.number == 1
    event = ModuleAuditEvent.query.filter_by(action="published").one()
    assert (event.detail["without_review"], event.detail["round"], event.detail["against_rule"],
            event.detail["reason"]) == (False, 1, True, "Disetujui rapat pimpinan")
    assert {"round_created", "round_opened", "round_closed", "round_decided", "published"} <= set(_actions(activity))


def test_approving_when_the_rule_is_met_needs_no_reason(module, client):
    teacher = module["teacher"]
    _row, (reviewer,) = _opened(client, module)
    submit_review(reviewer, score=4)
    post_round(client, teacher, 1, "close")
    page = client.get(f"/modules/rounds/1?launch={teacher}").get_data(as_text=True)
    assert 'data-testid="rule-met"' in page and "reason-needed" not in page
    post_round(client, teacher, 1, "decide", outcome="approved", reason="")
    row = round_row(module["activity"], 1)
    assert (row.outcome, row.against_rule) == ("approved", False)


def test_revise_then_the_next_round_asks_again_only_the_blocking_reviewers(module, client):
    teacher, activity = module["teacher"], module["activity"]
    row, (first,) = _opened(client, module)
    second = add_reviewer(row, name="Pak Tono", email="tono@example.id", institution="Dinas PMD")
    revoked = add_reviewer(row, name="Dicabut", revoked_at=datetime(2026, 1, 1))
    add_comment(second, "Tabel salah.", blocking=True)
    add_comment(first, "Bagus.")
    post_round(client, teacher, 1, "close")
    post_round(client, teacher, 1, "decide", outcome="revise", reason="")
    assert round_row(activity, 1).outcome == "revise"
    # No newer version yet: the next round is refused.
    page = message(client, post_round(client, teacher, 1, "next", version="1", only_blocking="1"))
    assert "The next round needs a version after version 1" in page
    # Publishing the unapproved version 1 needs a reason.
    assert "Version 1 is not approved (review round 1)" in message(client, publish(client, teacher, 1, reason=""))

    save_draft(client, teacher, MODULE_V2)
    freeze(client, teacher)
    answer = post_round(client, teacher, 1, "next", version="2", only_blocking="1")
    assert answer.status_code == 200
    body = answer.get_data(as_text=True)
    new = round_row(activity, 2)
    assert (new.state, new.version.number, new.groups, new.rule, new.criteria) == (
        "draft", 2, row.groups, row.rule, row.criteria)
    (copy,) = ModuleReviewer.query.filter_by(round_id=new.id).all()
    assert (copy.previous_id, copy.name, copy.email, copy.group) == (second.id, "Pak Tono", "tono@example.id", "pemda")
    assert copy.token_hash != second.token_hash
    # The new link, with its invitation text to copy (no mail server here), on this answer only.
    (link,) = re.findall(r'readonly value="([^"]+)" data-testid="review-link"', body)
    token = link.rsplit("/modules/review/", 1)[1].rstrip("/")
    assert hash_token(token) == copy.token_hash and 'data-testid="invitation-text"' in body
    assert revoked.id not in {r.previous_id for r in ModuleReviewer.query.filter_by(round_id=new.id)}
    # The tokens are not on the round page afterwards.
    assert token not in client.get(f"/modules/rounds/2?launch={teacher}").get_data(as_text=True)
    # Asked again: a second "next" is refused while round 2 is undecided.
    assert "Review round 2 is not decided yet" in message(client, post_round(client, teacher, 1, "next", version="2"))


def test_next_round_with_everyone_copies_every_active_reviewer(module, client):
    teacher, activity = module["teacher"], module["activity"]
    row, (first,) = _opened(client, module)
    add_reviewer(row, name="Kedua")
    post_round(client, teacher, 1, "close")
    post_round(client, teacher, 1, "decide", outcome="revise")
    save_draft(client, teacher, MODULE_V2)
    freeze(client, teacher)
    post_round(client, teacher, 1, "next", version="2")
    copies = ModuleReviewer.query.filter_by(round_id=round_row(activity, 2).id).order_by(ModuleReviewer.id).all()
    assert [c.name for c in copies] == ["Peninjau pemda", "Kedua"]
    assert len({c.token_hash for c in copies} | {r.token_hash for r in row.reviewers}) == 4


def test_answers_and_replies(module, client):
    teacher, activity = module["teacher"], module["activity"]
    row, (reviewer,) = _opened(client, module)
    blocking = add_comment(reviewer, "Ganti istilah.", blocking=True)
    other = add_comment(reviewer, "Tambahkan gambar.")
    refused = message(client, post_round(client, teacher, 1, "answer", comment=str(blocking.id), status="declined",
                                         answer=" "))
    assert "Write why the comment is declined." in refused
    refused = message(client, post_round(client, teacher, 1, "answer", comment=str(blocking.id), status="addressed",
                                         version="1"))
    assert "addressed in a version after version 1" in refused
    post_round(client, teacher, 1, "answer", comment=str(blocking.id), status="addressed", version="2",
               answer="Istilah diganti.")
    post_round(client, teacher, 1, "answer", comment=str(other.id), status="declined", answer="Tidak ada ruang.")
    db.session.expire_all()
    assert (blocking.status, blocking.answered_in, blocking.answer) == ("addressed", 2, "Istilah diganti.")
    assert (other.status, other.answered_in, other.answer) == ("declined", None, "Tidak ada ruang.")
    assert message(client, post_round(client, teacher, 1, "reply", comment=str(other.id), body="")).count(
        "Write the reply.") == 1
    post_round(client, teacher, 1, "reply", comment=str(other.id), body="Terima kasih <b>Bu</b>.")
    reply = ModuleComment.query.filter_by(parent_id=other.id).one()
    assert (reply.reviewer_id, reply.user_id is not None, reply.round_id) == (None, True, row.id)
    page = client.get(f"/modules/rounds/1?launch={teacher}").get_data(as_text=True)
    assert "Terima kasih &lt;b&gt;Bu&lt;/b&gt;." in page and "<b>Bu</b>" not in page
    # A reply cannot be answered or replied to as a comment; nonsense ids are refused.
    for bad in (str(reply.id), "x", "99999", "-1"):
        page = message(client, post_round(client, teacher, 1, "answer", comment=bad, status="declined", answer="r"))
        assert "There is no such comment in this round." in page
    assert {"comment_answered", "comment_replied"} <= set(_actions(activity))


def test_a_comment_of_another_round_is_refused(module, client):
    teacher, activity = module["teacher"], module["activity"]
    row, (reviewer,) = _opened(client, module)
    post_round(client, teacher, 1, "close")
    post_round(client, teacher, 1, "decide", outcome="revise")
    save_draft(client, teacher, MODULE_V2)
    freeze(client, teacher)
    post_round(client, teacher, 1, "next", version="2")
    later = add_comment(ModuleReviewer.query.filter_by(round_id=round_row(activity, 2).id).first(), "Di ronde 2")
    page = message(client, post_round(client, teacher, 1, "answer", comment=str(later.id), status="declined",
                                      answer="r"))
    assert "There is no such comment in this round." in page
    page = message(client, post_round(client, teacher, 1, "reply", comment=str(later.id), body="r"))
    assert "There is no such comment in this round." in page
    assert ModuleComment.query.filter_by(parent_id=later.id).count() == 0


def test_scores_show_the_median_and_distribution_never_a_mean(module, client):
    teacher = module["teacher"]
    row, (first,) = _opened(client, module)
    submit_review(first, scores={"relevance": 1, "accuracy": 2, "clarity": 4, "usability": 4, "culture": 4})
    for scores in ({"relevance": 4, "accuracy": 3}, {"relevance": 4, "accuracy": 2}, {"relevance": 1, "accuracy": 3}):
        submit_review(add_reviewer(row), scores=dict(scores, clarity=4, usability=4, culture=4))
    three = ModuleReviewer.query.filter_by(round_id=row.id).order_by(ModuleReviewer.id).all()
    three[-1].review_state = "draft"  # not submitted: not counted
    db.session.commit()
    page = client.get(f"/modules/rounds/1?launch={teacher}").get_data(as_text=True)
    relevance = re.search(r'data-criterion="relevance">(.*?)</tr>', page, re.S).group(1)
    assert 'data-testid="n">3<' in relevance and 'data-testid="median">4<' in relevance  # 1, 4, 4 → 4 (mean 3)
    assert 'data-testid="distribution">1 0 0 2<' in relevance
    accuracy = re.search(r'data-criterion="accuracy">(.*?)</tr>', page, re.S).group(1)
    assert 'data-testid="median">2<' in accuracy  # 2, 2, 3
    submit_review(three[-1], scores={"relevance": 1, "accuracy": 3, "clarity": 4, "usability": 4, "culture": 4})
    page = client.get(f"/modules/rounds/1?launch={teacher}").get_data(as_text=True)
    relevance = re.search(r'data-criterion="relevance">(.*?)</tr>', page, re.S).group(1)
    assert 'data-testid="median">1–4<' in relevance  # 1, 1, 4, 4: lower median 1, upper 4
    assert "Recommendations:" in page and "approve 4" in page
    assert "Mean" not in page and "mean" not in page.replace("meant", "")


def test_extend_and_setup_changes(module, client):
    teacher, activity = module["teacher"], module["activity"]
    new_round(client, teacher, groups=("pemda",))
    post_round(client, teacher, 1, "setup", groups=["pemda", "perguruan_tinggi"],
               **{"criteria-pemda": ["accuracy"], "criteria-perguruan_tinggi": ["clarity", "culture"]},
               deadline_date="2099-02-01", deadline_time="08:00", hide_identities="1")
    row = round_row(activity, 1)
    assert row.groups == ["pemda", "perguruan_tinggi"] and row.hide_identities and not row.show_comments
    assert row.criteria == {"pemda": ["accuracy"], "perguruan_tinggi": ["clarity", "culture"]}
    assert row.deadline == datetime(2099, 2, 1, 1, 0)
    page = message(client, post_round(client, teacher, 1, "setup", groups=["pemda"]))
    assert "Choose at least one criterion for Regional government (Pemda/OPD)." in page
    assert "Write the deadline as a date and a time." in message(client, post_round(
        client, teacher, 1, "setup", groups=["pemda"], deadline_date="31/01/2099", **{"criteria-pemda": ["accuracy"]}))
    add_reviewer(row)
    add_reviewer(row, group="perguruan_tinggi")
    post_round(client, teacher, 1, "open")
    assert "no longer a draft" in message(client, post_round(client, teacher, 1, "setup", groups=["pemda"],
                                                             **{"criteria-pemda": ["accuracy"]}))
    assert "later than the current one" in message(client, post_round(
        client, teacher, 1, "extend", deadline_date="2099-01-01", deadline_time="08:00"))
    post_round(client, teacher, 1, "close")
    post_round(client, teacher, 1, "extend", deadline_date="2099-03-01", deadline_time="08:00")
    row = round_row(activity, 1)
    assert (row.state, row.deadline) == ("open", datetime(2099, 3, 1, 1, 0))
    assert "round_extended" in _actions(activity)


def test_open_refused_with_a_past_deadline_or_only_revoked_reviewers(module, client):
    teacher, activity = module["teacher"], module["activity"]
    new_round(client, teacher, date="2020-01-01")
    row = round_row(activity, 1)
    add_reviewer(row, revoked_at=datetime(2026, 1, 1))
    page = message(client, post_round(client, teacher, 1, "open"))
    assert "The deadline must be in the future." in page
    assert round_row(activity, 1).state == "draft"


def test_learners_csrf_and_other_modules(module, client, app):
    teacher, learner = module["teacher"], module["learner"]
    _opened(client, module)
    page = client.get(f"/modules/?launch={learner}").get_data(as_text=True)
    for path in ("/modules/rounds", "/modules/rounds/1"):
        assert client.get(f"{path}?launch={learner}").status_code == 403
        assert client.get(path).status_code == 401
    for action in ("setup", "open", "close", "extend", "decide", "next", "answer", "reply"):
        assert client.post(f"/modules/rounds/1/{action}?launch={learner}",
                           data={"csrf_token": csrf(page)}).status_code == 403
        assert client.post(f"/modules/rounds/1/{action}?launch={teacher}", data={}).status_code == 400
    assert client.post(f"/modules/rounds?launch={teacher}", data={"version": "1"}).status_code == 400
    assert client.get(f"/modules/rounds/2?launch={teacher}").status_code == 404
    assert client.get(f"/modules/rounds/99999999999?launch={teacher}").status_code == 404
    # Another course's module and its round: out of reach.
    other_course = Course(issuer="https://elsewhere.example", deployment_id="1", context_id="99", title="Other")
    db.session.add(other_course)
    db.session.commit()
    other = create_activity(other_course.id, None, "modules", "Bukan milik Anda")
    version = ModuleVersion(module_id=other.id, number=1, markdown="# R", sections=[], word_count=1)
    db.session.add(version)
    db.session.flush()
    db.session.add(ModuleRound(module_id=other.id, number=7, version_id=version.id, groups=["pemda"]))
    db.session.commit()
    assert client.get(f"/modules/rounds/7?launch={teacher}").status_code == 404
    assert post_round(client, teacher, 1, "close").status_code == 302
    assert client.post(f"/modules/rounds/7/open?launch={teacher}",
                       data={"csrf_token": csrf(page)}).status_code == 404


def test_the_rounds_list(module, client):
    teacher = module["teacher"]
    row, (reviewer,) = _opened(client, module)
    submit_review(reviewer, score=3)
    add_reviewer(row, name="Belum")
    page = client.get(f"/modules/rounds?launch={teacher}").get_data(as_text=True)
    assert 'data-round="1"' in page and 'data-testid="round-submitted">1 of 2<' in page
    assert 'data-testid="staff-nav-modules.rounds_page"' in page
