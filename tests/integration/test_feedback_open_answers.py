"""Open answers (issue 14): listed per item, searched with SQL LIKE (escaped), tagged by the instructor with tag
counts; an anonymous form's answers only after it closes and with enough responses, small groups withheld; a tag
row holds the answer's id and the tag, nothing that could lead to a person."""
import re

import sqlalchemy as sa
from loop_support import close, feedback_and_module, post, store_answers

from lti_tool.extensions import db
from lti_tool.feedback.findings_models import FeedbackAnswerTag
from lti_tool.feedback.models import FeedbackAnswer, FeedbackForm

PAGE = "/feedback/open-answers"


def _answers(body):
    return re.findall(r'data-testid="answer-text">([^<]*)<', body)


def _answer_id(text):
    return FeedbackAnswer.query.filter_by(text=text).one().id


def _tag(client, token, text, tag, action="add"):
    return post(client, token, f"{PAGE}/tags", PAGE, answer=_answer_id(text), tag=tag, action=action)


def test_named_answers_are_listed_tagged_and_counted(app, browser, client, platform):
    setup = feedback_and_module(app, browser, platform)
    teacher, ids = setup["teacher"], setup["ids"]
    store_answers(setup["activity"].id, ids["improve"], ["Ruang kelas terlalu dingin", "Waktu istirahat kurang",
                                                         "Materi terlalu padat"])
    body = client.get(f"{PAGE}?launch={teacher}").get_data(as_text=True)
    assert sorted(_answers(body)) == _answers(body) and len(_answers(body)) == 3  # sorted: no order of submission
    assert "What should the organisers improve?" in body and "materi, fasilitas, waktu" in body

    assert _tag(client, teacher, "Ruang kelas terlalu dingin", "  Fasilitas ").status_code == 302
    _tag(client, teacher, "Materi terlalu padat", "materi")
    _tag(client, teacher, "Waktu istirahat kurang", "waktu")
    _tag(client, teacher, "Materi terlalu padat", "waktu")
    assert {(t.tag) for t in FeedbackAnswerTag.query} == {"fasilitas", "materi", "waktu"}
    body = client.get(f"{PAGE}?launch={teacher}").get_data(as_text=True)
    assert 'data-tag="waktu" data-count="2"' in body and 'data-tag="fasilitas" data-count="1"' in body

    only = client.get(f"{PAGE}?launch={teacher}&tag=waktu").get_data(as_text=True)
    assert _answers(only) == ["Materi terlalu padat", "Waktu istirahat kurang"]
    _tag(client, teacher, "Materi terlalu padat", "waktu", action="remove")
    assert FeedbackAnswerTag.query.count() == 3

    bad = _tag(client, teacher, "Materi terlalu padat", "50%")
    assert "letters, digits, spaces and hyphens" in client.get(bad.headers["Location"]).get_data(as_text=True)
    assert FeedbackAnswerTag.query.count() == 3


def test_search_is_like_with_its_wildcards_escaped(app, browser, client, platform):
    setup = feedback_and_module(app, browser, platform)
    teacher = setup["teacher"]
    store_answers(setup["activity"].id, setup["ids"]["improve"], ["100% puas", "1000 kali PUAS", "kode a_b", "kode ab",
                                                                  "garis \\ miring", "lain"])

    def found(query):
        return _answers(client.get(PAGE, query_string={"q": query, "launch": teacher}).get_data(as_text=True))

    assert found("100%") == ["100% puas"]  # % is a character, not "anything"
    assert found("a_b") == ["kode a_b"]  # _ is a character, not "any one"
    assert found("\\") == ["garis \\ miring"]
    assert found("puas") == ["100% puas", "1000 kali PUAS"]  # case-insensitive
    assert found("") == sorted(["100% puas", "1000 kali PUAS", "kode a_b", "kode ab", "garis \\ miring", "lain"])
    assert found("tidak ada") == []


def test_an_anonymous_form_shows_answers_after_close_with_enough_responses(app, browser, client, platform):
    setup = feedback_and_module(app, browser, platform, anonymous="1")
    teacher, ids, form_id = setup["teacher"], setup["ids"], setup["activity"].id
    store_answers(form_id, ids["improve"], ["Satu", "Dua", "Tiga", "Empat"])
    body = client.get(f"{PAGE}?launch={teacher}").get_data(as_text=True)
    assert 'data-testid="open-answers-gate"' in body and "only after it closes" in body and "Satu" not in body

    close(form_id)
    body = client.get(f"{PAGE}?launch={teacher}").get_data(as_text=True)
    assert "fewer than 5 people answered it (4)" in body and "Satu" not in body
    hidden_id = _answer_id("Satu")
    assert post(client, teacher, f"{PAGE}/tags", PAGE, answer=hidden_id, tag="materi").status_code == 302
    assert FeedbackAnswerTag.query.count() == 0  # not shown: cannot be tagged either

    # Six responses: "improve" has 5 texts (shown), "best" has 2 (a small group: withheld).
    store_answers(form_id, ids["best"], ["Lima", "Enam"])
    store_answers(form_id, ids["improve"], ["Tujuh"])
    body = client.get(f"{PAGE}?launch={teacher}").get_data(as_text=True)
    assert _answers(body) == sorted(["Satu", "Dua", "Tiga", "Empat", "Tujuh"])
    assert body.count('data-testid="item-suppressed"') == 1 and "Lima" not in body and "Enam" not in body
    assert post(client, teacher, f"{PAGE}/tags", PAGE, answer=_answer_id("Lima"), tag="x").status_code == 302
    assert _tag(client, teacher, "Satu", "materi").status_code == 302
    assert [t.tag for t in FeedbackAnswerTag.query] == ["materi"]
    # A search narrowing the small group still shows nothing of it.
    narrowed = client.get(f"{PAGE}?launch={teacher}&q=Lima").get_data(as_text=True)
    assert _answers(narrowed) == [] and 'data-testid="item-suppressed"' in narrowed


def test_the_open_answers_follow_the_reports_minimum_group_size(app, browser, client, platform):
    setup = feedback_and_module(app, browser, platform, anonymous="1")
    teacher, ids, form_id = setup["teacher"], setup["ids"], setup["activity"].id
    store_answers(form_id, ids["improve"], ["Satu", "Dua", "Tiga", "Empat"])
    close(form_id)
    form = db.session.get(FeedbackForm, form_id)
    form.report_minimum = 4  # Settings › Report: the same minimum for every result page of the form
    db.session.commit()
    assert _answers(client.get(f"{PAGE}?launch={teacher}").get_data(as_text=True)) == sorted(
        ["Satu", "Dua", "Tiga", "Empat"])
    form.report_minimum = 6
    db.session.commit()
    store_answers(form_id, ids["improve"], ["Lima"])
    assert "fewer than 6 people answered it (5)" in client.get(f"{PAGE}?launch={teacher}").get_data(as_text=True)


def test_a_tag_row_holds_the_answer_id_and_the_tag_only(app, browser, client, platform):
    setup = feedback_and_module(app, browser, platform, anonymous="1")
    store_answers(setup["activity"].id, setup["ids"]["improve"], [f"Saran {n}" for n in range(5)])
    close(setup["activity"].id)
    _tag(client, setup["teacher"], "Saran 1", "materi")
    inspector = sa.inspect(db.engine)
    columns = {c["name"]: c["type"] for c in inspector.get_columns("feedback_answer_tag")}
    assert set(columns) == {"answer_id", "tag"}
    assert not [n for n, t in columns.items() if isinstance(t, sa.DateTime | sa.Date | sa.Integer)]
    assert {fk["referred_table"] for fk in inspector.get_foreign_keys("feedback_answer_tag")} == {"feedback_answer"}
    with db.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM feedback_answer_tag")).mappings().all()
    assert [dict(r) for r in rows] == [{"answer_id": _answer_id("Saran 1"), "tag": "materi"}]


def test_learners_get_nothing_and_every_post_needs_its_token(app, browser, client, platform):
    setup = feedback_and_module(app, browser, platform)
    teacher, learner = setup["teacher"], setup["learner"]
    store_answers(setup["activity"].id, setup["ids"]["improve"], ["Saran"])
    for path in (PAGE, "/feedback/discussions", "/feedback/revisions", "/feedback/findings/new"):
        assert client.get(f"{path}?launch={learner}").status_code == 403, path
    page = client.get(f"/feedback/?launch={learner}").get_data(as_text=True)
    for path in (f"{PAGE}/tags", "/feedback/findings", "/feedback/discussions", "/feedback/discussions/tags",
                 "/feedback/discussions/delete"):
        assert client.post(f"{path}?launch={learner}", data={
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
            "answer": _answer_id("Saran"), "tag": "x"}).status_code == 403, path
    without_token = client.post(f"{PAGE}/tags?launch={teacher}", data={"answer": _answer_id("Saran"), "tag": "x"})
    assert without_token.status_code == 400 and FeedbackAnswerTag.query.count() == 0


def test_an_answer_of_another_form_is_out_of_reach(app, browser, client, platform):
    from lti_tool.activities.services import create_activity
    from lti_tool.feedback.services.forms import form_for

    setup = feedback_and_module(app, browser, platform)
    other = create_activity(setup["activity"].course_id, None, "feedback", "Lain",
                            form={"feedback_form": "1", "feedback_template": "penyelenggaraan",
                                  "feedback_anonymous": "0"})
    form_for(other)
    from feedback_support import item_ids as ids_of

    store_answers(other.id, ids_of(other.id)["improve"], ["Rahasia form lain"])
    teacher = setup["teacher"]
    assert "Rahasia" not in client.get(f"{PAGE}?launch={teacher}").get_data(as_text=True)
    _tag(client, teacher, "Rahasia form lain", "materi")
    assert FeedbackAnswerTag.query.count() == 0
    finding = client.get(f"/feedback/findings/new?launch={teacher}&source=answer&ref={_answer_id('Rahasia form lain')}")
    assert finding.status_code == 302


def test_the_report_counts_the_tags_of_each_text_item(app, browser, client, platform):
    setup = feedback_and_module(app, browser, platform)
    teacher, ids = setup["teacher"], setup["ids"]
    store_answers(setup["activity"].id, ids["improve"],  # 5: the report's minimum
                  ["Ruang panas", "AC rusak", "Jadwal padat", "Materi bagus", "Cukup"])
    for text, tag in (("Ruang panas", "fasilitas"), ("AC rusak", "fasilitas"), ("Jadwal padat", "waktu")):
        assert _tag(client, teacher, text, tag).status_code == 302
    body = client.get(f"/feedback/report?launch={teacher}").get_data(as_text=True)
    start = body.index(f'id="report-item-{ids["improve"]}"')
    tags = body[start:body.index("</section>", start)].split('data-testid="report-tags"')[1].split("</p>")[0]
    assert re.findall(r'data-tag="([^"]+)">[^<]*· (\d+)<', tags) == [("fasilitas", "2"), ("waktu", "1")]
