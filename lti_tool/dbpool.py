"""Database connections are checked before use only when they sat idle in the pool long enough to have gone stale.

``pool_pre_ping`` pings on *every* checkout: a round trip (``SELECT 1``) per request, about a tenth of a
millisecond of this process's CPU and some of the database's, on every page and launch. A connection goes stale
when the server restarted or a firewall or pooler dropped it while nobody used it: that takes time without use.
So a connection that came back to the pool less than ``PING_AFTER_IDLE`` seconds ago is handed out as it is, and
an older one is pinged first and, if the ping fails, replaced by a fresh one before the request sees it (as
``pool_pre_ping`` does). Under load connections come back within milliseconds and are never pinged; a quiet site
pings as before. What is given up: a connection that breaks within ``PING_AFTER_IDLE`` seconds of its last use
(the database restarted during a busy moment) fails the one request that takes it; SQLAlchemy then drops every
connection of the pool made before that failure, so each worker sees at most one such request.
"""
import time

from sqlalchemy import event, exc

PING_AFTER_IDLE = 2.0  # seconds
_RETURNED = "latih_returned_at"


def init_app(app, db):
    """Listen on the app's engine(s) (instead of ``pool_pre_ping``, which config/default.py leaves off)."""
    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        if not event.contains(engine, "checkin", _checked_in):
            event.listen(engine, "checkin", _checked_in)
            event.listen(engine, "checkout", _pinger(engine.dialect))


def _checked_in(_dbapi_connection, record):
    if record is not None:
        record.info[_RETURNED] = time.monotonic()


def _pinger(dialect):
    def checkout(dbapi_connection, record, _proxy):
        returned = record.info.get(_RETURNED)
        if returned is None or time.monotonic() - returned < PING_AFTER_IDLE:
            return  # just connected, or in use a moment ago
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            # The pool discards this connection and checks out another (a new one if need be).
            raise exc.DisconnectionError(f"stale connection: {error.__class__.__name__}") from error

    return checkout
