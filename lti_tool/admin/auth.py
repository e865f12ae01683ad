"""Who is signed in to the admin area: the cookie holds only a session token, checked on the server at every request."""
import functools
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _

from . import sessions

SESSION_KEY = "admin_session"


def _limits():
    return {"idle": timedelta(minutes=current_app.config["LATIH_ADMIN_IDLE_MINUTES"]),
            "lifetime": current_app.permanent_session_lifetime}


def log_in(user_id):
    """A fresh session (no fixation, no left-over launch state) holding only a new server-side session's token."""
    _clear_session()
    session[SESSION_KEY] = sessions.start(user_id, **_limits())
    session.permanent = True


def log_out():
    sessions.end(session.get(SESSION_KEY))  # a copy of the cookie stops working too
    _clear_session()


def _clear_session():
    session.clear()
    # Flask-WTF caches the signed CSRF token in ``g``; it belonged to the session just cleared.
    g.pop("csrf_token", None)


def current_admin():
    return sessions.resolve(session.get(SESSION_KEY), **_limits())


def safe_next(target):
    """``target`` when it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(ch) < 32 for ch in target):
        return None
    return target


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        found = current_admin()
        if found.admin is None:
            session.pop(SESSION_KEY, None)
            if found.why_not == sessions.IDLE:
                minutes = current_app.config["LATIH_ADMIN_IDLE_MINUTES"]
                flash(_("You were signed out after %(minutes)d minutes without activity. Sign in again.",
                        minutes=minutes), "info")
            elif found.why_not is not None:
                flash(_("Your session has ended. Sign in again."), "info")
            target = request.full_path if request.method == "GET" else url_for("admin.index")
            return redirect(url_for("admin.login", next=target.rstrip("?")))
        g.admin = found.admin
        return view(*args, **kwargs)

    return wrapped
