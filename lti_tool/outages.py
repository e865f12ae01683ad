"""Our own storage failing — the database or Redis unreachable — told apart from a bug and from a refusal.

Such a failure is nobody's fault in the request: not the platform's, not the learner's. The error pages answer it
with 503 and Retry-After (``errors.py``), and a launch refused while it happened is answered the same way
(``lti.refusal``), never with a message that blames the platform or shows an internal address.
"""
from sqlalchemy import exc as sa_exc

try:
    from redis import exceptions as redis_exc
except ImportError:  # pragma: no cover - redis is a dependency, but the tool runs without a Redis server
    redis_exc = None

DATABASE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError, sa_exc.TimeoutError)
REDIS = (redis_exc.ConnectionError, redis_exc.TimeoutError) if redis_exc else ()


def kind(exc):
    """"database" or "redis" when ``exc`` is our storage being unreachable, else None."""
    if isinstance(exc, DATABASE) or (isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated):
        return "database"
    if REDIS and isinstance(exc, REDIS):
        return "redis"
    return None


def outage_in(exc, depth=12):
    """The storage failure behind ``exc`` (itself, or what it was raised from or while handling), or None."""
    seen = set()
    while exc is not None and depth > 0 and id(exc) not in seen:
        if kind(exc):
            return exc
        seen.add(id(exc))
        exc, depth = exc.__cause__ or exc.__context__, depth - 1
    return None
