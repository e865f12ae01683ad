"""Per-process snapshots of what every login and launch reads: registrations, deployments, the tool's keys.

Each gunicorn worker keeps a snapshot and reloads it when another process (or this one) changed the tables
behind it. Changes are announced through a *version* in the shared store (Redis, or the database store), which
every worker sees:

- anything written through the ORM that touches a registration, a deployment or a tool key (the admin pages,
  dynamic registration, an unknown deployment recorded at launch, ``flask lti rotate-key``, a bulk
  ``Platform.query.update(...)``) sets a new version when its transaction commits (session events below: they
  only drop caches, they change no data);
- a worker compares its snapshot's version with the shared one once per request (one GET) and reloads on a
  difference; this worker's own snapshots are dropped at once.

An edit that bypasses the ORM (psql) is seen within ``MAX_AGE`` seconds. When the store cannot be read, the
snapshot is used until ``MAX_AGE`` and then reloaded from the database.
"""
import logging
import time
import uuid
from itertools import chain

from flask import current_app, has_app_context, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..state import store

log = logging.getLogger(__name__)

VERSION_KEY = "lti-config-version"
VERSION_TTL = 30 * 24 * 3600
MAX_AGE = 60.0  # seconds a snapshot is trusted without any sign of change
_CHANGED = "latih_lti_config_changed"
_ENVIRON_KEY = "latih.lti_config_version"  # the version read in this request (the request's own environ)


class _Entry:
    __slots__ = ("value", "version", "loaded_at")

    def __init__(self, value, version):
        self.value, self.version, self.loaded_at = value, version, time.monotonic()


def _snapshots():
    return current_app.extensions.setdefault("latih_lti_snapshots", {"entries": {}})


def shared_version():
    """The version in the shared store (read once per request); None when the store cannot be read."""
    if has_request_context() and _ENVIRON_KEY in request.environ:
        return request.environ[_ENVIRON_KEY]
    try:
        version = store().get(VERSION_KEY) or "0"
    except Exception as exc:  # the store is down: the snapshot ages out after MAX_AGE instead
        log.warning("Registration cache: shared store unreadable (%s)", exc.__class__.__name__)
        version = None
    if has_request_context():
        request.environ[_ENVIRON_KEY] = version
    return version


def snapshot(name, load, stale_ok=False):
    """The value ``load()`` returned, reloaded when the shared version moved or after MAX_AGE.

    With ``stale_ok``, a reload that fails (database unreachable) returns the old snapshot instead of raising.
    """
    snaps = _snapshots()
    entry = snaps["entries"].get(name)
    version = shared_version()
    fresh = (entry is not None and time.monotonic() - entry.loaded_at < MAX_AGE
             and (version is None or version == entry.version))
    if fresh:
        return entry.value
    try:
        value = load()
    except Exception:
        if stale_ok and entry is not None:
            log.warning("Serving the last known %s: reload failed", name)
            return entry.value
        raise
    snaps["entries"][name] = _Entry(value, version)
    return value


def peek(name):
    """The last snapshot of ``name`` whatever its age, or None."""
    entry = _snapshots()["entries"].get(name)
    return None if entry is None else entry.value


def drop(name):
    """Forget this process's snapshot of ``name`` (the next lookup reloads it)."""
    _snapshots()["entries"].pop(name, None)


def changed():
    """Registrations, deployments or keys changed: drop this process's snapshots and tell the others."""
    if not has_app_context():
        return
    _snapshots()["entries"].clear()
    if has_request_context():
        request.environ.pop(_ENVIRON_KEY, None)
    try:
        store().set(VERSION_KEY, uuid.uuid4().hex, VERSION_TTL)
    except Exception as exc:
        log.warning("Registration cache: could not announce a change (%s); others see it within %s s",
                    exc.__class__.__name__, MAX_AGE)


# --- noticing changes made through the ORM -------------------------------------------------------------------

def _watched():
    from .models import Deployment, Platform, ToolKey

    return (Platform, Deployment, ToolKey)


def _after_flush(session, _context):
    watched = _watched()
    if any(isinstance(obj, watched) for obj in chain(session.new, session.dirty, session.deleted)):
        session.info[_CHANGED] = True


def _bulk(state):
    if (state.is_update or state.is_delete) and any(m.class_ in _watched() for m in state.all_mappers):
        state.session.info[_CHANGED] = True


def _after_commit(session):
    if session.info.pop(_CHANGED, False):
        changed()


def _after_rollback(session):
    session.info.pop(_CHANGED, None)


def install():
    """Listen to every ORM session once per process (called when the lti blueprint is registered)."""
    for name, listener in (("after_flush", _after_flush), ("do_orm_execute", _bulk),
                           ("after_commit", _after_commit), ("after_rollback", _after_rollback)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
