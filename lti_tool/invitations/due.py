"""Invitations that go out on their dates by themselves: a kind registers a job (``register``) in its ``init_app``;
the grade worker's loop (``flask grades deliver``, always running next to the web server) runs every registered job
at most once per ``LATIH_DUE_JOBS_EVERY`` seconds (default 60; 0 turns it off) while it has no score to send, and a
kind may offer a command that runs its job once (the feedback kind's ``flask feedback send-due``).

A job ``job(now) -> int`` (how many invitations it sent) must be idempotent and safe with several workers at once:
it claims what it sends with a row-level claim, so a wave is never sent twice. A job that fails is logged and tried
again on the next turn; it never stops the grade worker.
"""
import logging
import time

from flask import current_app

from ..clock import utcnow
from ..extensions import db

log = logging.getLogger(__name__)
DEFAULT_EVERY = 60.0
KEY = "latih_due_jobs"


def register(app, name, job):
    app.extensions.setdefault(KEY, {})[name] = job


def jobs(app=None):
    return dict((app or current_app).extensions.get(KEY, {}))


def run_due(now=None):
    """Run every registered job now: ``{name: invitations sent}`` (a failed job: -1, logged)."""
    done = {}
    for name, job in jobs().items():
        try:
            done[name] = job(now or utcnow())
        except Exception:
            db.session.rollback()
            log.exception("Due invitations: the job %s failed; it runs again on the next turn", name)
            done[name] = -1
    return done


def run_if_time():
    """From a loop: run the jobs when ``LATIH_DUE_JOBS_EVERY`` seconds have passed since the last run here."""
    app = current_app._get_current_object()
    every = float(app.config.get("LATIH_DUE_JOBS_EVERY", DEFAULT_EVERY) or 0)
    if every <= 0 or not jobs(app):
        return None
    clock = app.extensions.setdefault("latih_due_jobs_at", {"at": None})
    if clock["at"] is not None and time.monotonic() - clock["at"] < every:
        return None
    clock["at"] = time.monotonic()
    return run_due()
