"""JSON for the editor's script: the live preview of the text being written, rendered by the server through the
one sanitizing renderer (``lti_tool.richtext``), with its table of contents and word count.

Protected like the pages: the launch token in ``?launch=``, the activity bound to the launch, staff only, and the
CSRF token in the ``X-CSRFToken`` header. Every answer is JSON, refusals included."""
from flask import Blueprint, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..activities.access import requires_activity
from ..errors import error_response
from ..formats import format_number
from ..lti.refusal import Refused
from .domain.sections import split_sections, word_count
from .pages import current_module, show_sections
from .services.drafts import MAX_CHARS, clean_markdown

bp = Blueprint("modules_api", __name__, url_prefix="/modules/api")


@bp.post("/preview")
@requires_activity("modules", staff=True)
def preview():
    text = clean_markdown(request.form.get("markdown"))
    if len(text) > MAX_CHARS:
        return _error(400, "too_long", _("The text is too long: at most %(max)s characters.", max=MAX_CHARS))
    sections = split_sections(text)
    shown = show_sections(current_module(), sections)
    words = word_count(sections)
    return jsonify(html=render_template("modules/_sections.html", shown=shown),
                   toc=render_template("modules/_toc.html", sections=sections, link=True),
                   words=words, words_text=_("%(n)s words in %(s)s sections", n=format_number(words),
                                             s=format_number(len(sections))))


def _error(status, code, text):
    return jsonify(error=code, message=text), status


@bp.errorhandler(Refused)
def _refused(exc):
    return _error(exc.status, exc.code, exc.texts()[0])


@bp.errorhandler(CSRFError)
def _csrf(exc):
    return _error(400, "csrf", _("This page has expired. Reload it; save with the Save button first."))


@bp.errorhandler(HTTPException)
def _http(exc):
    """JSON with the error pages' text in the reader's language (Werkzeug's own descriptions are English only)."""
    return exc.response if exc.response is not None else error_response(exc)
