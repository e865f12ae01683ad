"""Liveness and readiness, for a process supervisor and a load balancer.

``GET /healthz`` (liveness): the process answers requests. Always 200, touches neither the database nor Redis: a
supervisor that restarts the tool when its database is down would only add restarts to the outage.

``GET /readyz`` (readiness): 200 when the tool can serve, 503 when it cannot. The database is required: without it
no page works (503, ``"status": "unavailable"``). Redis, when ``REDIS_URL`` is set, holds the launch state and
nonces as well as caches: without it the caches fall back to each process's memory and learners already in an
activity go on working, but no new launch can be accepted. That is ``"status": "degraded"`` with 200 and
``"launches": "unavailable"`` — pulling this instance out of a load balancer would not help, as every instance
shares the same Redis.
"""
import logging

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from .extensions import db
from .state import store

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


def _database():
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception as exc:
        db.session.rollback()
        log.error("Readiness: database unreachable: %s", exc.__class__.__name__)
        return "unreachable"


def _redis():
    try:
        store().ping()
        return "ok"
    except Exception as exc:
        log.warning("Readiness: Redis unreachable: %s", exc.__class__.__name__)
        return "unreachable"


@bp.get("/readyz")
def readyz():
    checks = {"database": _database()}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _redis()
    if checks["database"] != "ok":
        return jsonify(status="unavailable", checks=checks, launches="unavailable"), 503
    if checks.get("redis", "ok") != "ok":
        # Launch state and nonces live in Redis when it is configured: new launches wait for it (503 page).
        return jsonify(status="degraded", checks=checks, launches="unavailable"), 200
    return jsonify(status="ok", checks=checks, launches="ok"), 200
