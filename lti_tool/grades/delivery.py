"""Delivering the outbox to the platform's AGS: at least once, newest score only, with backoff.

Workers claim rows with a lease (``claimed_until``); a worker killed mid-delivery leaves its rows
``sending`` until the lease passes, then another worker sends them again — harmless, because AGS keeps
the newest score by timestamp. Claims are compare-and-set updates, so two workers never send the same
row at the same moment; on PostgreSQL the candidates are read ``FOR UPDATE SKIP LOCKED``.
"""
import logging
import random
import threading
from datetime import timedelta

import requests
from flask import current_app

from ..clock import utcnow
from ..extensions import db
from .ags import ServiceError, find_or_create_lineitem, post_score, retry_after_seconds, score_body
from .models import DELIVERED, FAILED, PENDING, SENDING, SUPERSEDED, Score
from .tokens import TokenError

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=120)
BACKOFF_BASE, BACKOFF_CAP = 2.0, 3600.0
_local = threading.local()


def _http():
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
        _local.session.headers["User-Agent"] = "Latih/1 (LTI 1.3 tool)"
    return _local.session


def _due(now):
    return db.or_(
        db.and_(Score.status == PENDING, Score.next_attempt_at <= now),
        db.and_(Score.status == SENDING, Score.claimed_until < now),
    )


def claim(limit=50, ids=None):
    """Take up to ``limit`` due rows (or exactly ``ids``) for this worker. Returns the ids it won."""
    now = utcnow()
    query = db.select(Score.id).where(_due(now)).order_by(Score.next_attempt_at, Score.id).limit(limit)
    if ids is not None:
        query = query.where(Score.id.in_(ids))
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    candidates = db.session.execute(query).scalars().all()
    won = []
    for score_id in candidates:
        result = db.session.execute(
            db.update(Score)
            .where(Score.id == score_id, _due(now))
            .values(status=SENDING, claimed_until=now + LEASE, attempts=Score.attempts + 1)
        )
        if result.rowcount == 1:
            won.append(score_id)
    db.session.commit()
    return won


def _backoff(attempts, retry_after=None):
    delay = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, attempts - 1)) * random.uniform(0.5, 1.5)
    return max(delay, retry_after or 0.0)


def _finish(score, status, error=""):
    score.status, score.last_error, score.claimed_until = status, error[:1000], None
    if status == DELIVERED:
        score.delivered_at = utcnow()
    db.session.commit()


def _retry_later(score, error, retry_after=None):
    score.status, score.last_error, score.claimed_until = PENDING, error[:1000], None
    score.next_attempt_at = utcnow() + timedelta(seconds=_backoff(score.attempts, retry_after))
    db.session.commit()


def deliver(score_id):
    """Send one claimed row. Returns its new status."""
    score = db.session.get(Score, score_id)
    if score is None or score.status != SENDING:
        return None
    newer = db.session.query(Score.id).filter(
        Score.target == score.target, Score.user_id == score.user_id, Score.timestamp > score.timestamp
    ).first()
    if newer is not None:
        _finish(score, SUPERSEDED, "a newer score replaces it")
        return SUPERSEDED
    http = _http()
    try:
        lineitem = score.lineitem_url or find_or_create_lineitem(
            http, score.platform, score.lineitems_url or "", score.resource_id, score.label, score.score_maximum,
            tag=score.activity.kind if score.activity else "",
        )
        resp = post_score(http, score.platform, lineitem, score_body(score, score.user.sub))
    except (TokenError, ServiceError) as exc:
        if exc.retryable:
            _retry_later(score, str(exc), getattr(exc, "retry_after", None))
            return PENDING
        _finish(score, FAILED, str(exc))
        return FAILED
    except requests.RequestException as exc:
        _retry_later(score, f"platform unreachable: {exc.__class__.__name__}")
        return PENDING
    if 200 <= resp.status_code < 300:
        _finish(score, DELIVERED)
        return DELIVERED
    reason = (resp.text or "").strip()[:500] or resp.reason or ""
    if resp.status_code == 409:  # Moodle already has a score at least as new: this one was superseded
        _finish(score, SUPERSEDED, f"HTTP 409 {reason}".strip())
        return SUPERSEDED
    if resp.status_code == 429 or resp.status_code >= 500:

        _retry_later(score, f"HTTP {resp.status_code} {reason}".strip(), retry_after_seconds(resp))
        return PENDING
    _finish(score, FAILED, f"HTTP {resp.status_code} {reason}".strip())
    return FAILED


def deliver_due(limit=50, ids=None):
    """Claim and send one batch. Returns {status: count}."""
    counts = {}
    for score_id in claim(limit, ids):
        try:
            status = deliver(score_id)
        except Exception:  # never leave a row claimed because of a bug: the lease will free it anyway
            db.session.rollback()
            log.exception("Delivering score %s failed", score_id)
            status = "error"
        counts[status] = counts.get(status, 0) + 1
    return counts


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
            finally:
                db.session.remove()

    thread = threading.Thread(target=run, name="latih-deliver", daemon=True)
    thread.start()
    return thread


def status_counts():
    rows = db.session.query(Score.status, db.func.count(Score.id)).group_by(Score.status).all()
    return {status: count for status, count in rows}
