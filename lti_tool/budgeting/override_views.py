"""The instructor sets aside an automatic finding of a handed-in budget, with a note the learner sees, or lets it
count again (routes on the ``budgeting`` blueprint of ``pages``). Staff of this activity only; the submission and
the finding named by the browser are checked against this activity's stored findings."""
from flask import flash, g, redirect, request, url_for
from flask_babel import gettext as _

from ..activities.access import requires_activity
from .pages import bp, refuse, submission_of_activity
from .services import SubmissionRefused, overrides
from .services.exercises import exercise_for


@bp.post("/grade/<id:submission_id>/override")
@requires_activity("budgeting", staff=True)
def override_finding(submission_id):
    exercise = exercise_for(g.activity)
    submission = submission_of_activity(submission_id)
    index = request.form.get("finding", type=int)
    try:
        if request.form.get("action") == "withdraw":
            overrides.withdraw_override(submission, exercise, index)
            flash(_("The finding counts again; the score was computed again and sent to Moodle."), "success")
        else:
            overrides.set_override(submission, exercise, index, request.form.get("note", ""), g.launch.user.id)
            flash(_("The finding is set aside; the score was computed again and sent to Moodle."), "success")
    except SubmissionRefused as exc:
        refuse(exc)
    return redirect(url_for("budgeting.grade", submission_id=submission.id, launch=g.launch.token) + "#overrides")
