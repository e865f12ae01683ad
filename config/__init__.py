"""Configuration: defaults, a per-environment override, then the environment.

Nothing here runs at import time of the application package; ``load`` is
called by ``create_app``. Secrets come only from the environment (or, for a
development machine, from files generated under ``instance/``).
"""
import importlib
import os
from urllib.parse import urlsplit

ENV_PREFIX = "LATIH_"
MIN_ADMIN_PASSWORD = 10  # characters, for every admin account (LATIH_ADMIN_PASSWORD and flask admin create-user)
MIN_REQUEST_BYTES = 1024 * 1024  # MAX_CONTENT_LENGTH below this would refuse the tool's own forms


class ConfigError(RuntimeError):
    """A setting that cannot work; the message names the setting and the rule, and is shown as it is."""

# Settings that may be given in the environment, with the type to parse them as.
# Every one is documented in README.md ("Configuration reference").
ENV_SETTINGS = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "REDIS_URL": str,
    "LATIH_REDIS_PREFIX": str,
    "LATIH_ENV": str,
    "LATIH_BASE_URL": str,
    "LATIH_PROXY_FIX": int,
    "LATIH_KEY_GRACE_DAYS": int,
    "LATIH_JWT_LEEWAY": int,
    "LATIH_JWKS_CACHE_SECONDS": int,
    "LATIH_JWKS_REFETCH_COOLDOWN": int,
    "LATIH_FETCH_TIMEOUT": float,
    "LATIH_FETCH_MAX_BYTES": int,
    "LATIH_FETCH_ALLOW": tuple,
    "LATIH_REGISTRATION_TOKEN_MINUTES": int,
    "LATIH_LAUNCH_LIFETIME": int,
    "LATIH_ADMIN_USERNAME": str,
    "LATIH_ADMIN_PASSWORD": str,
    "LATIH_ADMIN_IDLE_MINUTES": int,
    "LATIH_EXPOSE_WORKER": int,
    "LATIH_DELIVER_AFTER_REQUEST": int,
    "LATIH_ROSTER_TTL": int,
    "LATIH_TIMEZONE": str,
    "LATIH_KINDS": tuple,
    "LATIH_JP_CATEGORIES": tuple,
    "LATIH_MINUTES_PER_JP": int,
    "LATIH_JP_TARGET": int,
    "LATIH_NIP_PARAM": str,
    "LATIH_UNIT_PARAM": str,
    "LATIH_RANK_PARAM": str,
    "LATIH_POSITION_PARAM": str,
    "LATIH_GRADE_LEASE": int,
    "LATIH_GRADE_CONCURRENCY": int,
    "MAX_CONTENT_LENGTH": int,  # Flask's own name: the largest request body, in bytes
    "LATIH_MODULE_ATTACHMENT_MB": int,
    "LATIH_EVIDENCE_MB": int,
    "LATIH_REVIEW_PAGE_LIMIT": int,
    "LATIH_INVITATION_PAGE_LIMIT": int,
    "LATIH_FOLLOWUP_CODE_LIMIT": int,
    "LATIH_DUE_JOBS_EVERY": float,
    "LATIH_SMTP_URL": str,
    "LATIH_MAIL_FROM": str,
    "LATIH_SMTP_TIMEOUT": float,
}


def _parse(kind, raw):
    if kind is int:
        return int(raw)
    if kind is float:
        return float(raw)
    if kind is tuple:  # comma-separated
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def load(app, overrides=None):
    """Fill ``app.config``: defaults, then config/<env>.py, then env vars, then overrides."""
    app.config.from_object("config.default")
    env = (overrides or {}).get("LATIH_ENV") or os.environ.get("LATIH_ENV", "development")
    try:
        module = importlib.import_module(f"config.{env}")
    except ModuleNotFoundError as exc:
        raise RuntimeError(f"Unknown LATIH_ENV {env!r}: no config/{env}.py") from exc
    app.config.from_object(module)
    for name, kind in ENV_SETTINGS.items():
        if name in os.environ and os.environ[name] != "":
            app.config[name] = _parse(kind, os.environ[name])
    if overrides:
        app.config.update(overrides)
    app.config["LATIH_ENV"] = env
    explicit_uri = (overrides or {}).get("SQLALCHEMY_DATABASE_URI")
    if app.config.get("DATABASE_URL") and not explicit_uri:
        app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(app.config["DATABASE_URL"])
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "latih.sqlite3")
    check(app.config)


def check(conf):
    """Refuse settings that would fail silently later. Raises ConfigError."""
    username, password = conf.get("LATIH_ADMIN_USERNAME"), conf.get("LATIH_ADMIN_PASSWORD")
    if password and len(password) < MIN_ADMIN_PASSWORD:
        raise ConfigError(
            f"LATIH_ADMIN_PASSWORD has {len(password)} characters: an admin password must have at least "
            f"{MIN_ADMIN_PASSWORD} characters (no account is created with a shorter one)."
        )
    if password and not username:
        raise ConfigError("LATIH_ADMIN_PASSWORD is set but LATIH_ADMIN_USERNAME is not: set both, or neither.")
    from lti_tool.lti.addresses import parse_allow  # stdlib only; the one parser of the allow-list

    try:
        parse_allow(conf.get("LATIH_FETCH_ALLOW") or ())
    except ValueError as exc:
        raise ConfigError(f"LATIH_FETCH_ALLOW: {exc}; give host names, addresses or CIDR ranges, "
                          "comma-separated.") from exc
    idle = conf.get("LATIH_ADMIN_IDLE_MINUTES")
    if not isinstance(idle, int) or idle < 1:
        raise ConfigError(f"LATIH_ADMIN_IDLE_MINUTES={idle!r}: give the minutes (1 or more) after which an unused "
                          "admin session ends.")
    limit = conf.get("MAX_CONTENT_LENGTH")
    if limit is None or isinstance(limit, bool) or not isinstance(limit, int) or limit < MIN_REQUEST_BYTES:
        raise ConfigError(
            f"MAX_CONTENT_LENGTH={limit!r}: the largest request body is a number of bytes of at least "
            f"{MIN_REQUEST_BYTES} (1 MB); the tool's forms and a 2 MB list import need more than that, and without "
            "a limit any request could make a worker read gigabytes."
        )
    base = conf.get("LATIH_BASE_URL")
    if base:
        problem = base_url_problem(base)
        if problem:
            raise ConfigError(f"LATIH_BASE_URL={base!r}: {problem}")


def base_url_problem(url):
    """Why ``url`` cannot be the tool's public URL, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "the tool's public URL must start with https:// (or http://) and name a host."
    if parts.hostname in ("0.0.0.0", "::"):
        return "0.0.0.0 is where a server listens, not an address an LMS or a browser can reach; give the host name."
    if parts.query or parts.fragment:
        return "the tool's public URL has no query or fragment."
    return None


def _normalise_db_url(url):
    # Heroku-style postgres:// URLs and bare postgresql:// use psycopg 3, which is what we install.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
