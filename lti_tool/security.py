"""Secret key, proxy awareness and the security headers every response carries."""
import os
import secrets
import time
from urllib.parse import urlsplit

from flask import request
from werkzeug.middleware.proxy_fix import ProxyFix

_ORIGINS_TTL = 10.0  # seconds a process trusts its list of framing origins


def init_app(app):
    _secret_key(app)
    if app.config.get("LATIH_PROXY_FIX"):
        n = int(app.config["LATIH_PROXY_FIX"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n, x_prefix=n)
    app.after_request(_headers)
    app.extensions["latih_frame_origins"] = {"at": 0.0, "origins": ()}


def _secret_key(app):
    if app.config.get("SECRET_KEY"):
        return
    if app.config.get("REQUIRE_SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set in the environment in production.")
    # Development: one key per instance folder, shared by every worker process.
    path = os.path.join(app.instance_path, "secret_key")
    os.makedirs(app.instance_path, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    except FileExistsError:
        pass
    with open(path) as fh:
        app.config["SECRET_KEY"] = fh.read().strip()


def origin_of(url):
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def invalidate_frame_origins(app):
    app.extensions["latih_frame_origins"]["at"] = 0.0


def frame_origins(app):
    """Origins of the registered platforms, which alone may frame the tool (cached a few seconds)."""
    cache = app.extensions["latih_frame_origins"]
    if time.monotonic() - cache["at"] > _ORIGINS_TTL:
        from .lti.models import Platform

        try:
            issuers = [row.issuer for row in Platform.query.filter_by(active=True).with_entities(Platform.issuer)]
        except Exception:  # no database yet: frame nothing
            issuers = []
        cache["origins"] = tuple(sorted({o for o in map(origin_of, issuers) if o}))
        cache["at"] = time.monotonic()
    return cache["origins"]


def _headers(response):
    from flask import current_app, g

    if request.path.startswith("/admin/") or g.get("never_framed"):
        ancestors = "'none'"  # the admin area and standalone pages (g.never_framed) are never framed (clickjacking)
    elif request.blueprint == "health":
        ancestors = "'none'"  # never framed, and liveness must not ask the database for the platforms' origins
    else:
        extra = getattr(g, "frame_origins_extra", ())
        ancestors = " ".join(("'self'",) + frame_origins(current_app) + tuple(extra))
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"object-src 'none'; base-uri 'self'; frame-ancestors {ancestors}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    # A page whose URL carries a secret (a reviewer's personal link) sets g.referrer_policy = "no-referrer".
    response.headers["Referrer-Policy"] = g.get("referrer_policy", "strict-origin-when-cross-origin")
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    if current_app.config.get("LATIH_EXPOSE_WORKER"):
        response.headers["X-Latih-Worker"] = str(os.getpid())
    return response
