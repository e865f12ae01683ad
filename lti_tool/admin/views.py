"""The tool's admin area (registrations, deployments, registration links)."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
def index():
    return "admin"
