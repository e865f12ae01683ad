"""Exports of a form's answers: the XLSX (a sheet per page with counts and shares as numbers, the raw answers on
their own sheet, numbers as numbers), the CSV (UTF-8 with a BOM, ``;``) and the PDF (DejaVu embedded); a named form
with names, an anonymous one only after it closes, without any identity and shuffled; staff only. The figures are
the report's (one aggregation): a group the report hides is in no export, a form with fewer responses than the
minimum group size is not exported."""
import io
from datetime import datetime, timedelta

import pytest
from feedback_report_support import close, respond, set_persons
from feedback_support import full_answers, item_ids, learner_token, make_form, send
from openpyxl import load_workbook

from lti_tool.extensions import db
from lti_tool.feedback.io import answers_pdf
from lti_tool.feedback.io import clean as io_clean
from lti_tool.feedback.models import FeedbackForm
from lti_tool.feedback.services import exports
from lti_tool.lti.models import LtiUser

LEARNERS = (("4", "Ani Lestari", "4"), ("5", "Budi Santoso", "3"), ("6", "Citra Dewi", "3"))
MORE = (("7", "Dedi Kurniawan", "2"), ("8", "Eka Putri", "4"))


def _answer_all(browser, client, made, learners=LEARNERS):
    ids = item_ids(made["activity"].id)
    for sub, name, score in learners:
        token = learner_token(browser, made["activity"], sub=sub) if sub != "4" else made["learner"]
        answers = full_answers(ids, score=score, nps="10" if score == "4" else "6")
        answers[f"q{ids['improve']}"] = "=HYPERLINK(\"x\")"
        assert send(client, token, answers).status_code == 302
        LtiUser.query.filter_by(sub=sub).one().name = name
    db.session.commit()
    return ids


def _workbook(client, token):
    response = client.get(f"/feedback/export/answers.xlsx?launch={token}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "attachment" in response.headers["Content-Disposition"]
    return load_workbook(io.BytesIO(response.data))


@pytest.fixture
def named(app, browser, platform, client):
    made = make_form(app, browser, platform, title="Evaluasi Penyelenggaraan Latsar", feedback_anonymous="0")
    made["ids"] = _answer_all(browser, client, made)
    db.session.get(FeedbackForm, made["activity"].id).report_minimum = 3  # the report's figures: 3 answered
    db.session.commit()
    return made


def test_the_workbook_has_numbers_and_the_raw_sheet(named, client):
    book = _workbook(client, named["teacher"])
    assert book.sheetnames == ["Summary", "Page 1", "Page 2", "Page 3", "Raw answers"]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=3, values_only=True)}
    assert summary["Template"].startswith("Evaluation of the training's organisation, version 1")
    assert summary["Responses"] == "3"
    page = list(book["Page 1"].iter_rows(values_only=True))
    at = next(n for n, row in enumerate(page) if row[0] == "The schedule was kept")
    assert page[at + 1][:3] == ("Answer", "Count", "Share")
    counts = {row[0]: (row[1], row[2]) for row in page[at + 2: at + 6]}
    assert counts["3 · Good"] == (2, pytest.approx(2 / 3)) and counts["1 · Poor"] == (0, 0)
    assert book["Page 1"].cell(row=at + 3, column=3).number_format == "0.0%"
    medians = [row for row in page[at:] if row[0] == "Median"]
    assert medians[0][1] == 3
    nps_sheet = list(book["Page 3"].iter_rows(values_only=True))
    assert ("NPS", -33) in [row[:2] for row in nps_sheet]  # 1 promoter, 2 detractors of 3
    raw = list(book["Raw answers"].iter_rows(values_only=True))
    assert raw[0][:2] == ("Name", "Sent") and len(raw) == 4
    assert sorted(r[0] for r in raw[1:]) == ["Ani Lestari", "Budi Santoso", "Citra Dewi"]
    column = raw[0].index("The schedule was kept")
    assert sorted(r[column] for r in raw[1:]) == [3, 3, 4] and all(isinstance(r[column], int) for r in raw[1:])
    assert isinstance(raw[1][1], datetime)
    text_column = raw[0].index("What should the organisers improve?")
    cell = book["Raw answers"].cell(row=2, column=text_column + 1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")  # text, never a formula


def test_csv_and_pdf(named, client):
    response = client.get(f"/feedback/export/answers.csv?launch={named['teacher']}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    lines = response.data.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("Name;Sent;") and len([line for line in lines if line]) == 4
    assert "'=HYPERLINK" in response.data.decode("utf-8-sig")
    pdf = client.get(f"/feedback/export/report.pdf?launch={named['teacher']}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and b"DejaVuSans" in pdf.data
    try:
        from pypdf import PdfReader
    except ImportError:
        return
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "FEEDBACK REPORT" in text and "NPS -33" in text


def test_learners_are_refused(named, client):
    for path in ("export", "export/answers.csv", "export/answers.xlsx", "export/report.pdf"):
        assert client.get(f"/feedback/{path}?launch={named['learner']}").status_code == 403


def test_an_anonymous_form_only_after_close_without_identity_and_shuffled(app, browser, platform, client,
                                                                          monkeypatch):
    made = make_form(app, browser, platform, title="Evaluasi anonim", feedback_anonymous="1")
    _answer_all(browser, client, made, LEARNERS + MORE)
    teacher = made["teacher"]
    assert 'data-testid="export-blocked"' in client.get(f"/feedback/export?launch={teacher}").get_data(as_text=True)
    for path in ("answers.csv", "answers.xlsx", "report.pdf"):
        assert client.get(f"/feedback/export/{path}?launch={teacher}").status_code == 409
    form = db.session.get(FeedbackForm, made["activity"].id)
    form.close_at = datetime.utcnow() - timedelta(minutes=1)  # noqa: DTZ003 - stored times are naive UTC
    db.session.commit()
    shuffled = []

    class Recording:
        def shuffle(self, values):
            shuffled.append(len(values))
            values.reverse()

    monkeypatch.setattr(exports.secrets, "SystemRandom", Recording)
    book = _workbook(client, teacher)
    assert shuffled == [5]
    raw = list(book["Raw answers"].iter_rows(values_only=True))
    assert "Name" not in raw[0] and "Sent" not in raw[0] and len(raw) == 6
    everything = " ".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row)
    assert not any(name in everything for _sub, name, _score in LEARNERS + MORE)
    csv_text = client.get(f"/feedback/export/answers.csv?launch={teacher}").data.decode("utf-8-sig")
    assert not any(name in csv_text for _sub, name, _score in LEARNERS + MORE)


def test_a_closed_anonymous_form_with_fewer_than_five_responses_is_not_exported(app, browser, platform, client):
    made = make_form(app, browser, platform, title="Evaluasi anonim kecil", feedback_anonymous="1")
    _answer_all(browser, client, made)
    form = db.session.get(FeedbackForm, made["activity"].id)
    form.close_at = datetime.utcnow() - timedelta(minutes=1)  # noqa: DTZ003 - stored times are naive UTC
    db.session.commit()
    page = client.get(f"/feedback/export?launch={made['teacher']}").get_data(as_text=True)
    assert "Fewer than 5 people answered" in page
    for path in ("answers.csv", "answers.xlsx", "report.pdf"):
        assert client.get(f"/feedback/export/{path}?launch={made['teacher']}").status_code == 409


def test_a_named_form_with_fewer_responses_than_the_minimum_is_not_exported(app, browser, platform, client):
    made = make_form(app, browser, platform, title="Evaluasi kecil", feedback_anonymous="0")
    _answer_all(browser, client, made)  # 3 responses, the minimum group size is 5
    page = client.get(f"/feedback/export?launch={made['teacher']}").get_data(as_text=True)
    assert "fewer than the minimum group size of 5" in page
    for path in ("answers.csv", "answers.xlsx", "report.pdf"):
        assert client.get(f"/feedback/export/{path}?launch={made['teacher']}").status_code == 409


def test_a_suppressed_facilitator_is_in_no_export(app, browser, platform, client, monkeypatch):
    """Facilitators rated by 10, 3 and 6 (the report hides the 3 and, as its complement, the 6): their counts, their
    rows and their raw columns are in no file; the 10 are, as in the report."""
    made = make_form(app, browser, platform, title="Evaluasi pengajar", feedback_template="pengajar",
                     feedback_anonymous="1")
    form_id = made["activity"].id
    set_persons(form_id, "Dr. Ani", "Budi Hartono", "Citra Anggraini")
    ids = item_ids(form_id)
    for person, count in {1: 10, 2: 3, 3: 6}.items():
        for _n in range(count):
            respond(form_id, [(ids["mastery"], person, 3 if person == 1 else 4), (ids["method"], person, 2)])
    close(form_id)
    teacher = made["teacher"]
    page = client.get(f"/feedback/export?launch={teacher}").get_data(as_text=True)
    assert 'data-testid="export-suppression"' in page and "minimum group size of 5" in page
    book = _workbook(client, teacher)
    rows = [row for name in book.sheetnames[1:-1] for row in book[name].iter_rows(values_only=True)]
    titles = [row[0] for row in rows if row[0]]
    ani = next(n for n, title in enumerate(titles) if title.endswith("— Dr. Ani"))
    budi = next(n for n, title in enumerate(titles) if title.endswith("— Budi Hartono"))
    assert titles[ani + 1] == "Answer" and titles[ani - 1] == "Responses to this question"
    assert titles[budi + 1].startswith("hidden: fewer answers") and titles[budi + 2].endswith("— Citra Anggraini")
    assert titles[budi + 3].startswith("hidden so that")
    counts = [row[1] for row in rows if row[0] == "4 · Very good"]
    assert 3 not in counts and 6 not in counts  # the overall row has their sum (9), which cannot be split
    assert [row[1] for row in rows if row[0] == "Responses to this question"].count(3) == 0
    raw = list(book["Raw answers"].iter_rows(values_only=True))
    rated = [t for t in raw[0] if t.startswith(("Mastery of the material", "Teaching method"))]
    assert rated == ["Mastery of the material — Dr. Ani", "Teaching method — Dr. Ani"]  # no column of a hidden group
    assert sorted(row[raw[0].index(rated[0])] for row in raw[1:] if row[raw[0].index(rated[0])]) == [3] * 10
    csv_text = client.get(f"/feedback/export/answers.csv?launch={teacher}").data.decode("utf-8-sig")
    head = csv_text.split("\r\n")[0]
    assert "Mastery of the material — Dr. Ani" in head and "Mastery of the material — Budi" not in head
    assert "Teaching method — Citra" not in head and "Mastery of the material — Citra" not in head
    printed = []  # every text and number the PDF prints goes through these two
    monkeypatch.setattr(answers_pdf, "clean", lambda v: printed.append(io_clean(v)) or io_clean(v))
    monkeypatch.setattr(answers_pdf, "format_number", lambda v: printed.append(v) or str(v))
    pdf = client.get(f"/feedback/export/report.pdf?launch={teacher}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    budi = next(n for n, text in enumerate(printed) if str(text).endswith("— Budi Hartono"))
    assert str(printed[budi + 1]).startswith("hidden: fewer answers")
    assert str(printed[budi + 2]).endswith("— Citra Anggraini")
    assert str(printed[budi + 3]).startswith("hidden so that")
