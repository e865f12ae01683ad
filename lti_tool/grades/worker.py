"""The grade worker's loop and the delivery started right after a response.

``run_worker`` rides out database and Redis outages: what it has sent is kept in memory and written first when
the database is back, so nothing is lost and nothing it has sent is claimed and sent again. While no score is due
it also runs the invitation jobs the kinds registered (``invitations.due``), at most once a minute.
"""
import threading

from flask import current_app

from ..extensions import db
from ..invitations import due
from .delivery import (
    INFRASTRUCTURE,
    OUTAGE_BASE,
    OUTAGE_CAP,
    RELEASED,
    RedisError,
    _count,
    _reset_session,
    claim,
    deliver_due,
    log,
    record,
    send,
)
from .models import Score


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
                due.run_if_time()  # invitations due on their dates (registered by the kinds)
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
