"""A NUL character typed or pasted into any field (or a query) is dropped on arrival: PostgreSQL would refuse to
store it in a text column (a 500 instead of the page). Uploaded files keep theirs (lti_tool/wrappers.py)."""
import io

import openpyxl
from budgeting_support import GOOD_LINES, csrf, save, work_page
from test_budgeting_grading import set_rubric, submit

from lti_tool.activities.models import Activity
from lti_tool.budgeting.models import BudgetExercise, BudgetSubmission
from lti_tool.extensions import db
from lti_tool.grades.models import Score


def test_settings_texts_lose_their_nul_characters(exercise, client):
    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    resp = client.post(f"/budgeting/manage?launch={exercise['teacher']}\x00", data={
        "csrf_token": csrf(page), "title": "Anggaran\x00 rapat", "scenario_md": "Lokakarya\x00 **dua** hari",
        "programme-urusan": "Keuangan\x00", "target_group": "\x00ASN", "ceiling": "9,000,000\x00",
        "ppn_rate": "11", "rounding": "per_line\x00", "max_attempts": "1"}, follow_redirects=True)
    assert resp.status_code == 200 and "The exercise is saved." in resp.get_data(as_text=True)
    db.session.expire_all()
    exercise_row = BudgetExercise.query.one()
    assert (exercise_row.scenario_md, exercise_row.programme["urusan"], exercise_row.target_group,
            exercise_row.ceiling) == ("Lokakarya **dua** hari", "Keuangan", "ASN", 9_000_000)
    assert db.session.get(Activity, exercise["activity"].id).title == "Anggaran rapat"


def test_drafts_grading_comments_and_queries_lose_their_nul_characters(exercise, client):
    set_rubric(client, exercise["teacher"])
    lines = [dict(GOOD_LINES[0], component="Makan\x00 siang"), GOOD_LINES[1]]
    assert save(client, exercise["learner"], lines, header={"urusan": "Urusan\x00"}).status_code == 200
    document = BudgetSubmission.query.one().document
    assert document["lines"][0]["component"] == "Makan siang" and document["header"]["urusan"] == "Urusan"
    submit(client, exercise["learner"], lines)
    submission = BudgetSubmission.query.one()
    page = client.get(f"/budgeting/grade/{submission.id}?launch={exercise['teacher']}").get_data(as_text=True)
    resp = client.post(f"/budgeting/grade/{submission.id}?launch={exercise['teacher']}", data={
        "csrf_token": csrf(page), "criterion-0": "1", "criterion-1": "1\x00", "comment-1": "Wajar\x00",
        "comment": "Bagus\x00, periksa pagu."})
    assert resp.status_code == 302
    final = Score.query.order_by(Score.id.desc()).first()
    assert final.comment == "Bagus, periksa pagu." and final.grading_progress == "FullyGraded"
    assert db.session.get(BudgetSubmission, submission.id).rubric_scores["line_comments"] == {"1": "Wajar"}
    dashboard = client.get(f"/budgeting/dashboard/?launch={exercise['teacher']}&q=Sam\x00&state=graded\x00")
    assert dashboard.status_code == 200
    assert work_page(client, exercise["learner"])  # the learner's pages still load


def test_uploaded_files_keep_their_bytes(exercise, client):
    book = openpyxl.Workbook()
    book.active.append(["kode", "nama"])
    book.active.append(["5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat"])
    data = io.BytesIO()
    book.save(data)
    assert b"\x00" in data.getvalue()  # an XLSX (a zip) is full of NUL bytes
    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    resp = client.post(f"/budgeting/import/accounts?launch={exercise['teacher']}", data={
        "csrf_token": csrf(page), "file": (io.BytesIO(data.getvalue()), "akun\x00.xlsx")},
        content_type="multipart/form-data", follow_redirects=True)
    assert "rows imported" in resp.get_data(as_text=True)
    db.session.expire_all()
    assert BudgetExercise.query.one().account_list.version == 2
    assert BudgetExercise.query.one().account_list.filename == "akun.xlsx"
