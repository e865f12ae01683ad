"""The ``followup`` blueprint and what its pages share. Every page works on the activity bound to the launch
(``requires_activity``), never on an id from the browser; a sign-up or invitee id from a form is looked up within
that activity only."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, make_response, redirect, render_template, request, url_for

from ..clock import utcnow
from . import ics
from .services import session_of, signups

bp = Blueprint("followup", __name__, url_prefix="/followup")


def go(endpoint, **values):
    return redirect(url_for(endpoint, launch=g.launch.token, **values))


def tell(pair):
    category, message = pair
    flash(message, category)


def page(template, status=200, **values):
    """A page of the launch's session: the activity, its settings and the number of seats taken."""
    session = session_of(g.activity)
    seats, waiting = signups(g.activity.id)
    return render_template(template, ctx=g.launch, activity=g.activity, session=session, seats=seats,
                           waiting=waiting, **values), status


def calendar_file(activity, session):
    """The session as an ``.ics`` download (RFC 5545)."""
    host = urlsplit(request.url_root).hostname or "latih"
    event = ics.Event(uid=f"latih-followup-{activity.id}@{host}", starts_at=session.starts_at,
                      ends_at=session.ends_at, summary=activity.title,
                      location=session.place or session.online_url, url=session.online_url,
                      description=activity.description)
    response = make_response(ics.calendar(event, utcnow()).encode("utf-8"))
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="sesi-{activity.id}.ics"'
    return response


def absolute(path):
    """An absolute address of a path of the tool (``LATIH_BASE_URL`` when set: behind a proxy the request's host may
    be an internal name)."""
    from flask import current_app

    base = current_app.config.get("LATIH_BASE_URL") or request.url_root
    return base.rstrip("/") + path
