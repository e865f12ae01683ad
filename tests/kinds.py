"""A kind of activity that lives only in the tests, to exercise the plumbing every real kind uses."""
from decimal import Decimal

from flask import Blueprint, g

from lti_tool.activities.access import requires_activity
from lti_tool.activities.kinds import ActivityKind, register_kind

bp = Blueprint("practice", __name__, url_prefix="/practice")
KIND = ActivityKind(
    name="practice",
    label="Practice (test kind)",
    learner_endpoint="practice.learner",
    instructor_endpoint="practice.instructor",
    graded=True,
    score_maximum=Decimal(50),
)


@bp.get("/")
@requires_activity("practice")
def learner():
    return f'<p data-testid="practice-learner">{g.activity.title} for {g.launch.user.name}</p>'


@bp.get("/manage")
@requires_activity("practice", staff=True)
def instructor():
    return f'<p data-testid="practice-instructor">{g.activity.title}</p>'


def install(app):
    register_kind(app, KIND)
    app.register_blueprint(bp)
