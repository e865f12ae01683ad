"""The instructor enters or uploads the exercise's model answer (routes on the ``budgeting`` blueprint of
``pages``); the grading page shows a learner's lines beside it. Staff of this activity only."""
from flask import flash, g, request
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..extensions import db
from .io.tables import ImportFailed
from .labels import import_message
from .pages import bp, go, page_locale, refuse
from .services import SubmissionRefused
from .services.exercises import exercise_for
from .services.model_answer import import_model, parse_model_text


@bp.post("/model-answer")
@requires_activity("budgeting", staff=True)
def model_answer():
    exercise = exercise_for(g.activity)
    upload = request.files.get("file")
    try:
        if upload is not None and upload.filename:
            model = import_model(upload.filename, upload.read(2 * 1024 * 1024 + 1), page_locale())
        else:
            model = parse_model_text(request.form.get("model_text", ""), page_locale())
    except SubmissionRefused as exc:
        refuse(exc)
    except ImportFailed as exc:
        flash(import_message(exc.code, exc.params, page_locale()), "error")
    else:
        exercise.model_answer = model
        db.session.commit()
        flash(_("The model answer is saved.") if model else _("The model answer is removed."), "success")
    return go("budgeting.manage")
