"""Two requests for the same budget at the same moment (two gunicorn workers: a double click, two tabs).

Each test lets one request read the row, then another request change it, then the first one write: what a
second worker does between a read and a write. The PostgreSQL test also runs real threads at once."""
import threading

import pytest
from budgeting_support import GOOD_LINES, save
from sqlalchemy import update

from lti_tool.budgeting.models import SUBMITTED, BudgetSubmission
from lti_tool.budgeting.services import SubmissionRefused, documents, exercises, submissions
from lti_tool.extensions import db
from lti_tool.grades.models import Score
from lti_tool.lti.models import LtiUser

DOCUMENT = {"header": {}, "indicators": [], "lines": [{"component": "Snack", "koefisien": "30 orang",
                                                       "unit_price": "20.000", "account": "5.1.02.01.01.0052"}]}


def behind_its_back(submission_id, **values):
    """Another worker's committed change, which this session's loaded object does not know about."""
    with db.engine.begin() as other_worker:
        other_worker.execute(update(BudgetSubmission).where(BudgetSubmission.id == submission_id).values(**values))


def test_a_save_that_raced_another_save_is_refused_as_stale(exercise, client):
    save(client, exercise["learner"], GOOD_LINES)
    draft = BudgetSubmission.query.one()
    revision = draft.revision
    behind_its_back(draft.id, revision=revision + 1, document=dict(DOCUMENT, locale="id"))
    with pytest.raises(SubmissionRefused) as refused:
        submissions.save_draft(draft, {"lines": []}, revision, "id")
    assert refused.value.code == "stale"
    db.session.expire_all()
    assert BudgetSubmission.query.one().document["lines"][0]["component"] == "Snack"  # the other save stays


def test_a_save_that_raced_a_submission_is_refused(exercise, client):
    save(client, exercise["learner"], GOOD_LINES)
    draft = BudgetSubmission.query.one()
    behind_its_back(draft.id, status=SUBMITTED)
    with pytest.raises(SubmissionRefused) as refused:
        submissions.save_draft(draft, {"lines": []}, draft.revision, "id")
    assert refused.value.code == "not_draft"


def test_a_budget_is_handed_in_once_when_two_submissions_race(exercise, client):
    save(client, exercise["learner"], GOOD_LINES)
    draft = BudgetSubmission.query.one()
    behind_its_back(draft.id, status=SUBMITTED)  # the other worker's submission got there first
    exercise_row = exercises.exercise_for(exercise["activity"])
    with pytest.raises(SubmissionRefused):
        submissions.submit(draft, exercise_row, draft.user, None, "id")
    assert Score.query.count() == 0  # no second score in the outbox


def test_two_first_visits_at_once_make_one_draft(exercise):
    user_id = LtiUser.query.first().id
    activity_id = exercise["activity"].id
    first = submissions.current_submission(activity_id, user_id)
    # The other worker did not see ``first`` yet and inserts attempt 1 too: the unique key keeps one.
    again = submissions._insert_attempt(activity_id, user_id, 1, documents.empty_document())
    assert again.id == first.id and BudgetSubmission.query.count() == 1


@pytest.mark.skipif("postgresql" not in __import__("os").environ.get("DATABASE_URL", ""),
                    reason="real concurrent writers need PostgreSQL (SQLite is for development only)")
def test_eight_workers_saving_the_same_revision_at_once_one_wins(app, exercise, client):
    save(client, exercise["learner"], GOOD_LINES)
    draft_id, revision = BudgetSubmission.query.one().id, BudgetSubmission.query.one().revision
    db.session.commit()
    barrier, outcomes = threading.Barrier(8), []

    def worker(n):
        with app.app_context():
            draft = db.session.get(BudgetSubmission, draft_id)
            barrier.wait()
            try:
                submissions.save_draft(draft, {"lines": [dict(DOCUMENT["lines"][0], component=f"W{n}")]}, revision)
                outcomes.append("saved")
            except SubmissionRefused as exc:
                outcomes.append(exc.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["saved"] + ["stale"] * 7
    db.session.expire_all()
    assert db.session.get(BudgetSubmission, draft_id).revision == revision + 1
