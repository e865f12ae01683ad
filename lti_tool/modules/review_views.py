"""The stakeholder reviewer's pages, reached by a personal link ``/modules/review/<token>/…`` (no launch, no
Moodle session; made for a phone): the invitation, confirming name and institution, reading the round's version
with comments on passages or sections, scores and the recommendation.

Every request: rate-limited per address (the core's ``invitations.limit``), the token resolved by its hash
(unknown 404, revoked 403, round not opened yet 403, deadline passed or round closed 410 with a read-only view of
one's own review), and the answer carries ``Referrer-Policy: no-referrer``, ``Cache-Control: no-store``,
``X-Robots-Tag: noindex`` and ``frame-ancestors 'none'`` (``invitations.standalone``). The token is never logged
(``logmask`` masks the path). CSRF: Flask-WTF, as everywhere. Views parse the form, call one service
(``reviewing``, ``review_comments``) and render or redirect.
"""
from io import BytesIO

from flask import Blueprint, abort, current_app, flash, g, redirect, request, send_file, url_for
from flask_babel import gettext as _

from ..clock import utcnow
from ..invitations import limit as review_limit
from ..invitations.standalone import protect
from .review_pages import closed_page, module_of, refusal_page, review_page
from .services import ModuleRefused, attachments, review_comments, reviewing
from .services.setup import settings_of

bp = protect(Blueprint("modules_review", __name__, url_prefix="/modules/review/<token>"), "/modules/review/")


@bp.url_value_preprocessor
def _take_token(endpoint, values):
    g.review_token = (values or {}).pop("token", None)


@bp.url_defaults
def _give_token(endpoint, values):
    if "token" not in values and g.get("review_token"):
        values["token"] = g.review_token


@bp.before_request
def _admit():
    g.review_access = None
    limit = current_app.config.get("LATIH_REVIEW_PAGE_LIMIT", review_limit.DEFAULT_LIMIT)
    if not review_limit.allow(request.remote_addr, limit):
        response = refusal_page(429)
        response.headers["Retry-After"] = str(review_limit.WINDOW)
        return response
    access = g.review_access = reviewing.access(g.review_token, utcnow())
    if access.status == "unknown":
        return refusal_page(404)
    if access.status in ("revoked", "not_open"):
        return refusal_page(403, access.status)
    if access.status == "closed" and request.method == "GET" and request.endpoint != "modules_review.attachment":
        return closed_page(access)
    return None  # open, or a form sent while it closed: the view keeps what was typed


def _reviewer():
    return g.review_access.reviewer


def _back(anchor=None):
    return redirect(url_for("modules_review.page", _anchor=anchor), code=303)


def _refused(exc, status=400, **kept):
    """The page again (or, when the round closed meanwhile, the closed page) with the refusal and what was typed."""
    if exc.code in ("deadline_passed", "round_closed"):
        return closed_page(reviewing.access(g.review_token, utcnow()), problems=exc.problems, kept=kept)
    return review_page(_reviewer(), status=status, problems=exc.problems, kept=kept)


@bp.get("/")
def page():
    reviewer = _reviewer()
    reviewing.note_opened(reviewer, utcnow())
    return review_page(reviewer)


@bp.post("/confirm")
def confirm():
    form = request.form
    try:
        reviewing.confirm(_reviewer(), form.get("name"), form.get("institution"), utcnow())
    except ModuleRefused as exc:
        return _refused(exc, name=form.get("name", ""), institution=form.get("institution", ""))
    flash(_("Thank you: your name and institution are saved."), "success")
    return _back()


@bp.post("/comments")
def add_comment():
    form = request.form
    try:
        comment = review_comments.add_comment(
            _reviewer(), utcnow(), section_id=form.get("section", ""), body=form.get("body"),
            blocking=form.get("blocking") == "1", exact=form.get("exact", ""), prefix=form.get("prefix", ""),
            suffix=form.get("suffix", ""))
    except ModuleRefused as exc:
        return _refused(exc, section=form.get("section", ""), body=form.get("body", ""),
                        blocking=form.get("blocking") == "1", exact=form.get("exact", ""))
    flash(_("Your comment is saved."), "success")
    return _back(f"c-{comment.id}")


@bp.post("/comments/<id:comment_id>/reply")
def reply(comment_id):
    try:
        comment = review_comments.reply(_reviewer(), utcnow(), comment_id, request.form.get("body"))
    except ModuleRefused as exc:
        return _refused(exc, body=request.form.get("body", ""), reply_to=comment_id)
    flash(_("Your reply is saved."), "success")
    return _back(f"c-{comment.id}")


@bp.post("/comments/<id:comment_id>/edit")
def edit_comment(comment_id):
    blocking = request.form.get("blocking") == "1" if "blocking_field" in request.form else None
    try:
        review_comments.edit_comment(_reviewer(), utcnow(), comment_id, request.form.get("body"), blocking)
    except ModuleRefused as exc:
        return _refused(exc, body=request.form.get("body", ""), editing=comment_id)
    flash(_("Your comment is changed."), "success")
    return _back(f"c-{comment_id}")


@bp.post("/comments/<id:comment_id>/delete")
def delete_comment(comment_id):
    try:
        review_comments.delete_comment(_reviewer(), utcnow(), comment_id)
    except ModuleRefused as exc:
        return _refused(exc)
    flash(_("Your comment is deleted."), "success")
    return _back("comments")


@bp.post("/review")
def save_review():
    """Save the draft, or submit (``action=submit``); refusals keep every value typed."""
    reviewer, form = _reviewer(), request.form
    settings = settings_of(module_of(reviewer))
    criteria = reviewing.criteria_of(reviewer, settings)
    scores = reviewing.parse_scores(form, criteria)
    typed = {"scores": {k: str(v) for k, v in scores.items()}, "recommendation": form.get("recommendation", ""),
             "summary": form.get("summary", "")}
    submit = form.get("action") == "submit"
    try:
        reviewing.save_review(reviewer, settings, revision=_revision(form.get("revision")), scores=scores,
                              recommendation=form.get("recommendation") or None, summary=form.get("summary"),
                              submit=submit, now=utcnow())
    except ModuleRefused as exc:
        status = 409 if exc.code == "stale_review" else 400
        return _refused(exc, status=status, review=typed)
    flash(_("Your review is submitted. Thank you!") if submit else _("Your draft is saved."), "success")
    return _back("review")


def _revision(raw):
    text = (raw or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else -1


@bp.get("/files/<id:attachment_id>")
def attachment(attachment_id):
    """A file the round's version points at (nothing else of the module): images inline, anything else as a
    download, with the stored type, never sniffed."""
    reviewer = _reviewer()
    if reviewer is None:
        abort(404)
    module = module_of(reviewer)
    found = attachments.attachment_in_module(module, attachment_id)
    if found is None or (attachments.SCHEME + found.filename) not in reviewer.round.version.markdown:
        abort(404)
    response = send_file(BytesIO(found.data), mimetype=found.content_type,
                         as_attachment=not attachments.is_image(found.content_type), download_name=found.filename,
                         etag=found.sha256, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
