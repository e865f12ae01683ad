"""Binding a validated launch to the browser session, and checking it on every later request.

A launch gets a random token. The session (a signed, partitioned cookie) maps tokens to what the
launch established: user, course, link and roles. Pages carry the token (``?launch=...``) so several
launches in several tabs do not overwrite each other; a token from another browser finds nothing.
Ids sent by the browser are never trusted: the course and link come from the session entry only.
"""
import secrets
import time
from dataclasses import dataclass
from functools import wraps

from flask import current_app, g, request, session
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .launch import Launch, Role
from .models import Course, LtiUser, ResourceLink
from .refusal import Refused

MAX_LAUNCHES_PER_SESSION = 8


@dataclass(frozen=True)
class LaunchContext:
    token: str
    user: LtiUser
    course: Course
    link: ResourceLink | None
    roles: frozenset
    locale: str | None
    message_type: str
    launch_id: str
    deep_linking: dict | None = None
    setup_activity_id: int | None = None  # deep linking: the activity the instructor is setting up

    @property
    def is_staff(self):
        return Role.INSTRUCTOR in self.roles or Role.ADMIN in self.roles


def _upsert(model, keys, values):
    row = model.query.filter_by(**keys).first()
    if row is None:
        row = model(**keys)
        db.session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    return row


def record_launch(launch: Launch, platform_id=None):
    """Create or refresh the user, course and link a launch names. Name, email and locale refresh each time.

    Two first launches at the same moment may race on the unique keys: the loser retries once and finds the rows.
    """
    try:
        return _record(launch, platform_id)
    except IntegrityError:
        db.session.rollback()
        return _record(launch, platform_id)


def _record(launch, platform_id):
    user = _upsert(
        LtiUser,
        {"issuer": launch.issuer, "sub": launch.sub},
        {"name": launch.name, "email": launch.email, "locale": launch.locale or ""},
    )
    ags = launch.ags or {}
    course_values = {"label": launch.context_label, "title": launch.context_title, "platform_id": platform_id}
    if launch.nrps_url:
        course_values["nrps_url"] = launch.nrps_url
    if ags.get("lineitems"):
        course_values.update(ags_lineitems=ags["lineitems"], ags_scopes=list(ags.get("scope") or []))
    course = _upsert(
        Course,
        {"issuer": launch.issuer, "deployment_id": launch.deployment_id, "context_id": launch.context_id},
        course_values,
    )
    link = None
    if launch.resource_link_id:
        db.session.flush()
        link = _upsert(
            ResourceLink,
            {"issuer": launch.issuer, "resource_link_id": launch.resource_link_id},
            {"title": launch.resource_link_title, "course_id": course.id, "ags_lineitem": ags.get("lineitem")},
        )
    db.session.commit()
    return user, course, link


def bind_to_session(launch: Launch, launch_id: str, platform_id=None):
    """Record the launch and remember it in this browser's session. Returns the launch token."""
    user, course, link = record_launch(launch, platform_id)
    token = secrets.token_urlsafe(16)
    entries = dict(session.get("launches") or {})
    entries[token] = {
        "user": user.id,
        "course": course.id,
        "link": link.id if link else None,
        "roles": sorted(r.value for r in launch.roles),
        "locale": launch.locale,
        "type": launch.message_type,
        "lid": launch_id,
        "exp": int(time.time()) + current_app.config["LATIH_LAUNCH_LIFETIME"],
    }
    if launch.deep_linking:
        # What the deep-linking response needs; ``data`` must be returned as the platform sent it.
        dl = launch.deep_linking
        entries[token]["dl"] = {
            "deep_link_return_url": dl.get("deep_link_return_url"),
            "data": dl.get("data"),
            "accept_multiple": bool(dl.get("accept_multiple", True)),
        }
    newest = sorted(entries.items(), key=lambda item: item[1]["exp"])[-MAX_LAUNCHES_PER_SESSION:]
    session["launches"] = dict(newest)
    session.permanent = True
    return token


def current_link(token):
    """The resource link of one of this session's launches."""
    entry = (session.get("launches") or {}).get(token) or {}
    return db.session.get(ResourceLink, entry["link"]) if entry.get("link") else None


def current_context():
    """The launch this request belongs to (token from the query or form), or None."""
    token = request.values.get("launch", "")
    entry = (session.get("launches") or {}).get(token)
    if not entry or entry["exp"] < time.time():
        return None
    user = db.session.get(LtiUser, entry["user"])
    course = db.session.get(Course, entry["course"])
    link = db.session.get(ResourceLink, entry["link"]) if entry["link"] else None
    if user is None or course is None:
        return None
    return LaunchContext(
        token=token,
        user=user,
        course=course,
        link=link,
        roles=frozenset(Role(r) for r in entry["roles"]),
        locale=entry.get("locale"),
        message_type=entry["type"],
        launch_id=entry["lid"],
        deep_linking=entry.get("dl"),
        setup_activity_id=entry.get("setup"),
    )


def set_up_in_deep_linking(token, activity_id):
    """In a deep-linking launch, the instructor opens ``activity_id``'s own pages before adding it to the course:
    staff pages of that activity then serve this launch as if a link showed it (see ``requires_activity``)."""
    entries = dict(session.get("launches") or {})
    entries[token] = dict(entries[token], setup=activity_id)
    session["launches"] = entries


def requires_launch(staff=False):
    """Decorator: the request must belong to a live launch in this browser; ``staff`` pages need an instructor."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            ctx = current_context()
            if ctx is None:
                raise Refused("expired")
            g.launch = ctx
            if staff and not ctx.is_staff:
                raise Refused("forbidden")
            return view(*args, **kwargs)

        return wrapped

    return decorator
