"""The budget read back: the learner's read-only result with the instructor's review, and the printable RKA page."""
import io
import re

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
    assert "Melebihi pagu" in page and "Rp4.000.000" in page and "-Rp4.000.000" not in page.replace("−", "-")
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


def test_printed_form_has_its_title_the_header_once_and_a_signature_block(exercise, client):
    """Issue 16: the header printed twice (the exercise's programme above, the learner's header in the table)."""
    save(client, exercise["learner"], GOOD_LINES, header={"urusan": "Urusan Kepegawaian", "lokasi": "Plaju",
                                                          "organisasi": "BPSDM Provinsi"})
    page = client.get(f"/budgeting/print?launch={exercise['learner']}").get_data(as_text=True)
    assert page.count("Urusan Kepegawaian") == 1
    label = re.search(r'<dt class="col-sm-4">([^<]+)</dt><dd class="col-sm-8">Urusan Kepegawaian', page).group(1)
    assert page.count(f">{label}<") == 1
    assert 'data-testid="print-title"' in page and "RKA" in page
    signature = page.split('data-testid="signature"', 1)[1].split("</section>", 1)[0]
    assert "Plaju," in signature and "BPSDM Provinsi" in signature and "NIP" in signature


def test_printed_form_rolls_up_every_account_level_with_kelompok_and_recap(exercise, client):
    lines = [dict(GOOD_LINES[0], kelompok="Rapat persiapan", keterangan="Panitia"),
             dict(GOOD_LINES[1], kelompok="Pelaksanaan", keterangan="Narasumber")]
    save(client, exercise["learner"], lines)
    page = client.get(f"/budgeting/print?launch={exercise['learner']}").get_data(as_text=True)
    levels = dict(re.findall(r'data-testid="rka-level" data-level="\d" data-code="([^"]+)">.*?'
                             r'<td class="text-end text-nowrap">([^<]+)</td>', page))
    assert levels["5"] == levels["5.1"] == levels["5.1.02"] == "Rp9.000.000"
    assert levels["5.1.02.01"] == levels["5.1.02.01.01"] == "Rp3.000.000"
    assert levels["5.1.02.02"] == levels["5.1.02.02.01"] == "Rp6.000.000"
    assert "[#] Rapat persiapan" in page and "[-] Panitia" in page and "[#] Pelaksanaan" in page
    recap = page.split('data-testid="rka-recap"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<tr data-code="([^"]+)">', recap) == ["5.1.02"] and "Rp9.000.000" in recap


def test_instructors_xlsx_has_the_findings_and_comments_sheet_and_the_learners_has_not(exercise, client):
    set_rubric(client, exercise["teacher"])
    submit(client, exercise["learner"])
    submission = BudgetSubmission.query.one()
    page = client.get(f"/budgeting/grade/{submission.id}?launch={exercise['teacher']}").get_data(as_text=True)
    client.post(f"/budgeting/grade/{submission.id}?launch={exercise['teacher']}", data={
        "csrf_token": csrf(page), "criterion-0": "1", "criterion-1": "1", "comment-2": "Honor terlalu tinggi",
        "comment": "Periksa pagu."})
    book = openpyxl.load_workbook(io.BytesIO(
        client.get(f"/budgeting/export/{submission.id}.xlsx?launch={exercise['teacher']}").data))
    assert book.sheetnames == ["Budget details", "Findings"]  # the instructor's pages are in English
    findings = list(book["Findings"].iter_rows(values_only=True))
    assert findings[0] == ("Line", "Severity", "Finding", "Comment")
    assert any("ceiling" in str(row[2]) for row in findings)  # over the pagu: a finding about the whole budget
    assert (2, None, None, "Honor terlalu tinggi") in findings or any(
        row[0] == 2 and row[3] == "Honor terlalu tinggi" for row in findings)
    assert findings[-1][3] == "Periksa pagu."
    learners = openpyxl.load_workbook(io.BytesIO(client.get(f"/budgeting/export.xlsx?launch={exercise['learner']}")
                                                 .data))
    assert len(learners.worksheets) == 1


def test_the_ppn_column_says_how_each_line_is_taxed(exercise, client):
    """A meals line (PBJT in the standard price) reads "PBJT (termasuk harga)", an honorarium (no PPN object) "—"
    with its reason, a line ticked for PPN its rate, and a line without a standard price 0%."""
    lines = [*GOOD_LINES, dict(GOOD_LINES[0], reference_code="", component="Snack", unit_price="20.000"),
             dict(GOOD_LINES[0], ppn="1", component="Makan malam")]
    save(client, exercise["learner"], lines)
    page = client.get(f"/budgeting/print?launch={exercise['learner']}").get_data(as_text=True)
    cells = dict(re.findall(r'<tr data-line="(\d+)">.*?<td data-testid="rka-ppn">(.*?)</td>', page, re.S))
    assert cells["1"] == "PBJT (termasuk harga)"
    assert cells["2"].startswith('<abbr title="bukan objek PPN">—</abbr>') and "bukan objek PPN</span>" in cells["2"]
    assert cells["3"] == "0%" and cells["4"] == "11%"
