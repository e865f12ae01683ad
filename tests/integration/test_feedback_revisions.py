"""From a finding to a change (issue 14): a finding of a feedback form (an item with its figure, a tagged open
answer, a discussion point) opens a revision request on a module of the same course; the module's author answers it
in the next version; the feedback side and the course overview show which version addressed it."""
import re

from loop_support import feedback_and_module, module_version, post, store_answers
from modules_pages_support import MODULE_V1, MODULE_V2

from lti_tool.activities.services import create_activity
from lti_tool.extensions import db
from lti_tool.feedback.findings_models import FeedbackDiscussion
from lti_tool.feedback.models import FeedbackAnswer
from lti_tool.lti.models import Course
from lti_tool.revisions.models import RevisionRequest

NEW = "/feedback/findings/new"


def _open(client, token, source, ref, **fields):
    page = client.get(f"{NEW}?launch={token}&source={source}&ref={ref}").get_data(as_text=True)
    data = {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1), "source": source,
            "ref": ref, **fields}
    return client.post(f"/feedback/findings?launch={token}", data=data)


def _answer(client, token, request_id, status, answer="", version="", back="home"):
    return post(client, token, "/modules/revision-requests/answer", "/modules/manage", request=request_id,
                status=status, answer=answer, version=version, back=back)


def test_an_item_finding_is_answered_in_the_next_version_and_shown_as_addressed(app, browser, client, platform):
    setup = feedback_and_module(app, browser, platform)
    teacher, author, module = setup["teacher"], setup["module_teacher"], setup["module"]
    module_version(client, author, MODULE_V1)
    page = client.get(f"{NEW}?launch={teacher}&source=item&ref={setup['ids']['org_schedule']}").get_data(as_text=True)
    assert module.title in page and 'name="figure"' in page
    sent = _open(client, teacher, "item", setup["ids"]["org_schedule"], target=module.id,
                 figure="index 61 (Kurang Baik), 18 jawaban", change="Tambahkan waktu latihan musdes.")
    assert sent.status_code == 302 and sent.headers["Location"].startswith("/feedback/revisions")
    row = RevisionRequest.query.one()
    assert (row.state, row.source_kind, row.target_activity_id, row.source_activity_id) == \
        ("open", "item", module.id, setup["activity"].id)
    assert row.figure.startswith("index 61") and row.source_ref == str(setup["ids"]["org_schedule"])
    listed = client.get(f"/feedback/revisions?launch={teacher}").get_data(as_text=True)
    assert 'data-state="open"' in listed and "Tambahkan waktu latihan musdes." in listed

    home = client.get(f"/modules/manage?launch={author}").get_data(as_text=True)
    assert 'data-testid="module-revision-request"' in home and "index 61 (Kurang Baik)" in home
    assert 'name="version" inputmode="numeric" size="3" value="2"' in home  # the next version, offered
    assert "1 open" in client.get(f"/modules/rounds?launch={author}").get_data(as_text=True)

    refused = _answer(client, author, row.id, "declined")  # a reason is required
    assert refused.status_code == 302 and db.session.get(RevisionRequest, row.id).state == "open"
    assert "Say why" in client.get(refused.headers["Location"]).get_data(as_text=True)
    _answer(client, author, row.id, "addressed", version="1")  # frozen before the request: cannot address it
    assert db.session.get(RevisionRequest, row.id).state == "open"
    _answer(client, author, row.id, "addressed", version="3")  # neither the next one nor frozen
    assert db.session.get(RevisionRequest, row.id).state == "open"
    assert _answer(client, author, row.id, "addressed", answer="Sesi musdes jadi 4 JP.", version="2").status_code == 302
    module_version(client, author, MODULE_V2)
    row = db.session.get(RevisionRequest, row.id)
    assert (row.state, row.addressed_in, row.answer) == ("addressed", 2, "Sesi musdes jadi 4 JP.")
    assert row.answered_at is not None and row.answered_by is not None

    listed = client.get(f"/feedback/revisions?launch={teacher}").get_data(as_text=True)
    assert "addressed in version 2" in listed and "Sesi musdes jadi 4 JP." in listed
    overview = client.get(f"/activities/overview?launch={teacher}").get_data(as_text=True)
    assert 'data-testid="run-lines"' in overview and "1 addressed, 0 open, 0 declined" in overview
    assert f"{module.title}: version 2" in overview

    # A version frozen since the request was opened may be named too; declining keeps the reason.
    assert _answer(client, author, row.id, "declined", answer="Sudah cukup.").status_code == 302
    row = db.session.get(RevisionRequest, row.id)
    assert (row.state, row.addressed_in, row.answer) == ("declined", None, "Sudah cukup.")
    _answer(client, author, row.id, "addressed", version="2")
    assert db.session.get(RevisionRequest, row.id).addressed_in == 2


def test_a_tagged_answer_and_a_discussion_point_open_requests_with_their_quotes(app, browser, client, platform):
    setup = feedback_and_module(app, browser, platform)
    teacher, module = setup["teacher"], setup["module"]
    store_answers(setup["activity"].id, setup["ids"]["improve"], ["Contoh dari desa kami kurang"])
    answer = FeedbackAnswer.query.one()
    post(client, teacher, "/feedback/open-answers/tags", "/feedback/open-answers", answer=answer.id, tag="materi")
    page = client.get("/feedback/open-answers", query_string={"launch": teacher}).get_data(as_text=True)
    assert f"source=answer&amp;ref={answer.id}" in page and f"source=item&amp;ref={setup['ids']['improve']}" in page
    _open(client, teacher, "answer", answer.id, target=module.id, change="Tambah contoh desa.", quotes="Kutipan lain")
    row = RevisionRequest.query.one()
    assert row.quotes == ["Contoh dari desa kami kurang", "Kutipan lain"]
    assert row.source_kind == "answer" and row.source_ref == str(setup["ids"]["improve"])  # the item, not the answer

    bad = post(client, teacher, "/feedback/discussions", "/feedback/discussions", held_on="2026-12-01",
               participants="0", points="Waktu")
    assert bad.status_code == 400 and "from 1 to" in bad.get_data(as_text=True)
    assert post(client, teacher, "/feedback/discussions", "/feedback/discussions", held_on="2026-12-01",
                participants="12", points="Waktu praktik kurang\n\nContoh kurang relevan").status_code == 302
    discussion = FeedbackDiscussion.query.one()
    assert (discussion.participants, [p.text for p in discussion.points]) == \
        (12, ["Waktu praktik kurang", "Contoh kurang relevan"])
    point = discussion.points[0]
    post(client, teacher, "/feedback/discussions/tags", "/feedback/discussions", point=point.id, tag="Waktu")
    db.session.expire_all()
    assert db.session.get(type(point), point.id).tags == ["waktu"]
    page = client.get(f"/feedback/discussions?launch={teacher}").get_data(as_text=True)
    assert 'data-tag="waktu" data-count="1"' in page
    _open(client, teacher, "point", point.id, target=module.id, change="Tambah sesi praktik.")
    row = RevisionRequest.query.filter_by(source_kind="point").one()
    assert row.quotes == ["Waktu praktik kurang"] and "12 participants" in row.source_label


def test_ids_of_another_course_or_module_are_refused(app, browser, client, platform):
    setup = feedback_and_module(app, browser, platform)
    teacher, module, author = setup["teacher"], setup["module"], setup["module_teacher"]
    elsewhere = Course(issuer="https://elsewhere.example", deployment_id="1", context_id="99", title="Other")
    db.session.add(elsewhere)
    db.session.commit()
    foreign_module = create_activity(elsewhere.id, None, "modules", "Modul kursus lain")
    answer = _open(client, teacher, "item", setup["ids"]["org_schedule"], target=foreign_module.id, change="x")
    assert answer.status_code == 400 and "Choose a module of this course." in answer.get_data(as_text=True)
    not_a_module = _open(client, teacher, "item", setup["ids"]["org_schedule"], target=setup["activity"].id, change="x")
    assert not_a_module.status_code == 400 and RevisionRequest.query.count() == 0

    # A request on another module of the same course cannot be answered from this module's launch.
    other = create_activity(module.course_id, None, "modules", "Modul lain")
    _open(client, teacher, "finding", "", target=other.id, change="Perbaiki bab 2.")
    row = RevisionRequest.query.one()
    assert row.target_activity_id == other.id
    _answer(client, author, row.id, "declined", answer="bukan milik saya")
    assert db.session.get(RevisionRequest, row.id).state == "open"
    assert "Perbaiki bab 2." not in client.get(f"/modules/manage?launch={author}").get_data(as_text=True)

    # An item of another form is not a source; a learner cannot answer; a post without its token is refused.
    assert client.get(f"{NEW}?launch={teacher}&source=item&ref=999999").status_code == 302
    learner_page = client.get(f"/feedback/?launch={setup['learner']}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', learner_page).group(1)
    assert client.post(f"/modules/revision-requests/answer?launch={setup['learner']}", data={
        "csrf_token": token, "request": row.id, "status": "declined", "answer": "x"}).status_code == 403
    assert client.post(f"/modules/revision-requests/answer?launch={author}", data={
        "request": row.id, "status": "declined", "answer": "x"}).status_code == 400


def test_the_course_overview_shows_the_evaluation_score(app, browser, client, platform):
    setup = feedback_and_module(app, browser, platform)
    scale = [setup["ids"][k] for k in setup["ids"] if k.startswith("org_")]
    store_answers(setup["activity"].id, setup["ids"]["improve"], ["a", "b", "c"], scale_items=scale, score=3)
    overview = client.get(f"/activities/overview?launch={setup['teacher']}").get_data(as_text=True)
    assert "index 75.00 (C, less than good) · 3 responses" in overview  # 3 of 4 × 25: 75.00, band C (Kurang Baik)
    finding = client.get(f"{NEW}?launch={setup['teacher']}&source=item&ref={scale[0]}").get_data(as_text=True)
    assert 'value="index 75.00 (C, less than good), 3 answers"' in finding  # the figure offered, to edit


def test_a_discussion_of_another_form_is_out_of_reach_and_a_discussion_can_be_deleted(app, browser, client,
                                                                                     platform):
    from datetime import date

    from lti_tool.feedback.findings_models import FeedbackDiscussionPoint
    from lti_tool.feedback.services.forms import form_for

    setup = feedback_and_module(app, browser, platform)
    teacher = setup["teacher"]
    other = create_activity(setup["activity"].course_id, None, "feedback", "Lain", form=None)
    form_for(other)
    foreign = FeedbackDiscussion(form_id=other.id, held_on=date(2026, 12, 1), participants=5)
    foreign.points = [FeedbackDiscussionPoint(position=1, text="Rahasia diskusi lain", tags=[])]
    db.session.add(foreign)
    db.session.commit()
    point_id, foreign_id = foreign.points[0].id, foreign.id
    post(client, teacher, "/feedback/discussions/tags", "/feedback/discussions", point=point_id, tag="materi")
    post(client, teacher, "/feedback/discussions/delete", "/feedback/discussions", discussion=foreign_id)
    db.session.expire_all()
    assert db.session.get(FeedbackDiscussionPoint, point_id).tags == []
    assert db.session.get(FeedbackDiscussion, foreign_id) is not None
    assert "Rahasia" not in client.get(f"/feedback/discussions?launch={teacher}").get_data(as_text=True)
    assert post(client, teacher, "/feedback/findings", "/feedback/discussions", source="point", ref=point_id,
                target=setup["module"].id, change="x").status_code == 302
    assert RevisionRequest.query.count() == 0  # the source is refused: back to the open answers

    post(client, teacher, "/feedback/discussions", "/feedback/discussions", held_on="2026-12-02",
         participants="8", points="Satu")
    mine = FeedbackDiscussion.query.filter_by(form_id=setup["activity"].id).one()
    assert post(client, teacher, "/feedback/discussions/delete", "/feedback/discussions",
                discussion=mine.id).status_code == 302
    assert FeedbackDiscussion.query.filter_by(form_id=setup["activity"].id).count() == 0
