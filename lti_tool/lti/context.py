"""Binding a validated launch to the browser session, and checking it on every later request.

A launch gets a random token. The session (a signed, partitioned cookie) maps tokens to what the
launch established: user, course, link and roles. Pages carry the token (``?launch=...``) so several
launches in several tabs do not overwrite each other; a token from another browser finds nothing.
Ids sent by the browser are never trusted: the course and link come from the session entry only.
"""
import functools
import secrets
import time
from dataclasses import dataclass
from functools import wraps

import sqlalchemy as sa
from flask import current_app, g, request, session
from flask_wtf.csrf import generate_csrf
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


def record_launch(launch: Launch, platform_id=None):
    """Create or refresh the user, course and link a launch names; returns their ids (user, course, link or None).

    Core statements on the session's connection (the ORM's execute adds nothing for them). One query reads the
    three rows; a row is written only when it is new or what the launch says of it changed
    (name, email and locale of the user; title, registration and services of the course; title, course and grade
    item of the link). Two first launches at the same moment may race on the unique keys: the loser retries once
    and finds the rows.
    """
    try:
        return _record(launch, platform_id)
    except IntegrityError:
        db.session.rollback()
        return _record(launch, platform_id)


def identity(launch):
    """The NIP and unit of work a launch tells, as lti_user columns; a value the launch does not send (or sends empty)
    is left out, so an imported unit or an earlier NIP is kept.

    NIP: the custom parameter named by ``LATIH_NIP_PARAM`` when set and sent, else ``lis.person_sourcedid`` (Moodle's
    ID number of the user). Unit: the custom parameter named by ``LATIH_UNIT_PARAM`` (default ``unit_kerja``); rank
    and position (for certificates): ``LATIH_RANK_PARAM`` (``pangkat_golongan``), ``LATIH_POSITION_PARAM``
    (``jabatan``)."""
    config = current_app.config
    found = {}
    nip_param = config.get("LATIH_NIP_PARAM") or ""
    nip = _custom_text(launch.custom, nip_param) if nip_param else ""
    nip = nip or launch.person_sourcedid
    if nip:
        found["nip"] = nip[:50]
    for column, setting in (("unit", "LATIH_UNIT_PARAM"), ("rank", "LATIH_RANK_PARAM"),
                            ("position", "LATIH_POSITION_PARAM")):
        param = config.get(setting) or ""
        value = _custom_text(launch.custom, param) if param else ""
        if value:
            found[column] = value[:255]
    return found


def _custom_text(custom, name):
    """A custom parameter's text, "" when absent or when Moodle left its substitution variable unreplaced ($User…)."""
    value = custom.get(name)
    if not isinstance(value, (str, int)):
        return ""
    text = " ".join(str(value).split())
    return "" if text.startswith("$") else text


def _record(launch, platform_id):
    user, course, link = _rows(launch)
    ags = launch.ags or {}
    writes = []
    user_id = _save(writes, user, {"issuer": launch.issuer, "sub": launch.sub},
                    {"name": launch.name, "email": launch.email, "locale": launch.locale or "", **identity(launch)})
    course_values = {"label": launch.context_label, "title": launch.context_title, "platform_id": platform_id}
    if launch.nrps_url:
        course_values["nrps_url"] = launch.nrps_url
    if ags.get("lineitems"):
        course_values.update(ags_lineitems=ags["lineitems"], ags_scopes=list(ags.get("scope") or []))
    course_keys = {"issuer": launch.issuer, "deployment_id": launch.deployment_id, "context_id": launch.context_id}
    course_id = _save(writes, course, course_keys, course_values)
    link_id = None
    if launch.resource_link_id:
        link_id = _save(writes, link, {"issuer": launch.issuer, "resource_link_id": launch.resource_link_id},
                        {"title": launch.resource_link_title, "course_id": course_id,
                         "ags_lineitem": ags.get("lineitem")})
    if writes:
        db.session.commit()
    return user_id, course_id, link_id


_COLUMNS = {  # what a launch reads of its rows: the id and the columns it may change
    "u": ("id", "name", "email", "locale", "nip", "unit", "rank", "position"),
    "c": ("id", "label", "title", "platform_id", "nrps_url", "ags_lineitems", "ags_scopes"),
    "l": ("id", "title", "course_id", "ags_lineitem"),
}


@functools.cache
def _rows_query():
    """One query for the three rows: a one-row anchor left-joined to each table on its unique key (built once)."""
    tables = {"u": LtiUser.__table__, "c": Course.__table__, "l": ResourceLink.__table__}
    u, c, rl = tables["u"], tables["c"], tables["l"]
    iss = sa.bindparam("iss")
    anchor = sa.select(sa.literal(1).label("one")).subquery()
    return (
        sa.select(*(tables[p].c[name].label(f"{p}_{name}") for p, names in _COLUMNS.items() for name in names))
        .select_from(anchor)
        .outerjoin(u, sa.and_(u.c.issuer == iss, u.c.sub == sa.bindparam("sub")))
        .outerjoin(c, sa.and_(c.c.issuer == iss, c.c.deployment_id == sa.bindparam("deployment_id"),
                              c.c.context_id == sa.bindparam("context_id")))
        .outerjoin(rl, sa.and_(rl.c.issuer == iss, rl.c.resource_link_id == sa.bindparam("resource_link_id")))
    )


def _rows(launch):
    """(table, {column: value} or None) for the launch's user, course and link."""
    row = db.session.connection().execute(_rows_query(), {
        "iss": launch.issuer, "sub": launch.sub, "deployment_id": launch.deployment_id,
        "context_id": launch.context_id, "resource_link_id": launch.resource_link_id,
    }).mappings().one()
    found = []
    for prefix, table in (("u", LtiUser.__table__), ("c", Course.__table__), ("l", ResourceLink.__table__)):
        values = {name: row[f"{prefix}_{name}"] for name in _COLUMNS[prefix]}
        found.append((table, values if values["id"] is not None else None))
    return found


@functools.cache
def _insert(table):
    """INSERT … RETURNING id, one statement object per table (its compiled form is then found in SQLAlchemy's cache
    without building and hashing a new statement per launch); the columns come from the parameters."""
    return table.insert().returning(table.c.id)


def _save(writes, found, keys, values):
    """Insert the row, or update the columns whose value changed; nothing when nothing changed. Returns its id;
    appends the table to ``writes`` when it wrote."""
    table, current = found
    if current is None:
        writes.append(table)
        return db.session.connection().execute(_insert(table), {**keys, **values}).scalar_one()
    changes = {name: value for name, value in values.items() if current[name] != value}
    if changes:
        writes.append(table)
        db.session.connection().execute(table.update().where(table.c.id == current["id"]).values(**changes))
    return current["id"]


def bind_to_session(launch: Launch, launch_id: str, platform_id=None):
    """Record the launch and remember it in this browser's session. Returns the launch token."""
    user_id, course_id, link_id = record_launch(launch, platform_id)
    token = secrets.token_urlsafe(16)
    entries = dict(session.get("launches") or {})
    entries[token] = {
        "user": user_id,
        "course": course_id,
        "link": link_id,
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
    generate_csrf()  # the session's CSRF secret, written now: the launch's first page then leaves the cookie alone
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
    found = _load_context(entry["user"], entry["course"], entry["link"])
    if found is None:
        return None
    user, course, link = found
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


@functools.cache
def _context_query(with_link):
    query = (sa.select(LtiUser, Course).select_from(LtiUser)
             .join(Course, Course.id == sa.bindparam("course")).where(LtiUser.id == sa.bindparam("user")))
    if with_link:
        query = query.add_columns(ResourceLink).outerjoin(ResourceLink, ResourceLink.id == sa.bindparam("link"))
    return query


def _load_context(user_id, course_id, link_id):
    """(user, course, link or None) of a session entry in one query, or None when the user or course is gone."""
    params = {"user": user_id, "course": course_id, "link": link_id}
    row = db.session.execute(_context_query(bool(link_id)), params).first()
    if row is None:
        return None
    return (row[0], row[1], row[2] if link_id else None)


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
