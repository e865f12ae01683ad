"""Delivering the outbox to the platform's AGS: at least once, newest score only, with backoff.

A batch is: one query claims up to N due rows (a compare-and-set UPDATE … RETURNING with a lease,
``claimed_until``; on PostgreSQL the candidates are read ``FOR UPDATE SKIP LOCKED``), one query reads them with
their user and platform, one finds those a newer score replaces; then the scores are sent over one kept-alive
HTTP session with a cached token, and the results are written back in one transaction (one UPDATE for all the
delivered rows, one per other group). Two workers never send the same row at the same moment.

A worker killed mid-delivery leaves its rows ``sending`` until the lease passes, then another worker sends
them again — harmless, because Moodle keeps the newest score by timestamp (and answers 409 to the same one).
The loop that runs batches (``worker.run_worker``) and the send right after a response (``worker.deliver_soon``)
live in ``worker.py``.
"""
import logging
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import timedelta

import requests
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import aliased, joinedload

from ..clock import utcnow
from ..extensions import db
from ..lti.addresses import policy_from
from ..lti.fetch import guarded_session
from .ags import ServiceError, answer_head, find_or_create_lineitem, post_score, retry_after_seconds, score_body
from .claims import ERROR, RELEASED, RETRY, Outcome, _count, claim, record
from .models import DELIVERED, FAILED, SENDING, SUPERSEDED, Score
from .tokens import TokenError

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency, but the tool runs without a Redis server
    class RedisError(Exception):
        pass

log = logging.getLogger(__name__)

BACKOFF_BASE, BACKOFF_CAP = 2.0, 3600.0  # a platform's faults
OUTAGE_BASE, OUTAGE_CAP = 0.5, 30.0  # the worker's own database or Redis being unreachable
CONCURRENCY = 4  # scores of a batch in flight at once (LATIH_GRADE_CONCURRENCY; 1 sends one by one)
INFRASTRUCTURE = (SQLAlchemyError, RedisError)  # our own storage failing: nothing was sent
_local = threading.local()


def _http():
    """This thread's kept-alive session, bound by the outbound address policy (made anew when the policy changes)."""
    session = getattr(_local, "session", None)
    if session is None or session.latih_policy != policy_from(current_app.config):
        session = _local.session = guarded_session()
        session.headers["User-Agent"] = "Latih/1 (LTI 1.3 tool)"
    return session


def _backoff(attempts, retry_after=None):
    delay = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, attempts - 1)) * random.uniform(0.5, 1.5)
    return max(delay, retry_after or 0.0)


@dataclass(frozen=True)
class PlatformRef:
    """What the token and service calls need of a registration, read before sending (no lazy loads mid-batch)."""

    id: int
    issuer: str
    client_id: str
    auth_token_url: str
    auth_audience: str | None


@dataclass(frozen=True)
class Job:
    id: int
    attempts: int
    platform: PlatformRef
    lineitem_url: str | None
    lineitems_url: str
    resource_id: str
    label: str
    score_maximum: object
    tag: str
    body: dict


def _jobs(ids):
    """The claimed rows still ``sending`` as plain values, and the outcomes of those a newer score replaces."""
    rows = db.session.execute(
        db.select(Score).where(Score.id.in_(ids), Score.status == SENDING)
        .options(joinedload(Score.user), joinedload(Score.platform), joinedload(Score.activity))
    ).scalars().all()
    newer = aliased(Score)
    replaced = set(db.session.execute(
        db.select(Score.id).where(Score.id.in_(ids)).where(
            db.select(newer.id).where(newer.target == Score.target, newer.user_id == Score.user_id,
                                      newer.timestamp > Score.timestamp).exists())
    ).scalars())
    jobs, outcomes = [], []
    for score in sorted(rows, key=lambda s: s.id):
        if score.id in replaced:
            outcomes.append(Outcome(score.id, SUPERSEDED, "a newer score replaces it"))
            continue
        p = score.platform
        jobs.append(Job(
            id=score.id, attempts=score.attempts,
            platform=PlatformRef(p.id, p.issuer, p.client_id, p.auth_token_url, p.auth_audience),
            lineitem_url=score.lineitem_url, lineitems_url=score.lineitems_url or "", resource_id=score.resource_id,
            label=score.label, score_maximum=score.score_maximum, tag=score.activity.kind if score.activity else "",
            body=score_body(score, score.user.sub),
        ))
    db.session.rollback()  # end the read transaction: nothing is held while the platform answers
    return jobs, outcomes


def _fault(job, http_status, message, body, retryable, retry_after=None):
    """Log a failed send at WARNING (platform, status, the answer's first 300 bytes) and decide what follows."""
    log.warning("Score %s not accepted by %s (client %s): HTTP %s, %s; answer: %r", job.id, job.platform.issuer,
                job.platform.client_id, http_status if http_status is not None else "-",
                "will retry" if retryable else "refused", (body or message)[:300])
    if retryable:
        retry_at = utcnow() + timedelta(seconds=_backoff(job.attempts, retry_after))
        return Outcome(job.id, RETRY, message, http_status, retry_at)
    return Outcome(job.id, FAILED, message, http_status)


def _failure(job, exc):
    """The outcome of a send that raised: the platform's fault (retry or refusal) or our own (released)."""
    if isinstance(exc, (TokenError, ServiceError)):
        return _fault(job, exc.status, str(exc), exc.body, exc.retryable, getattr(exc, "retry_after", None))
    if isinstance(exc, requests.RequestException):
        return _fault(job, None, f"platform unreachable: {exc.__class__.__name__}", repr(exc), True)
    if isinstance(exc, INFRASTRUCTURE):  # our database or Redis failed before the score was sent
        log.warning("Score %s not sent: %s unavailable (%s)", job.id,
                    "Redis" if isinstance(exc, RedisError) else "the database", exc.__class__.__name__)
        return Outcome(job.id, RELEASED, "")
    raise exc


_EXPECTED = (TokenError, ServiceError, requests.RequestException, *INFRASTRUCTURE)


def _with_lineitems(http, jobs):
    """Jobs without a line item URL get theirs, found or created once per line item (before sending in parallel,
    so that two threads never create the same column). Returns (ready jobs, outcomes of those that failed)."""
    found, ready, outcomes = {}, [], []
    for job in jobs:
        if job.lineitem_url:
            ready.append(job)
            continue
        key = (job.platform.id, job.lineitems_url, job.resource_id)
        if key not in found:
            try:
                found[key] = find_or_create_lineitem(http, job.platform, job.lineitems_url, job.resource_id,
                                                     job.label, job.score_maximum, tag=job.tag)
            except _EXPECTED as exc:
                found[key] = exc
        if isinstance(found[key], Exception):
            outcomes.append(_failure(job, found[key]))
        else:
            ready.append(replace(job, lineitem_url=found[key]))
    return ready, outcomes


def _send(http, job):
    try:
        resp = post_score(http, job.platform, job.lineitem_url, job.body)
    except _EXPECTED as exc:
        return _failure(job, exc)
    if 200 <= resp.status_code < 300:
        return Outcome(job.id, DELIVERED, "", resp.status_code)
    body = answer_head(resp)
    message = f"HTTP {resp.status_code} {body.strip()[:300] or resp.reason or ''}".strip()
    if resp.status_code == 409:  # Moodle already has a score at least as new: this one was superseded
        log.info("Score %s superseded in %s: %s", job.id, job.platform.issuer, message)
        return Outcome(job.id, SUPERSEDED, message, 409)
    retryable = resp.status_code == 429 or resp.status_code >= 500
    return _fault(job, resp.status_code, message, body, retryable, retry_after_seconds(resp))


def send(ids):
    """Send claimed rows to their platforms. Returns one Outcome per row; writes nothing.

    Never raises for our own database or Redis: rows that could not be sent come back RELEASED.
    """
    if not ids:
        return []
    try:
        jobs, outcomes = _jobs(ids)
    except INFRASTRUCTURE as exc:
        log.warning("Claimed scores not read (%s): released", exc.__class__.__name__)
        _reset_session()
        return [Outcome(i, RELEASED) for i in ids]
    try:
        jobs, failed = _with_lineitems(_http(), jobs)
    except Exception:  # a bug: these rows stay claimed until their lease passes
        log.exception("Finding the line items of scores %s failed", [job.id for job in jobs])
        return outcomes + [Outcome(job.id, ERROR) for job in jobs]
    outcomes += failed
    parallel = min(len(jobs), int(current_app.config.get("LATIH_GRADE_CONCURRENCY") or CONCURRENCY))
    if parallel <= 1:
        return outcomes + [_send_one(job) for job in jobs]
    # One row per (user, line item) in a batch (older ones are superseded above), so order within it is free.
    app = current_app._get_current_object()

    def in_context(job):
        with app.app_context():
            return _send_one(job)

    with ThreadPoolExecutor(parallel, thread_name_prefix="latih-send") as pool:
        return outcomes + list(pool.map(in_context, jobs))


def _send_one(job):
    try:
        return _send(_http(), job)
    except Exception:  # a bug: the row stays claimed until its lease passes, the batch goes on
        log.exception("Delivering score %s failed", job.id)
        return Outcome(job.id, ERROR)


def deliver(score_id):
    """Send one claimed row. Returns its new status."""
    outcomes = send([score_id])
    record(outcomes)
    return outcomes[0].status if outcomes else None


def deliver_due(limit=50, ids=None):
    """Claim and send one batch. Returns {status: count}."""
    outcomes = send(claim(limit, ids))
    record(outcomes)
    return _count(outcomes)


def _reset_session():
    try:
        db.session.rollback()
    except Exception:  # the connection is gone: dropping the session is enough
        pass
    db.session.remove()
