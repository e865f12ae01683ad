"""Instructor: scores per activity and their delivery. (The admin's failures page lives in the admin area.)"""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..extensions import db
from ..ids import record_id
from .models import Score
from .outbox import resend
from .services import grade_state, learner_rows
from .worker import deliver_soon

bp = Blueprint("grades", __name__)
bp.add_app_template_global(grade_state, "grade_state")  # templates/grades/_state.html, on every kind's pages


@bp.get("/grades/")
@requires_activity(staff=True)
def activity_scores():
    rows, roster_problem = learner_rows(g.activity, g.launch.course, refresh=request.args.get("refresh") == "1")
    return render_template("grades/activity.html", ctx=g.launch, activity=g.activity, rows=rows,
                           roster_problem=roster_problem)


@bp.post("/grades/send-again")
@requires_activity(staff=True)
def send_again():
    score_id = record_id(request.form.get("score"))
    score = db.session.get(Score, score_id) if score_id else None
    if score is None or score.activity_id != g.activity.id:
        abort(404)
    again = resend(score)
    db.session.commit()
    deliver_soon([again.id])
    flash(_("The score is queued to be sent again."), "success")
    return redirect(url_for("grades.activity_scores", launch=g.launch.token))
