"""A learner answers: the mode said before answering, required answers missing (what was typed is kept), a condition
not met (the answer is discarded and the page says so), ranges and lengths checked on the server, a form not open
yet or closed, a named form changed until it closes, facilitators rated one by one, and the instructor's preview."""
from datetime import timedelta

from feedback_support import (
    answer_page,
    csrf,
    full_answers,
    item_ids,
    learner_token,
    make_form,
    problem_items,
    send,
)

from lti_tool.clock import utcnow
from lti_tool.extensions import db
from lti_tool.feedback.models import (
    FeedbackAnswer,
    FeedbackCompletion,
    FeedbackForm,
    FeedbackItem,
    FeedbackRespondent,
    FeedbackResponse,
)
from lti_tool.lti.models import LtiUser


def test_required_answers_missing_keep_what_was_typed(app, browser, client, platform):
    setup = make_form(app, browser, platform)
    ids = item_ids(setup["activity"].id)
    answers = full_answers(ids)
    del answers[f"q{ids['fac_room']}"], answers[f"q{ids['nps']}"]
    answers[f"q{ids['improve']}"] = "Ruang kelas terlalu dingin"
    refused = send(client, setup["learner"], answers)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 400 and 'data-testid="problems"' in body
    assert sorted(problem_items(body)) == sorted([str(ids["fac_room"]), str(ids["nps"])])
    assert "Pertanyaan ini wajib dijawab." in body
    assert ">Ruang kelas terlalu dingin</textarea>" in body  # kept
    assert f'id="q{ids["org_schedule"]}-3" checked' in body
    assert FeedbackResponse.query.count() == 0 and FeedbackCompletion.query.count() == 0


def test_an_answer_whose_condition_is_not_met_is_discarded(app, browser, client, platform):
    setup = make_form(app, browser, platform, feedback_template="materi")
    ids = item_ids(setup["activity"].id)
    page = answer_page(client, setup["learner"])
    assert f'data-condition-item="{ids["difficulty"]}" data-condition-values="hard"' in page
    assert "Hanya jika jawaban Anda untuk" in page
    answers = {f"q{ids[k]}": "4" for k in ("goals", "clarity", "current", "balance")}
    answers |= {f"q{ids['difficulty']}": "right", f"q{ids['hard_parts']}": "Bab 3 tentang SIPD"}
    sent = send(client, setup["learner"], answers, page)
    assert sent.status_code == 302
    after = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "tidak disimpan" in after and "Bagian mana yang terlalu sulit?" in after
    assert FeedbackAnswer.query.filter_by(item_id=ids["hard_parts"]).count() == 0
    assert FeedbackAnswer.query.filter_by(item_id=ids["difficulty"]).one().text == "right"


def test_ranges_and_lengths_are_checked_on_the_server(app, browser, client, platform):
    setup = make_form(app, browser, platform, feedback_template="blank", feedback_anonymous="0")
    teacher = setup["teacher"]
    builder = client.get(f"/feedback/manage?launch={teacher}").get_data(as_text=True)
    for fields in ({"type": "numeric", "text_id": "Lama bekerja (tahun)", "min": "0", "max": "40", "required": "1"},
                   {"type": "short_text", "text_id": "Jabatan", "max_length": "20"},
                   {"type": "date", "text_id": "Tanggal mulai bertugas"}):
        assert client.post(f"/feedback/items?launch={teacher}",
                           data={"csrf_token": csrf(builder), **fields}).status_code == 302
    years, role, start = [i.id for i in FeedbackItem.query.order_by(FeedbackItem.position)]
    page = answer_page(client, setup["learner"])
    assert 'maxlength="20" data-counted' in page and "Paling banyak 20 karakter." in page
    assert 'data-template="{n} dari 20 karakter"' in page
    refused = send(client, setup["learner"], {f"q{years}": "41", f"q{role}": "x" * 21, f"q{start}": "31/12/2020"},
                   page)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Angka paling besar 40." in body
    assert "Teks terlalu panjang: 21 karakter, paling banyak 20." in body and "Tulis tanggal" in body
    sent = send(client, setup["learner"], {f"q{years}": "12,5", f"q{role}": "Analis", f"q{start}": "2020-12-31"},
                page)
    assert sent.status_code == 302
    stored = {a.item_id: a for a in FeedbackAnswer.query}
    assert stored[years].number == 12.5 and stored[role].text == "Analis" and stored[start].text == "2020-12-31"


def test_a_form_not_open_yet_or_closed(app, browser, client, platform):
    setup = make_form(app, browser, platform)
    form = db.session.get(FeedbackForm, setup["activity"].id)
    form.open_at = utcnow() + timedelta(days=2)
    db.session.commit()
    page = answer_page(client, setup["learner"])
    assert 'data-testid="not-open"' in page and 'data-testid="answer-form"' not in page
    ids = item_ids(setup["activity"].id)
    refused = send(client, setup["learner"], full_answers(ids), page)
    assert "belum dibuka" in client.get(refused.headers["Location"]).get_data(as_text=True)
    form.open_at, form.close_at = utcnow() - timedelta(days=7), utcnow() - timedelta(hours=1)
    db.session.commit()
    page = answer_page(client, setup["learner"])
    assert 'data-testid="closed"' in page and "jawaban tidak lagi diterima" in page
    refused = send(client, setup["learner"], full_answers(ids), page)
    assert "sudah ditutup" in client.get(refused.headers["Location"]).get_data(as_text=True)
    assert FeedbackResponse.query.count() == 0 and FeedbackCompletion.query.count() == 0


def test_a_named_form_changed_until_it_closes(app, browser, client, platform):
    setup = make_form(app, browser, platform, feedback_anonymous="0", feedback_editable="1")
    ids = item_ids(setup["activity"].id)
    page = answer_page(client, setup["learner"])
    assert "Jawaban Anda tidak anonim" in page and "Anda dapat mengubahnya sampai formulir ditutup." in page
    assert send(client, setup["learner"], full_answers(ids, score="2"), page).status_code == 302
    respondent = FeedbackRespondent.query.one()
    assert db.session.get(LtiUser, respondent.user_id).sub == "4"
    again = answer_page(client, setup["learner"])
    assert 'data-testid="can-change"' in again and f'id="q{ids["org_schedule"]}-2" checked' in again
    assert send(client, setup["learner"], full_answers(ids, score="4"), again).status_code == 302
    assert FeedbackResponse.query.count() == 1 and FeedbackCompletion.query.count() == 1
    assert {a.number for a in FeedbackAnswer.query.filter(FeedbackAnswer.item_id != ids["nps"])} == {4}
    assert db.session.get(FeedbackRespondent, respondent.response_id).updated_at >= respondent.submitted_at

    form = db.session.get(FeedbackForm, setup["activity"].id)
    form.close_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    closed = answer_page(client, setup["learner"])
    assert 'data-testid="already-answered"' in closed and 'data-testid="answer-form"' not in closed


def test_a_named_form_without_changes_takes_one_answer(app, browser, client, platform):
    setup = make_form(app, browser, platform, feedback_anonymous="0")
    ids = item_ids(setup["activity"].id)
    page = answer_page(client, setup["learner"])
    assert "Anda hanya dapat mengirimnya satu kali." in page
    send(client, setup["learner"], full_answers(ids), page)
    second = send(client, setup["learner"], full_answers(ids, score="1"), page)
    assert "sudah mengisi" in client.get(second.headers["Location"]).get_data(as_text=True)
    assert {a.number for a in FeedbackAnswer.query.filter(FeedbackAnswer.item_id != ids["nps"])} == {3}


def test_facilitators_are_rated_one_by_one(app, browser, client, platform):
    setup = make_form(app, browser, platform, feedback_template="pengajar", feedback_anonymous="1")
    form = db.session.get(FeedbackForm, setup["activity"].id)
    form.persons = [{"id": 1, "name": "Dr. Siti Aminah", "hidden": False},
                    {"id": 2, "name": "Ir. Budi Santoso", "hidden": False},
                    {"id": 3, "name": "Drs. Lama", "hidden": True}]
    db.session.commit()
    ids = item_ids(form.activity_id)
    page = answer_page(client, setup["learner"])
    assert "Dr. Siti Aminah" in page and "Ir. Budi Santoso" in page and "Drs. Lama" not in page
    answers = {f"q{ids[k]}_p{p}": str(p + 2) for k in ("mastery", "method", "time", "interaction") for p in (1, 2)}
    del answers[f"q{ids['time']}_p2"]
    refused = send(client, setup["learner"], answers, page)
    assert refused.status_code == 400 and refused.get_data(as_text=True).count("Pertanyaan ini wajib dijawab.") == 1
    answers[f"q{ids['time']}_p2"] = "1"
    answers[f"q{ids['time']}_p3"] = "4"  # a hidden facilitator: ignored
    assert send(client, setup["learner"], answers, page).status_code == 302
    rows = FeedbackAnswer.query.filter_by(item_id=ids["mastery"]).all()
    assert sorted((a.person, int(a.number)) for a in rows) == [(1, 3), (2, 4)]
    assert FeedbackAnswer.query.filter_by(person=3).count() == 0


def test_the_preview_checks_answers_and_stores_nothing(app, browser, client, platform):
    setup = make_form(app, browser, platform)
    teacher, ids = setup["teacher"], item_ids(setup["activity"].id)
    page = client.get(f"/feedback/preview?launch={teacher}").get_data(as_text=True)
    assert 'data-testid="preview-note"' in page and 'action="/feedback/preview?' in page
    checked = client.post(f"/feedback/preview?launch={teacher}", data={"csrf_token": csrf(page)})
    assert checked.status_code == 400 and 'data-testid="problems"' in checked.get_data(as_text=True)
    fine = client.post(f"/feedback/preview?launch={teacher}", data={"csrf_token": csrf(page), **full_answers(ids)})
    assert fine.status_code == 200 and "Nothing was stored." in fine.get_data(as_text=True)
    direct = client.post(f"/feedback/?launch={teacher}", data={"csrf_token": csrf(page), **full_answers(ids)})
    assert direct.status_code == 200
    assert FeedbackResponse.query.count() == 0 and FeedbackCompletion.query.count() == 0
    other = learner_token(browser, setup["activity"], sub="5")
    assert "Jawaban Anda anonim" in answer_page(client, other)
