"""The grading page shows the final grade before saving: a button asks the server (no JavaScript needed), and
what is saved is that same figure; comment boxes are sized by their text."""
import re

from budgeting_support import csrf
from test_budgeting_grading import set_rubric, submit

from lti_tool.budgeting.models import BudgetSubmission
from lti_tool.extensions import db


def _page(client, exercise, submission):
    return client.get(f"/budgeting/grade/{submission.id}?launch={exercise['teacher']}").get_data(as_text=True)


def _preview_value(page):
    return re.search(r'data-testid="final-preview" data-value="([^"]*)"', page).group(1)


def test_preview_button_shows_the_final_grade_without_saving_and_keeps_what_was_typed(exercise, client):
    set_rubric(client, exercise["teacher"])
    submit(client, exercise["learner"])
    submission = BudgetSubmission.query.one()
    page = _page(client, exercise, submission)
    assert 'data-weight="60"' in page and 'data-points="10"' in page
    assert _preview_value(page) == ""  # no level chosen yet
    form = {"csrf_token": csrf(page), "criterion-0": "1", "criterion-1": "1", "comment-2": "Honor\nterlalu tinggi",
            "comment": "Periksa pagu.", "action": "preview"}
    resp = client.post(f"/budgeting/grade/{submission.id}?launch={exercise['teacher']}", data=form)
    assert resp.status_code == 200
    shown = resp.get_data(as_text=True)
    db.session.expire_all()
    submission = db.session.get(BudgetSubmission, submission.id)
    assert submission.status == "submitted" and submission.final_score is None  # nothing saved
    expected = (submission.automatic_score * 60 / 100 + 30).quantize(submission.automatic_score)
    assert _preview_value(shown) == f"{expected:.2f}"
    # what was typed is still there: the levels, the line's comment (its box tall enough) and the general comment
    assert re.search(r'name="criterion-0" value="1" required\s+data-points="5" checked', shown)
    assert re.search(r'<textarea[^>]*name="comment-2" rows="2"[^>]*>Honor\nterlalu tinggi</textarea>', shown)
    assert ">Periksa pagu.</textarea>" in shown

    del form["action"]
    assert client.post(f"/budgeting/grade/{submission.id}?launch={exercise['teacher']}", data=form).status_code == 302
    db.session.expire_all()
    submission = db.session.get(BudgetSubmission, submission.id)
    assert submission.final_score == expected  # the previewed figure is the saved one
    assert _preview_value(_page(client, exercise, submission)) == f"{expected:.2f}"
