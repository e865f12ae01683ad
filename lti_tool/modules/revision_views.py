"""The author's answer to a revision request on the module (routes on the ``modules`` blueprint of ``pages``); the
requests are listed on the module's home and review rounds pages (``templates/modules/_revision_requests.html``).
Request ids come from the form and are looked up within the launch's module (else refused)."""
from flask import flash, g, request
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..extensions import db
from ..ids import record_id
from ..revisions.labels import refusal
from ..revisions.services import RevisionRefused
from .pages import bp, current_module, go
from .services.revision_answers import answer_request


@bp.post("/revision-requests/answer")
@requires_activity("modules", staff=True)
def answer_revision_request():
    module = current_module()
    back = "modules.rounds_page" if request.form.get("back") == "rounds" else "modules.home"
    try:
        answer_request(module, g.launch.user, record_id(request.form.get("request")), request.form.get("status", ""),
                       request.form.get("answer"), record_id(request.form.get("version")))
    except RevisionRefused as exc:
        db.session.rollback()
        flash(refusal(exc.code, exc.params), "error")
    else:
        flash(_("The answer to the revision request is saved."), "success")
    return go(back, _anchor="revision-requests")
