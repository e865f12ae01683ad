"""Who is signed in to the admin area: only ``session["admin_id"]`` is kept."""
import functools
from urllib.parse import urlsplit

from flask import g, redirect, request, session, url_for

from . import services


def log_in(user_id):
    """A fresh session (no fixation, no left-over launch state) holding only the admin's id."""
    _clear_session()
    session["admin_id"] = user_id
    session.permanent = True


def log_out():
    _clear_session()


def _clear_session():
    session.clear()
    # Flask-WTF caches the signed CSRF token in ``g``; it belonged to the session just cleared.
    g.pop("csrf_token", None)


def current_admin():
    return services.admin_by_id(session.get("admin_id"))


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
        admin = current_admin()
        if admin is None:
            session.pop("admin_id", None)
            target = request.full_path if request.method == "GET" else url_for("admin.index")
            return redirect(url_for("admin.login", next=target.rstrip("?")))
        g.admin = admin
        return view(*args, **kwargs)

    return wrapped
