"""Bahasa Indonesia first, English second. The launch's locale wins, then the browser's."""
import os

from flask import current_app, g, request
from flask_babel import get_locale

from .extensions import babel


def select_locale():
    ctx = getattr(g, "launch", None)
    if ctx is not None and ctx.locale:
        return ctx.locale
    hint = getattr(g, "locale_hint", None)
    if hint:
        return hint
    chosen = request.args.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return request.accept_languages.best_match(current_app.config["LANGUAGES"]) or "id"


def _fresh_request_state():
    # ``g`` belongs to the app context, which outlives one request when a context was already pushed
    # (the test suite, CLI commands): never let a previous request's launch or locale leak into this one.
    for name in ("_flask_babel", "launch", "activity", "admin", "csrf_token", "locale_hint", "frame_origins_extra"):
        g.pop(name, None)


def init_app(app):
    app.before_request(_fresh_request_state)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=os.path.join(root, "translations"),
    )
    app.context_processor(lambda: {"current_locale": lambda: str(get_locale() or "id")})
