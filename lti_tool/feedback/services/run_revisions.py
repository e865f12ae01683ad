"""What feedback changed: the revision requests opened from this form and from the earlier runs of its template on
the same Moodle site (the same ``template_key``, run dates before this one, as ``services.cohorts`` orders runs), with
the module version that addressed each — for the report, so that the next run's report shows which of the last
run's findings changed the training.

Only facts the instructor wrote are shown (the finding, the figure, the quotes they chose, the answer): no answer or
count is read here, so anonymity and small-group suppression are not in play.
"""
from dataclasses import dataclass

from ...activities.models import Activity
from ...extensions import db
from ...lti.models import Course
from ...revisions.services import requests_from
from ..models import FeedbackForm
from .cohorts import run_date

EARLIER = 3  # runs before this one, as the comparison of runs


@dataclass(frozen=True)
class RunRequests:
    form_id: int
    title: str
    current: bool
    requests: tuple  # RevisionRequest rows, oldest first


def run_requests(form, issuer):
    """[RunRequests] of up to EARLIER earlier runs of the form's template and of the form itself, oldest first; runs
    without a request are left out."""
    rows = (db.session.query(FeedbackForm, Activity.title)
            .join(Activity, Activity.id == FeedbackForm.activity_id).join(Course, Course.id == Activity.course_id)
            .filter(Course.issuer == issuer, Activity.kind == "feedback",
                    FeedbackForm.template_key == form.template_key).all())
    rows.sort(key=lambda r: (run_date(r[0]), r[0].activity_id))
    at = next(n for n, r in enumerate(rows) if r[0].activity_id == form.activity_id)
    runs = []
    for row, title in rows[max(0, at - EARLIER): at + 1]:
        found = requests_from(row.activity_id)
        if found:
            runs.append(RunRequests(row.activity_id, title, row.activity_id == form.activity_id, tuple(found)))
    return runs
