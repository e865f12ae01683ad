"""The outbox's side of a batch: claiming due rows for one worker, and writing back what became of them.

A claim is one compare-and-set UPDATE … RETURNING with a lease (``claimed_until``; on PostgreSQL the candidates are
read ``FOR UPDATE SKIP LOCKED`` in a materialized CTE); the outcomes are written in one transaction, one UPDATE per
group of like outcomes.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app

from ..clock import utcnow
from ..extensions import db
from .models import DELIVERED, PENDING, SENDING, Score

LEASE_SECONDS = 120  # LATIH_GRADE_LEASE overrides it
RETRY, RELEASED, ERROR = "pending", "released", "error"


@dataclass(frozen=True)
class Outcome:
    """What became of one claimed row; written back by ``record``."""

    id: int
    status: str  # DELIVERED, SUPERSEDED, FAILED, RETRY, RELEASED (not sent: our own fault) or ERROR (a bug)
    error: str = ""
    http_status: int | None = None
    retry_at: object = None


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


def _count(outcomes):
    counts = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    return counts
