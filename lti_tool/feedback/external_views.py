"""The page an alumnus or a supervisor opens from a personal link, ``/feedback/i/<token>/<form>/`` (no launch, no
Moodle account; made for a phone): whether the form is named or anonymous, said before answering, then the form's
items (the answer form and its checks are the learners', ``learner_views.answer_context`` and
``responses``); a supervisor reads the supervisor version's texts of the level-3 items (``level3_texts``).

Every request: rate-limited per address (the core's ``invitations.limit``, ``LATIH_INVITATION_PAGE_LIMIT``), the
token resolved by its hash and checked against the form in the URL (another form's link: 404); a revoked (403),
expired (410) or already used link (409), or a form not open (403) or closed (410), gets a page that says so in
plain words. The answers are standalone pages (``invitations.standalone``: never framed, no referrer, no cache);
``logmask`` masks the token in the logs. CSRF as everywhere.
"""
from flask import Blueprint, current_app, g, make_response, render_template, request, url_for

from ..clock import utcnow
from ..invitations import limit
from ..invitations.standalone import protect
from . import level3_labels
from .learner_views import answer_context, submitted_fields
from .level3_texts import rows_for
from .services import FeedbackRefused, items
from .services import invitation_answers as answers
from .services.forms import persons_of

PREFIX = "/feedback/i/"
bp = protect(Blueprint("feedback_invited", __name__, url_prefix=PREFIX + "<token>/<int:form_id>"), PREFIX)
STATUS = {"unknown": 404, "revoked": 403, "not_open": 403, "expired": 410, "closed": 410, "answered": 409,
          "limited": 429}


def _closed(kind):
    title, advice = (str(t) for t in level3_labels.CLOSED_LINKS[kind])
    response = make_response(render_template("feedback/external_closed.html", title=title, advice=advice,
                                             kind=kind, status=STATUS[kind]))
    response.status_code = STATUS[kind]
    return response


@bp.before_request
def _admit():
    values = request.view_args or {}
    limit_per_minute = current_app.config.get("LATIH_INVITATION_PAGE_LIMIT", limit.DEFAULT_LIMIT)
    if not limit.allow(request.remote_addr, limit_per_minute, scope="invitation"):
        response = _closed("limited")
        response.headers["Retry-After"] = str(limit.WINDOW)
        return response
    g.invited = answers.access(values.get("form_id"), values.get("token"), utcnow())
    if g.invited.status != "ok":
        return _closed(g.invited.status)
    return None


def _page(typed=None, reading=None, status=200):
    access = g.invited
    form, invitation = access.form, access.invitation
    rows = rows_for(form, invitation.invitee.role, items.item_rows(form))
    action = url_for("feedback_invited.submit", form_id=form.activity_id, token=request.view_args["token"])
    response = make_response(render_template(
        "feedback/external_answer.html", form=form, activity=form.activity, invitee=invitation.invitee,
        invitation=invitation, persons=persons_of(form), action=action, preview=False,
        role_name=level3_labels.ROLE_NAMES[invitation.invitee.role],
        **answer_context(rows, typed, reading)))
    response.status_code = status
    return response


@bp.get("/")
def page(form_id, token):
    return _page()


@bp.post("/")
def submit(form_id, token):
    access = g.invited
    try:
        outcome = answers.submit(access.form, access.invitation, submitted_fields(request.form))
    except FeedbackRefused as exc:
        kind = exc.code if exc.code in STATUS else "answered"
        return _closed(kind)
    if not outcome.stored:
        return _page(outcome.reading.typed, outcome.reading, status=400)
    response = make_response(render_template("feedback/external_thanks.html", form=access.form,
                                             activity=access.form.activity, reading=outcome.reading))
    return response
