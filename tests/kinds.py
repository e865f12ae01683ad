"""A kind of activity that lives only in the tests, to exercise the plumbing every real kind uses."""
from decimal import Decimal

from flask import Blueprint, g, render_template_string, request

from lti_tool.activities.access import requires_activity
from lti_tool.activities.completion import announce_completion
from lti_tool.activities.kinds import ActivityKind, KindError, NavEntry
from lti_tool.grades.award import award
from lti_tool.grades.outbox import latest_score

bp = Blueprint("practice", __name__, url_prefix="/practice", template_folder="templates")


LEARNER_PAGE = """<p data-testid="practice-learner">{{ g.activity.title }} for {{ g.launch.user.name }}</p>
<form method="post" action="{{ url_for('practice.submit', launch=g.launch.token) }}">
  <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
  <textarea name="answer"></textarea><button type="submit">Submit</button>
</form>
{% include "grades/_my_status.html" %}"""


@bp.get("/")
@requires_activity("practice")
def learner():
    return render_template_string(LEARNER_PAGE, score=latest_score(g.launch.user.id, g.activity.id))


@bp.post("/submit")
@requires_activity("practice")
def submit():
    """The server decides the score (one point per character, up to the maximum): never the browser."""
    points = min(len(request.form.get("answer", "")), int(g.activity.score_maximum))
    score = award(g.activity, g.launch.user, points, link=g.launch.link,
                  activity_progress="Completed", grading_progress="FullyGraded")
    announce_completion(g.activity, g.launch.user)
    return render_template_string(LEARNER_PAGE, score=score)


@bp.get("/manage")
@requires_activity("practice", staff=True)
def instructor():
    return render_template_string('{% include "activities/_staff_nav.html" %}'
                                  '<p data-testid="practice-instructor">{{ g.activity.title }}</p>')


@bp.get("/report")
@requires_activity("practice", staff=True)
def report():
    return render_template_string('{% include "activities/_staff_nav.html" %}'
                                  '<p data-testid="practice-report">{{ g.activity.title }}</p>')


def on_create(activity, form):
    """The deep-linking form's field: the maximum score (1–50), which becomes the line item's scoreMaximum."""
    text = (form.get("practice_maximum") or "").strip()
    if not text:
        return
    if not text.isdigit() or not 1 <= int(text) <= 50:
        raise KindError("The maximum must be a whole number from 1 to 50.")
    activity.score_maximum = Decimal(text)


def summarise(activity, user_ids):
    """For the course overview: each learner's newest points."""
    from lti_tool.formats import format_number
    from lti_tool.grades.services import latest_scores

    scores = latest_scores(activity.id)
    return {uid: f"{format_number(score.score_given)} points" for uid, score in scores.items() if uid in user_ids}


def init_app(app):
    app.register_blueprint(bp)


KIND = ActivityKind(
    name="practice",
    label="Practice (test kind)",
    learner_endpoint="practice.learner",
    instructor_endpoint="practice.instructor",
    graded=True,
    score_maximum=Decimal(50),
    init_app=init_app,
    staff_nav=(NavEntry("Practice report", "practice.report"),),
    create_form="practice/_create.html",
    on_create=on_create,
    summarise=summarise,
)
