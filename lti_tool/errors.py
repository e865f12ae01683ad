"""Error pages in the tool's own layout and the reader's language, never Werkzeug's English defaults.

A request that wants JSON (its ``Accept`` prefers ``application/json``, or it is addressed to a blueprint named
``*_api``, whose own handlers answer JSON) gets ``{"error": code, "message": text}`` instead. A 500 gets a short
random reference number, shown on the page and written into the log line of that error with its traceback, so that
a person who reports "reference 7F3A9C" can be matched with the log.

Our own database or Redis being unreachable (``outages.py``) is not a bug: it gets 503 with ``Retry-After``, a page
saying the tool is temporarily unavailable, and one log line with the reference number and the kind of failure —
never the exception's text or an internal address on the page.
"""
import logging
import secrets
import sys

from flask import current_app, g, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from . import outages

log = logging.getLogger(__name__)

# status -> (title, what the reader can do)
PAGES = {
    400: (_l("The request could not be understood"),
          _l("The page may have expired. Go back, reload the page and try again.")),
    401: (_l("Please sign in again"),
          _l("Your session has ended. Start the activity again from the course page.")),
    403: (_l("You do not have access to this page"),
          _l("If you think you should, ask your instructor or the tool's administrator.")),
    404: (_l("Page not found"),
          _l("The address may be mistyped, or the page no longer exists. Start again from the course page.")),
    405: (_l("This page cannot be opened this way"),
          _l("Go back and use the page's buttons instead of the address bar.")),
    413: (_l("The upload is too large"),
          _l("Choose a smaller file, or split it, and try again.")),
    429: (_l("Too many requests"),
          _l("Wait a moment, then try again.")),
    500: (_l("Something went wrong on our side"),
          _l("Your last step may not have been saved. Try again in a moment; if it happens again, tell the "
             "tool's administrator the reference number below.")),
    503: (_l("The tool is not available right now"),
          _l("It may be under maintenance. Try again in a few minutes.")),
}
CSRF_PAGE = (_l("This page has expired"),
             _l("For your safety, forms stop working after a while. Reload the page and send it again."))
GENERIC_PAGE = (_l("The request could not be completed"), _l("Go back and try again."))
OUTAGE_PAGE = (_l("The tool is temporarily unavailable"),
               _l("This is a fault on our side, not in your course or your browser. Try again in a few minutes; if "
                  "it goes on, tell the tool's administrator the reference number below."))
RETRY_AFTER = 30  # seconds: what a 503 for an outage asks the browser (or a proxy) to wait


def new_reference():
    """Six hex digits: short enough to read over the phone, random enough to find one line in a day's log."""
    return secrets.token_hex(3).upper()


def wants_json():
    if request.accept_mimetypes.best == "application/json":
        return True
    if request.blueprint:
        return request.blueprint.endswith("_api")
    # No route matched (404, 405): a path under an API blueprint's prefix still answers JSON.
    return any(name.endswith("_api") and bp.url_prefix and request.path.startswith(bp.url_prefix.rstrip("/") + "/")
               for name, bp in current_app.blueprints.items())


def _texts(exc):
    from flask_wtf.csrf import CSRFError

    if isinstance(exc, CSRFError):
        return CSRF_PAGE
    return PAGES.get(exc.code, GENERIC_PAGE)


def error_response(exc, reference=None, texts=None):
    status = exc.code or 500
    title, advice = (str(text) for text in (texts or _texts(exc)))
    if wants_json():
        body = {"error": exc.name.lower().replace(" ", "_"), "message": f"{title}. {advice}"}
        if reference:
            body["reference"] = reference
        response = jsonify(body)
    else:
        try:
            response = render_template("errors/error.html", status=status, title=title, advice=advice,
                                       reference=reference)
        except Exception:  # the layout itself failed: still answer, in plain text
            log.exception("Error page %s could not be rendered", status)
            response = make_response(f"{status} {title}. {advice}" + (f" ({reference})" if reference else ""))
            response.mimetype = "text/plain"
    response = make_response(response)
    response.status_code = status
    if exc.code == 405 and getattr(exc, "valid_methods", None):
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response


def _http_error(exc):
    if exc.response is not None:  # abort(response): the view already made its answer
        return exc.response
    return error_response(exc)


def _server_error(exc):
    reference = g.get("error_reference")
    if reference is None:  # abort(500), not an exception: nothing was logged yet
        reference = new_reference()
        log.error("Error %s: %s %s answered 500", reference, request.method, request.path)
    return error_response(exc if isinstance(exc, HTTPException) else InternalServerError(), reference)


def _outage(exc):
    """Our database or Redis is unreachable: 503, Retry-After, one log line (no traceback, nothing on the page)."""
    cause = outages.outage_in(exc) or exc
    reference = new_reference()
    what = "Redis" if outages.kind(cause) == "redis" else "the database"
    first_line = (str(cause).strip().splitlines() or [""])[0][:200]
    log.error("Error %s: %s %s answered 503: %s is unavailable (%s: %s)", reference, request.method, request.path, what,
              cause.__class__.__name__, first_line)
    _forget_failed_transaction()
    response = error_response(ServiceUnavailable(), reference, texts=OUTAGE_PAGE)
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response


def _forget_failed_transaction():
    from .extensions import db

    try:
        db.session.rollback()
    except Exception:  # the connection is gone: the session is dropped at the end of the request anyway
        pass


def _log_exception(app):
    def log_exception(exc_info):
        g.error_reference = reference = new_reference()
        app.logger.error("Error %s: %s %s", reference, request.method, request.path,
                         exc_info=exc_info or sys.exc_info())

    return log_exception


def init_app(app):
    from .lti.refusal import RefusedInOutage

    app.log_exception = _log_exception(app)  # the reference number goes into the log line with the traceback
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)
    for storage_failure in (*outages.DATABASE, *outages.REDIS, RefusedInOutage):
        app.register_error_handler(storage_failure, _outage)
