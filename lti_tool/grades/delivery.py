"""Delivering the outbox to the platform's AGS: at least once, newest score only, with backoff.

A batch is: one query claims up to N due rows (a compare-and-set UPDATE … RETURNING with a lease,
``claimed_until``; on PostgreSQL the candidates are read ``FOR UPDATE SKIP LOCKED``), one query reads them with
their user and platform, one finds those a newer score replaces; then the scores are sent over one kept-alive
HTTP session with a cached token, and the results are written back in one transaction (one UPDATE for all the
delivered rows, one per other group). Two workers never send the same row at the same moment.

A worker killed mid-delivery leaves its rows ``sending`` until the lease passes, then another worker sends
them again — harmless, because Moodle keeps the newest score by timestamp (and answers 409 to the same one).
``run_worker`` rides out database and Redis outages: what it has sent is kept in memory and written first when
the database is back, so nothing is lost and nothing it has sent is claimed and sent again.
"""
import logging
import random
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import timedelta

import requests
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import aliased, joinedload

from ..clock import utcnow
from ..extensions import db
from .ags import ServiceError, answer_head, find_or_create_lineitem, post_score, retry_after_seconds, score_body
from .models import DELIVERED, FAILED, PENDING, SENDING, SUPERSEDED, Score
from .tokens import TokenError

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency, but the tool runs without a Redis server
    class RedisError(Exception):
        pass

log = logging.getLogger(__name__)

LEASE_SECONDS = 120  # LATIH_GRADE_LEASE overrides it
BACKOFF_BASE, BACKOFF_CAP = 2.0, 3600.0  # a platform's faults
OUTAGE_BASE, OUTAGE_CAP = 0.5, 30.0  # the worker's own database or Redis being unreachable
RETRY, RELEASED, ERROR = "pending", "released", "error"
CONCURRENCY = 4  # scores of a batch in flight at once (LATIH_GRADE_CONCURRENCY; 1 sends one by one)
INFRASTRUCTURE = (SQLAlchemyError, RedisError)  # our own storage failing: nothing was sent
_local = threading.local()


def _http():
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
        _local.session.headers["User-Agent"] = "Latih/1 (LTI 1.3 tool)"
    return _local.session


def _lease():
    return timedelta(seconds=float(current_app.config.get("LATIH_GRADE_LEASE") or LEASE_SECONDS))


def _due(now):
    return db.or_(
        db.and_(Score.status == PENDING, Score.next_attempt_at <= now),
        db.and_(Score.status == SENDING, Score.claimed_until < now),
    )


def claim(limit=50, ids=None):
    """Take up to ``limit`` due rows (or only among ``ids``) for this worker, in one query. Returns the ids won."""
    now = utcnow()
    candidates = db.select(Score.id).where(_due(now)).order_by(Score.next_attempt_at, Score.id).limit(limit)
    if ids is not None:
        candidates = candidates.where(Score.id.in_(list(ids)))
    if db.engine.dialect.name == "postgresql":
        # In a materialized CTE: as a plain IN (subquery), PostgreSQL may run the SKIP LOCKED subquery again
        # and so claim more than ``limit`` rows.
        candidates = candidates.with_for_update(skip_locked=True).cte("due").prefix_with("MATERIALIZED")
        candidates = db.select(candidates.c.id)
    statement = (
        db.update(Score)
        .where(Score.id.in_(candidates.scalar_subquery()), _due(now))  # compare-and-set: still due
        .values(status=SENDING, claimed_until=now + _lease(), attempts=Score.attempts + 1)
        .returning(Score.id)
        .execution_options(synchronize_session=False)
    )
    won = sorted(db.session.execute(statement).scalars().all())
    db.session.commit()
    return won


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


@dataclass(frozen=True)
class Outcome:
    """What became of one claimed row; written back by ``record``."""

    id: int
    status: str  # DELIVERED, SUPERSEDED, FAILED, RETRY, RELEASED (not sent: our own fault) or ERROR (a bug)
    error: str = ""
    http_status: int | None = None
    retry_at: object = None


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


def record(outcomes):
    """Write the outcomes in one transaction: one UPDATE per group of like outcomes, per row for retries.

    Only rows still ``sending`` are changed, so writing the same outcomes twice (the first commit's answer
    lost in an outage) changes nothing more.
    """
    now = utcnow()
    groups = defaultdict(list)
    for o in outcomes:
        if o.status == RETRY:
            _update([o.id], status=PENDING, last_error=o.error[:1000], last_status=o.http_status,
                    claimed_until=None, next_attempt_at=o.retry_at)
        elif o.status != ERROR:
            groups[(o.status, o.error, o.http_status)].append(o.id)
    for (status, error, http_status), ids in groups.items():
        if status == RELEASED:  # not the platform's fault: the try does not count
            _update(ids, status=PENDING, claimed_until=None, attempts=Score.attempts - 1)
        elif status == DELIVERED:
            _update(ids, status=DELIVERED, delivered_at=now, claimed_until=None, last_error="",
                    last_status=http_status)
        else:
            _update(ids, status=status, claimed_until=None, last_error=error[:1000], last_status=http_status)
    db.session.commit()


def _update(ids, **values):
    db.session.execute(
        db.update(Score).where(Score.id.in_(ids), Score.status == SENDING).values(**values)
        .execution_options(synchronize_session=False)
    )


def _count(outcomes):
    counts = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    return counts


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


def run_worker(stop, *, batch=50, idle=2.0, once=False, report=None):
    """Deliver until ``stop`` (a threading.Event) is set, or, with ``once``, until nothing is due.

    Database and Redis outages of any length are ridden out: logged, waited out with a capped backoff
    (``OUTAGE_BASE`` doubling up to ``OUTAGE_CAP`` seconds), and the outcomes of scores already sent are kept
    and written before anything new is claimed. ``report(counts)`` is called after each batch. Returns the totals.
    """
    totals, unrecorded, pause = {}, [], 0.0

    def tally(outcomes):
        counts = _count(outcomes)
        for status, n in counts.items():
            totals[status] = totals.get(status, 0) + n
        if report:
            report(counts)
        return counts

    while not stop.is_set():
        try:
            if unrecorded:  # sent before the outage: written first, so they are never claimed and sent again
                record(unrecorded)
                log.warning("Grade worker: %d results kept through the outage are written", len(unrecorded))
                tally(unrecorded)
                unrecorded = []
            won = claim(batch)
            if not won:
                pause = 0.0
                if once:
                    break
                db.session.remove()
                stop.wait(idle)
                continue
            unrecorded = send(won)
            record(unrecorded)
            counts, unrecorded = tally(unrecorded), []
            if RELEASED not in counts:
                pause = 0.0
                continue
            trouble = "Redis or the database failed while sending"
        except INFRASTRUCTURE as exc:
            trouble = f"{'Redis' if isinstance(exc, RedisError) else 'the database'} unavailable " \
                      f"({exc.__class__.__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''})"
        except Exception:
            log.exception("Grade worker: unexpected error")
            trouble = "unexpected error"
        _reset_session()
        pause = min(OUTAGE_CAP, max(OUTAGE_BASE, pause * 2))
        log.warning("Grade worker: %s; %d sent scores kept to record; next try in %.1f s", trouble,
                    len(unrecorded), pause)
        stop.wait(pause)
    _reset_session()
    return totals


def deliver_soon(score_ids):
    """Start delivering right after the response, without making the user wait (the worker picks up the rest)."""
    if not score_ids or not current_app.config["LATIH_DELIVER_AFTER_REQUEST"]:
        return None
    app = current_app._get_current_object()
    ids = list(score_ids)

    def run():
        with app.app_context():
            try:
                deliver_due(limit=len(ids), ids=ids)
            except Exception:  # the worker delivers them later
                log.warning("Delivering scores %s right away failed; the worker will send them", ids, exc_info=True)
            finally:
                db.session.remove()

    thread = threading.Thread(target=run, name="latih-deliver", daemon=True)
    thread.start()
    return thread


def status_counts():
    rows = db.session.query(Score.status, db.func.count(Score.id)).group_by(Score.status).all()
    return {status: count for status, count in rows}
