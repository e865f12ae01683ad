"""``GET /healthz``: 200 when the database (and Redis, when configured) answer, 503 when not."""
import logging

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from .extensions import db
from .state import store

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz():
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:
        db.session.rollback()
        log.error("Health check: database unreachable: %s", exc.__class__.__name__)
        checks["database"] = "unreachable"
    if current_app.config.get("REDIS_URL"):
        try:
            store().ping()
            checks["redis"] = "ok"
        except Exception as exc:
            log.error("Health check: redis unreachable: %s", exc.__class__.__name__)
            checks["redis"] = "unreachable"
    healthy = all(v == "ok" for v in checks.values())
    return jsonify(status="ok" if healthy else "unavailable", checks=checks), 200 if healthy else 503
