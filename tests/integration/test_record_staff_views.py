"""The instructor's view of a course's learning record (inside the LMS's frame): the course's learners with their JP
this year from their whole record, who is below the target, NIP (*belum ada* when missing) and unit; staff of the
launch's course only. And the learner's record as PDF and XLSX, the launch's own learner only."""
import io
from datetime import date

from fakeplatform import REMOVE
from feedback_support import full_answers, item_ids, learner_token, make_form, send
from modules_pages_support import INDONESIAN, token_of
from openpyxl import load_workbook
from record_views_support import entry, this_year
from report_support import pdf_text
from support import custom_activity

from lti_tool.extensions import db
from lti_tool.lti.models import LtiUser

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"


def _rows(body):
    import re

    return re.findall(r'<tr data-testid="staff-learner">(.*?)</tr>', body, re.S)


def _answered(app, browser, platform, client, **fields):
    made = make_form(app, browser, platform, feedback_jp="2", **fields)
    assert send(client, made["learner"], full_answers(item_ids(made["activity"].id))).status_code == 302
    return made


def test_the_instructor_sees_each_learners_year_and_who_is_below_target(app, browser, platform, client):
    made = _answered(app, browser, platform, client)
    body = client.get(f"/record/course?launch={made['teacher']}").get_data(as_text=True)
    assert 'data-testid="staff-record"' in body
    learner = LtiUser.query.filter_by(sub="4").one()
    row = next(r for r in _rows(body) if learner.name in r)
    assert 'data-testid="staff-jp">2<' in row and 'data-testid="below-target"' in row
    assert 'data-testid="nip-missing"' in row  # the captured Moodle launch has no ID number
    assert len(_rows(body)) >= 2  # the roster's other learners, known or not, are listed too (0 JP)
    learner.nip, learner.unit = "198703122010011004", "BPKAD Kota Palembang"
    db.session.commit()
    entry(learner, 19, course="Another course")  # earned elsewhere: the whole record counts
    entry(learner, 40, year=this_year() - 1)  # another year does not
    body = client.get(f"/record/course?launch={made['teacher']}").get_data(as_text=True)
    row = next(r for r in _rows(body) if learner.name in r)
    assert 'data-testid="staff-jp">21<' in row and 'data-testid="target-met"' in row
    assert "198703122010011004" in row and "BPKAD Kota Palembang" in row


def test_the_missing_nip_reads_belum_ada_in_indonesian(app, browser, platform, client):
    made = _answered(app, browser, platform, client)
    teacher = token_of(browser.launch_with("instructor", **custom_activity(made["activity"]), **INDONESIAN))
    body = client.get(f"/record/course?launch={teacher}").get_data(as_text=True)
    assert "belum ada" in body and "di bawah target" in body


def test_the_activity_pages_of_the_staff_link_to_it(app, browser, platform, client):
    made = make_form(app, browser, platform, feedback_jp="2")
    page = client.get(f"/feedback/manage?launch={made['teacher']}").get_data(as_text=True)
    assert f'href="/record/course?launch={made["teacher"]}" data-testid="staff-record-link"' in page
    learner_page = client.get(f"/feedback/?launch={made['learner']}").get_data(as_text=True)
    assert 'data-testid="staff-record-link"' not in learner_page


def test_a_learner_is_refused(app, browser, platform, client):
    made = make_form(app, browser, platform)
    assert client.get(f"/record/course?launch={made['learner']}").status_code == 403


def test_another_courses_staff_see_only_their_own_course(app, browser, platform, client):
    made = _answered(app, browser, platform, client)
    learner = LtiUser.query.filter_by(sub="4").one()
    other = token_of(browser.launch_with("instructor", **{LTI + "context": {"id": "99", "title": "Other"},
                                                          NRPS: REMOVE}))
    body = client.get(f"/record/course?launch={other}").get_data(as_text=True)
    assert learner.name not in body and 'data-testid="staff-empty"' in body
    assert client.get(f"/record/course?launch={made['teacher']}&course=99").status_code == 200  # ids ignored


def test_the_learners_record_as_pdf_and_xlsx(app, browser, platform, client):
    made = _answered(app, browser, platform, client)
    learner = LtiUser.query.filter_by(sub="4").one()
    learner.nip = "198703122010011004"
    db.session.commit()
    entry(learner, 3, activity="Diklat Pengadaan Barang/Jasa", organiser="LKPP", started=date(this_year(), 5, 6),
          ended=date(this_year(), 5, 8))
    entry(learner, 7, activity="Seminar Tahun Lalu", year=this_year() - 1)
    other = learner_token(browser, made["activity"], sub="5")
    page = client.get(f"/record/?launch={made['learner']}").get_data(as_text=True)
    assert 'data-testid="record-pdf"' in page and 'data-testid="record-xlsx"' in page
    response = client.get(f"/record/record.pdf?launch={made['learner']}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = " ".join(pdf_text(response.data).split())  # lines wrapped in a cell read as words
    for expected in ("CATATAN PENGEMBANGAN KOMPETENSI", "198703122010011004", "5 dari 20 JP",
                     "Diklat Pengadaan Barang/Jasa", "LKPP", "Evaluasi Penyelenggaraan Latsar"):
        assert expected in text, expected
    assert "Seminar Tahun Lalu" not in text
    url = f"/record/record.pdf?launch={made['learner']}&year={this_year() - 1}"
    last_year = " ".join(pdf_text(client.get(url).data).split())
    assert "Seminar Tahun Lalu" in last_year and "7 dari 20 JP" in last_year
    book = load_workbook(io.BytesIO(client.get(f"/record/record.xlsx?launch={made['learner']}").data))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][:2] == ("NIP", "198703122010011004") and rows[4][1] == 5
    lines = {r[3]: r for r in rows[7:]}
    assert lines["Diklat Pengadaan Barang/Jasa"][6] == 3 and lines["Diklat Pengadaan Barang/Jasa"][4] == "LKPP"
    assert lines["Diklat Pengadaan Barang/Jasa"][0].date() == date(this_year(), 5, 6)
    theirs = pdf_text(client.get(f"/record/record.pdf?launch={other}").data)  # another learner: their own only
    assert "Diklat Pengadaan" not in theirs and "0 dari 20 JP" in theirs
