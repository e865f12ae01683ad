"""Bahasa Indonesia first, English second: the one place that decides the reader's language.

The reader's own choice (the switch in every page's header, kept in the session) wins; then the launch's locale
(Moodle's ``locale`` claim), then the browser's. Status codes shown to people get their labels here too.
"""
import os
from urllib.parse import urlsplit

from flask import Blueprint, current_app, g, redirect, request, session, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from .extensions import babel

bp = Blueprint("i18n", __name__)

# Each language named in itself: a reader who cannot read the page can still find their own language.
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}

# Every status a page shows, by its code: submissions, registrations, deployments, grades on their way to the LMS.
STATUS_LABELS = {
    "not_started": _l("not started"),
    "draft": _l("draft"),
    "submitted": _l("submitted, to be graded"),
    "graded": _l("graded"),
    "active": _l("Active"),
    "inactive": _l("Inactive"),
    "waiting": _l("Waiting for approval"),
    "dynamic": _l("Dynamic registration"),
    "manual": _l("Added by hand"),
    "pending": _l("on its way to Moodle"),
    "delivered": _l("in Moodle"),
    "failed": _l("not sent"),
    "superseded": _l("replaced by a newer grade"),
}


def status_label(code):
    """The reader's words for a status code; an unknown code is shown as it is rather than hidden."""
    label = STATUS_LABELS.get(code)
    return str(label) if label is not None else ("" if code is None else str(code))


def chosen_language():
    choice = session.get("lang")
    return choice if choice in current_app.config["LANGUAGES"] else None


def _launch_locale():
    ctx = getattr(g, "launch", None)
    if ctx is not None:
        return ctx.locale
    # Only the query string: reading the form here would parse (and may refuse, 413) a body inside an error page.
    entry = (session.get("launches") or {}).get(request.args.get("launch", ""))
    return entry.get("locale") if entry else None


def _locale_hint():
    """The locale a view named before knowing whose request it is (a launch's, unverified): a value, or a function
    called only when a page is rendered in the reader's language (a refusal; an accepted launch only redirects)."""
    hint = getattr(g, "locale_hint", None)
    if callable(hint):
        hint = g.locale_hint = hint()
    return hint


def select_locale():
    languages = current_app.config["LANGUAGES"]
    for candidate in (chosen_language, _launch_locale, _locale_hint, lambda: request.args.get("lang")):
        value = candidate()
        if value in languages:
            return value
    return request.accept_languages.best_match(languages) or "id"


def _local_path(target):
    """``target`` if it is a path on this site (never another site: no open redirect), else None."""
    target = target or ""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


@bp.post("/language")
def choose_language():
    """The switch in the page header: remember the reader's language for the rest of the session."""
    lang = request.form.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    target = _local_path(request.form.get("next"))
    if target is None:
        token = request.form.get("launch")
        target = url_for("activities.entry", launch=token) if token else url_for("home.index")
    return redirect(target, code=303)


def _fresh_request_state():
    # ``g`` belongs to the app context, which outlives one request when a context was already pushed
    # (the test suite, CLI commands): never let a previous request's launch or locale leak into this one.
    for name in ("_flask_babel", "launch", "activity", "admin", "csrf_token", "locale_hint", "frame_origins_extra",
                 "error_reference"):
        g.pop(name, None)


def _template_helpers():
    return {
        "current_locale": lambda: str(get_locale() or "id"),
        "language_names": LANGUAGE_NAMES,
    }


def init_app(app):
    app.before_request(_fresh_request_state)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=os.path.join(root, "translations"),
    )
    app.context_processor(_template_helpers)
    app.add_template_filter(status_label, "status_label")
    app.register_blueprint(bp)
