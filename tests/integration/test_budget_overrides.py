"""The instructor overrides an automatic finding (issue 16): stored with who and when, the grade computed again
from the findings that remain and sent through the outbox, the note shown to the learner; partial credit shown per
check. Only the activity's staff, with the form's CSRF token, and only findings of that submission."""
import re
from decimal import Decimal

from budgeting_support import GOOD_LINES, csrf, save, work_page

from lti_tool.budgeting.models import BudgetFindingOverride, BudgetSubmission
from lti_tool.extensions import db
from lti_tool.grades import delivery
from lti_tool.grades.models import Score
from lti_tool.lti.models import LtiUser


def submit(client, token, lines=GOOD_LINES):
    confirm = save(client, token, lines, action="submit").get_data(as_text=True)
    revision = re.search(r'name="revision" value="(\d+)"', confirm).group(1)
    client.post(f"/budgeting/submit?launch={token}", data={"csrf_token": csrf(confirm), "revision": revision})
    return BudgetSubmission.query.one()


def grade_page(client, exercise, submission):
    return client.get(f"/budgeting/grade/{submission.id}?launch={exercise['teacher']}").get_data(as_text=True)


def override(client, exercise, submission, data, token=None):
    page = grade_page(client, exercise, submission)
    return client.post(f"/budgeting/grade/{submission.id}/override?launch={token or exercise['teacher']}",
                       data={"csrf_token": csrf(page), **data})


def ceiling_index(submission):
    return next(i for i, f in enumerate(submission.findings) if f["code"] == "over_ceiling")


def test_overriding_a_finding_recomputes_the_grade_and_the_learner_sees_the_note(exercise, client, platform):
    submission = submit(client, exercise["learner"])  # Rp 9.000.000 over the ceiling of Rp 5.000.000
    assert submission.status == "graded" and submission.automatic_score == Decimal(80)
    index = ceiling_index(submission)
    resp = override(client, exercise, submission, {"finding": str(index), "note": "Pagu dinaikkan untuk kelas ini."})
    assert resp.status_code == 302
    db.session.expire_all()
    submission = db.session.get(BudgetSubmission, submission.id)
    assert submission.automatic_score == Decimal(100) and submission.final_score == Decimal(100)
    row = BudgetFindingOverride.query.one()
    teacher = LtiUser.query.filter(LtiUser.id != submission.user_id).one()
    assert (row.finding_index, row.overridden_by, row.note) == (index, teacher.id, "Pagu dinaikkan untuk kelas ini.")
    assert row.overridden_at is not None
    last = Score.query.order_by(Score.id.desc()).first()
    assert last.grading_progress == "FullyGraded" and Decimal(str(last.score_given)) == Decimal(100)
    delivery.deliver_due()
    assert platform.ags.gradebook[(6, "4")]["scoreGiven"] == 100.0
    result = work_page(client, exercise["learner"])
    assert "Pagu dinaikkan untuk kelas ini." in result and 'data-testid="override-note"' in result
    page = grade_page(client, exercise, submission)
    assert "Pagu dinaikkan untuk kelas ini." in page and 'value="withdraw"' in page

    resp = override(client, exercise, submission, {"finding": str(index), "action": "withdraw"})
    db.session.expire_all()
    assert BudgetFindingOverride.query.count() == 0
    assert db.session.get(BudgetSubmission, submission.id).automatic_score == Decimal(80)


def test_the_learner_sees_the_score_per_check(exercise, client):
    submit(client, exercise["learner"], [GOOD_LINES[0], dict(GOOD_LINES[1], unit_price="1.200.000")])
    result = work_page(client, exercise["learner"])
    parts = dict(re.findall(r'data-check="(\w+)"><td>[^<]*</td><td[^>]*>[^<]*</td><td[^>]*>([^<]*)</td>', result))
    assert parts["price"] == "50%" and parts["ceiling"] == "0%" and parts["account"] == "100%"  # 1 of 2 lines


def test_a_learner_cannot_override(exercise, client):
    submission = submit(client, exercise["learner"])
    page = work_page(client, exercise["learner"])
    resp = client.post(f"/budgeting/grade/{submission.id}/override?launch={exercise['learner']}",
                       data={"csrf_token": csrf(page), "finding": "0", "note": "x"})
    assert resp.status_code == 403 and BudgetFindingOverride.query.count() == 0


def test_an_override_without_the_csrf_token_is_refused(exercise, client):
    submission = submit(client, exercise["learner"])
    resp = client.post(f"/budgeting/grade/{submission.id}/override?launch={exercise['teacher']}",
                       data={"finding": "0", "note": "x"})
    assert resp.status_code == 400 and BudgetFindingOverride.query.count() == 0


def test_a_finding_or_submission_not_of_this_activity_is_refused(exercise, client):
    submission = submit(client, exercise["learner"])
    for finding in ("99", "-1", "abc", ""):
        override(client, exercise, submission, {"finding": finding, "note": "x"})
    override(client, exercise, submission, {"finding": "0", "note": "   "})  # a note is needed
    assert BudgetFindingOverride.query.count() == 0
    resp = client.post(f"/budgeting/grade/{submission.id + 999}/override?launch={exercise['teacher']}",
                       data={"csrf_token": csrf(grade_page(client, exercise, submission)), "finding": "0",
                             "note": "x"})
    assert resp.status_code == 404


def test_a_regrade_keeps_a_finding_set_aside_when_the_new_check_finds_it_again(exercise, client):
    from lti_tool.budgeting.models import BudgetExercise

    submission = submit(client, exercise["learner"])
    override(client, exercise, submission, {"finding": str(ceiling_index(submission)), "note": "Pagu kelas ini."})
    db.session.get(BudgetExercise, exercise["activity"].id).required_components = [{"code": "sewa aula"}]
    db.session.commit()
    page = client.get(f"/budgeting/regrade?launch={exercise['teacher']}").get_data(as_text=True)
    client.post(f"/budgeting/regrade?launch={exercise['teacher']}", data={"csrf_token": csrf(page)})
    db.session.expire_all()
    submission = db.session.get(BudgetSubmission, submission.id)
    codes = [f["code"] for f in submission.findings]
    assert "required_missing" in codes
    row = BudgetFindingOverride.query.one()
    assert submission.findings[row.finding_index]["code"] == "over_ceiling" and row.note == "Pagu kelas ini."
    assert submission.automatic_score == Decimal(85)  # the required check (15) lost, the ceiling still set aside
