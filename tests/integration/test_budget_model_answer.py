"""The instructor enters or uploads a model RKA; the grading page shows the learner's lines beside it."""
import io

from budgeting_support import csrf
from openpyxl import Workbook
from test_budgeting_grading import set_rubric, submit

from lti_tool.budgeting.models import BudgetExercise, BudgetSubmission

MODEL = ("5.1.02.01.01.0052 | SSH-01 | Makan siang | 40 orang × 2 hari | 50,000\n"
         "5.1.02.02.01.0003 | | Honor narasumber | 2 orang × 3 jam | 1,000,000\n"
         "5.1.02.01.01.0052 | | Sewa ruang rapat | 2 hari | 1,500,000")


def _post_model(client, token, **data):
    page = client.get(f"/budgeting/manage?launch={token}").get_data(as_text=True)
    return client.post(f"/budgeting/model-answer?launch={token}", data={"csrf_token": csrf(page), **data},
                       follow_redirects=True).get_data(as_text=True)


def test_model_answer_typed_then_shown_beside_the_learners_lines(exercise, client):
    set_rubric(client, exercise["teacher"])
    page = _post_model(client, exercise["teacher"], model_text=MODEL)
    assert "The model answer is saved." in page and "3 lines" in page
    assert "Sewa ruang rapat | 2 hari | 1,500,000" in page  # shown again for editing
    assert len(BudgetExercise.query.one().model_answer["lines"]) == 3
    submit(client, exercise["learner"])
    submission = BudgetSubmission.query.one()
    page = client.get(f"/budgeting/grade/{submission.id}?launch={exercise['teacher']}").get_data(as_text=True)
    beside = page[page.index('data-testid="beside-model"'):page.index('data-testid="grade-form"')]
    missing = beside[beside.index('data-testid="model-missing"'):]
    assert "Sewa ruang rapat" in missing[:missing.index("</ul>")]
    assert 'data-testid="model-extra"' not in beside
    # 60 persons·days against the model's 80: −25 %, over the threshold; the honorarium matched by name is in line
    assert beside.count('data-testid="volume-off"') == 1 and "(-25%)" in beside
    assert 'data-testid="price-off"' not in beside


def test_bad_model_rows_are_refused_and_the_learner_cannot_set_one(exercise, client):
    page = _post_model(client, exercise["teacher"], model_text="5.1.02 | | Makan | tiga orang | 50,000")
    assert "Model answer, line 1" in page and BudgetExercise.query.one().model_answer is None
    learner_page = client.get(f"/budgeting/?launch={exercise['learner']}").get_data(as_text=True)
    resp = client.post(f"/budgeting/model-answer?launch={exercise['learner']}",
                       data={"csrf_token": csrf(learner_page), "model_text": MODEL})
    assert resp.status_code == 403 and BudgetExercise.query.one().model_answer is None


def test_model_answer_uploaded_as_xlsx_and_removed(exercise, client):
    book = Workbook()
    sheet = book.active
    sheet.append(["Rekening", "Kode", "Uraian", "Koefisien", "Satuan", "Harga Satuan"])
    sheet.append(["5.1.02.01.01.0052", "SSH-01", "Makan siang", 60, "OH", 50000])
    data = io.BytesIO()
    book.save(data)
    page = _post_model(client, exercise["teacher"], file=(io.BytesIO(data.getvalue()), "model.xlsx"))
    assert "The model answer is saved." in page
    line = BudgetExercise.query.one().model_answer["lines"][0]
    assert (line["component"], line["koefisien"], line["unit_price"]) == ("Makan siang", "60 OH", "50,000")
    page = _post_model(client, exercise["teacher"], model_text="")
    assert "The model answer is removed." in page and BudgetExercise.query.one().model_answer is None
