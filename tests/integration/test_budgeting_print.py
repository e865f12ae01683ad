"""The budget read back: the learner's read-only result with the instructor's review, and the printable RKA page."""
import io

import openpyxl
from budgeting_support import GOOD_LINES, csrf, save, work_page
from test_budgeting_grading import set_rubric, submit

from lti_tool.budgeting.models import BudgetSubmission


def test_draft_prints_in_the_rka_layout(exercise, client):
    save(client, exercise["learner"], GOOD_LINES)
    assert "/budgeting/print?launch=" in work_page(client, exercise["learner"])
    page = client.get(f"/budgeting/print?launch={exercise['learner']}").get_data(as_text=True)
    assert 'data-testid="rka"' in page and "Kode rekening" in page and "Uraian" in page
    # grouped by account, with the account's name from the imported list, the subtotal and the line
    assert page.count('data-testid="rka-group"') == 2
    assert "Belanja Makanan dan Minuman Rapat" in page and "Rp3.000.000" in page
    assert "30 orang × 2 hari" in page
    assert 'data-testid="rka-total">Rp9.000.000<' in page
    assert "Sisa pagu" in page and "-Rp4.000.000" in page.replace("−", "-")
    assert "@media print" not in page and "js/print.js" in page  # the print button lives in static/, CSP allows it


def test_result_shows_findings_on_lines_and_the_instructors_review(exercise, client):
    set_rubric(client, exercise["teacher"])
    submit(client, exercise["learner"])
    submission = BudgetSubmission.query.one()
    page = client.get(f"/budgeting/grade/{submission.id}?launch={exercise['teacher']}").get_data(as_text=True)
    client.post(f"/budgeting/grade/{submission.id}?launch={exercise['teacher']}", data={
        "csrf_token": csrf(page), "criterion-0": "1", "criterion-1": "1", "comment-2": "Honor <b>terlalu</b> tinggi",
        "comment": "Periksa pagu."})
    result = work_page(client, exercise["learner"])
    assert 'data-testid="review"' in result and "Periksa pagu." in result and "Cukup (5)" in result
    assert 'data-testid="line-comment"' in result
    assert "Honor &lt;b&gt;terlalu&lt;/b&gt; tinggi" in result  # escaped, never markup
    assert 'data-testid="rka"' in result and 'data-testid="print-link"' in result


def test_instructor_prints_and_downloads_a_learners_budget(exercise, client):
    submit(client, exercise["learner"])
    submission = BudgetSubmission.query.one()
    teacher = exercise["teacher"]
    page = client.get(f"/budgeting/print/{submission.id}?launch={teacher}")
    # the instructor's pages are in English: the learner's Indonesian numbers are read as typed, shown the English way
    assert page.status_code == 200 and 'data-testid="rka-total">Rp9,000,000<' in page.get_data(as_text=True)
    xlsx = client.get(f"/budgeting/export/{submission.id}.xlsx?launch={teacher}")
    values = [c for row in openpyxl.load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True)
              for c in row if c is not None]
    assert 9_000_000 in values


def test_only_staff_print_other_budgets_and_only_of_this_activity(exercise, client):
    submit(client, exercise["learner"])
    submission = BudgetSubmission.query.one()
    for path in (f"/budgeting/print/{submission.id}", f"/budgeting/export/{submission.id}.xlsx"):
        assert client.get(f"{path}?launch={exercise['learner']}").status_code == 403
    missing = submission.id + 999
    for path in (f"/budgeting/print/{missing}", f"/budgeting/export/{missing}.xlsx"):
        assert client.get(f"{path}?launch={exercise['teacher']}").status_code == 404
