"""An instructor grades what a machine cannot judge; changing the rules later shows the scores that would change."""
import re

from budgeting_support import GOOD_LINES, csrf, save

from lti_tool.budgeting.models import BudgetExercise, BudgetSubmission
from lti_tool.extensions import db
from lti_tool.formats import format_number
from lti_tool.grades import delivery
from lti_tool.grades.models import Score

RUBRIC = "Volume wajar | Kurang: 0 ; Cukup: 5 ; Baik: 10\nMelayani indikator | Tidak: 0 ; Ya: 10"


def set_rubric(client, token, rubric=RUBRIC, weight="60", review=True):
    page = client.get(f"/budgeting/manage?launch={token}").get_data(as_text=True)
    data = {"csrf_token": csrf(page), "ceiling": "5,000,000", "ppn_rate": "11", "rounding": "per_line",
            "max_attempts": "1", "rubric": rubric, "automatic_weight_pct": weight,
            "allowed_accounts": ["5.1.02.01.01.0052", "5.1.02.02.01.0003"]}
    if review:
        data["review_required"] = "1"
    return client.post(f"/budgeting/manage?launch={token}", data=data, follow_redirects=True)


def submit(client, token, lines=GOOD_LINES):
    confirm = save(client, token, lines, action="submit").get_data(as_text=True)
    revision = re.search(r'name="revision" value="(\d+)"', confirm).group(1)
    client.post(f"/budgeting/submit?launch={token}", data={"csrf_token": csrf(confirm), "revision": revision})


def test_rubric_grading_sends_pending_then_final_grade(exercise, client, platform):
    set_rubric(client, exercise["teacher"])
    assert BudgetExercise.query.one().rubric[1]["levels"][1] == {"label": "Ya", "points": "10"}
    submit(client, exercise["learner"])
    submission = BudgetSubmission.query.one()
    assert submission.status == "submitted" and submission.final_score is None
    assert Score.query.one().grading_progress == "PendingManual"

    page = client.get(f"/budgeting/grade/{submission.id}?launch={exercise['teacher']}").get_data(as_text=True)
    assert 'data-testid="grade-form"' in page
    resp = client.post(f"/budgeting/grade/{submission.id}?launch={exercise['teacher']}", data={
        "csrf_token": csrf(page), "criterion-0": "1", "criterion-1": "1", "comment-2": "Honor terlalu tinggi",
        "comment": "Periksa pagu."})
    assert resp.status_code == 302
    db.session.expire_all()
    submission = db.session.get(BudgetSubmission, submission.id)
    # rubric 15 of 20 = 75 %; final = automatic × 60 % + 75 × 40 %
    expected = (submission.automatic_score * 60 / 100 + 30).quantize(submission.automatic_score)
    assert submission.status == "graded" and submission.final_score == expected
    assert submission.rubric_scores["line_comments"] == {"2": "Honor terlalu tinggi"}
    final = Score.query.order_by(Score.id.desc()).first()
    assert final.grading_progress == "FullyGraded" and final.comment == "Periksa pagu."
    # Opened again: the budget in the RKA layout, each line with its comment box (the saved one filled in), and the
    # findings about the whole budget (6,000,000 + 3,000,000 is over the ceiling of 5,000,000).
    page = client.get(f"/budgeting/grade/{submission.id}?launch={exercise['teacher']}").get_data(as_text=True)
    rka = page[page.index('data-testid="rka"'):]
    assert rka.count('data-testid="rka-group"') == 2 and "Rp9,000,000" in rka
    assert re.search(r'<textarea[^>]*name="comment-2"[^>]*>Honor terlalu tinggi</textarea>', rka)
    assert re.search(r'<textarea[^>]*name="comment-1"[^>]*></textarea>', rka)
    assert rka.index('name="comment-2"') < page.index('name="comment" ')  # inside the grading form
    general = page[page.index('data-testid="general-findings"'):page.index('data-testid="rka"')]
    assert "over the ceiling" in general
    delivery.deliver_due()
    grade = platform.ags.gradebook[(6, "4")]
    assert grade["gradingProgress"] == "FullyGraded" and grade["scoreGiven"] == float(expected)


def test_rubric_must_be_complete(exercise, client):
    set_rubric(client, exercise["teacher"])
    submit(client, exercise["learner"])
    submission = BudgetSubmission.query.one()
    page = client.get(f"/budgeting/grade/{submission.id}?launch={exercise['teacher']}").get_data(as_text=True)
    client.post(f"/budgeting/grade/{submission.id}?launch={exercise['teacher']}",
                data={"csrf_token": csrf(page), "criterion-0": "2"})
    assert db.session.get(BudgetSubmission, submission.id).status == "submitted"


def test_bad_rubric_text_is_refused_with_its_line(exercise, client):
    body = set_rubric(client, exercise["teacher"], rubric="Volume | banyak").get_data(as_text=True)
    assert "Rubric line 1" in body
    assert BudgetExercise.query.one().rubric == []


def test_learner_cannot_grade_or_open_other_activity_submissions(exercise, client):
    submit(client, exercise["learner"])
    submission = BudgetSubmission.query.one()
    assert client.get(f"/budgeting/grade/{submission.id}?launch={exercise['learner']}").status_code == 403
    assert client.get(f"/budgeting/grade/{submission.id + 999}?launch={exercise['teacher']}").status_code == 404


def test_regrade_shows_changes_before_applying(exercise, client, platform):
    submit(client, exercise["learner"])  # over the ceiling of Rp 5.000.000: loses the ceiling weight
    submission = BudgetSubmission.query.one()
    before = submission.automatic_score
    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    client.post(f"/budgeting/manage?launch={exercise['teacher']}", data={
        "csrf_token": csrf(page), "ceiling": "10,000,000", "ppn_rate": "11", "rounding": "per_line",
        "max_attempts": "1", "allowed_accounts": ["5.1.02.01.01.0052", "5.1.02.02.01.0003"]})
    preview = client.get(f"/budgeting/regrade?launch={exercise['teacher']}").get_data(as_text=True)
    assert 'data-testid="regrade-table"' in preview and f"<td>{format_number(before, 'en')}</td>" in preview
    assert db.session.get(BudgetSubmission, submission.id).automatic_score == before  # nothing applied yet
    client.post(f"/budgeting/regrade?launch={exercise['teacher']}", data={"csrf_token": csrf(preview)})
    db.session.expire_all()
    after = db.session.get(BudgetSubmission, submission.id)
    assert after.automatic_score > before and after.final_score == after.automatic_score
    delivery.deliver_due()
    assert platform.ags.gradebook[(6, "4")]["scoreGiven"] == float(after.final_score)
    again = client.get(f"/budgeting/regrade?launch={exercise['teacher']}").get_data(as_text=True)
    assert 'data-testid="regrade-none"' in again


def test_new_attempt_only_while_attempts_are_left(exercise, client):
    submit(client, exercise["learner"])
    result = client.get(f"/budgeting/?launch={exercise['learner']}").get_data(as_text=True)
    assert "budgeting/new-attempt" not in result  # one attempt allowed
    from lti_tool.budgeting.services import SubmissionRefused
    from lti_tool.budgeting.services.exercises import exercise_for
    from lti_tool.budgeting.services.submissions import new_attempt

    activity = BudgetSubmission.query.one()
    try:
        new_attempt(exercise_for(exercise["activity"]), activity.activity_id, activity.user_id)
        raise AssertionError("a new attempt beyond the allowed ones")
    except SubmissionRefused as exc:
        assert exc.code == "no_attempts"
    assert BudgetSubmission.query.count() == 1
    BudgetExercise.query.one().max_attempts = 2
    db.session.commit()
    result = client.get(f"/budgeting/?launch={exercise['learner']}").get_data(as_text=True)
    client.post(f"/budgeting/new-attempt?launch={exercise['learner']}", data={"csrf_token": csrf(result)})
    drafts = BudgetSubmission.query.filter_by(status="draft").all()
    assert len(drafts) == 1 and drafts[0].attempt == 2 and len(drafts[0].document["lines"]) == 2


def test_submission_after_the_due_date_is_refused(exercise, client):
    from datetime import timedelta

    from lti_tool.clock import utcnow

    BudgetExercise.query.one().due_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    submit(client, exercise["learner"])
    assert BudgetSubmission.query.one().status == "draft" and Score.query.count() == 0


def test_regrade_reads_numbers_as_the_learner_typed_them(exercise, client, browser):
    """An English-speaking learner types 50,000; the instructor's regrade (in any language) reads it the same way."""
    english = {"https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {"locale": "en"}}
    from support import custom_activity

    resp = browser.launch_with("student", **custom_activity(exercise["activity"]), **english)
    token = resp.headers["Location"].split("launch=")[1]
    lines = [dict(line, unit_price=line["unit_price"].replace(".", ",")) for line in GOOD_LINES]
    submit(client, token, lines)
    submission = BudgetSubmission.query.one()
    assert submission.document["locale"] == "en" and submission.total == 9_000_000
    preview = client.get(f"/budgeting/regrade?launch={exercise['teacher']}").get_data(as_text=True)
    assert 'data-testid="regrade-none"' in preview
