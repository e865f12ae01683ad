"""Command line: ``flask lti ...`` for keys and registration, ``flask admin ...`` for admin accounts, and
``flask latih prepare``, everything ``scripts/run`` does before serving, in one process."""
import ipaddress
import os

import click
from flask import current_app
from flask.cli import AppGroup

from config import base_url_problem

from .extensions import db
from .lti import keys, regtokens

lti_cli = AppGroup("lti", help="LTI keys and registration.")
latih_cli = AppGroup("latih", help="Setting the tool up.")
LOOPBACK_NAMES = ("localhost",)


@lti_cli.command("ensure-key")
def ensure_key():
    """Generate the tool's signing key if there is none (run at start-up)."""
    key = keys.ensure_active_key()
    click.echo(f"Active signing key: kid {key.kid}")


@lti_cli.command("rotate-key")
@click.option("--grace-days", type=int, default=None,
              help="Days the old key stays published (default LATIH_KEY_GRACE_DAYS).")
def rotate_key(grace_days):
    """Make a new active key; the old one stays in the JWKS for the grace period."""
    grace = current_app.config["LATIH_KEY_GRACE_DAYS"] if grace_days is None else grace_days
    new, retired = keys.rotate(grace)
    click.echo(f"New active key: kid {new.kid}")
    for key in retired:
        click.echo(f"Retired key {key.kid}: published until {key.published_until:%Y-%m-%d %H:%M} UTC")


@lti_cli.command("registration-url")
@click.option("--minutes", type=int, default=None,
              help="How long the URL stays valid (default LATIH_REGISTRATION_TOKEN_MINUTES).")
@click.option("--base-url", default=None, help="The tool's public URL, when LATIH_BASE_URL is not set.")
@click.option("--reuse", is_flag=True,
              help="Print the link this command printed last again while it is unused and unexpired.")
def registration_url(minutes, base_url, reuse):
    """Print a one-time dynamic registration URL to paste into Moodle (Manage tools > Tool URL)."""
    base = (base_url or current_app.config.get("LATIH_BASE_URL") or "").rstrip("/")
    if not base:
        raise click.UsageError("Give --base-url (e.g. https://latih.example.go.id) or set LATIH_BASE_URL.")
    click.echo(_registration_link(base, minutes, reuse)[0])


def _registration_link(base, minutes, reuse):
    """(URL, minutes left): the saved link when ``reuse`` and it is still usable, else a new one (saved)."""
    path = os.path.join(current_app.instance_path, "registration_token")
    raw = regtokens.saved_usable(path) if reuse else None
    if raw is None:
        raw = regtokens.create(minutes or current_app.config["LATIH_REGISTRATION_TOKEN_MINUTES"], created_by="cli")
        regtokens.save(path, raw)
    return f"{base}/lti/register?reg={raw}", regtokens.minutes_left(raw)


@lti_cli.command("urls")
@click.option("--base-url", default=None)
def urls(base_url):
    """Print the URLs an LMS admin needs."""
    _print_urls((base_url or current_app.config.get("LATIH_BASE_URL") or "http://127.0.0.1:5000").rstrip("/"))


def _print_urls(base):
    for label, path in (
        ("Tool URL / target link URI", "/lti/launch"),
        ("Initiate login URL", "/lti/login"),
        ("Redirection URI(s)", "/lti/launch"),
        ("Public keyset URL (JWKS)", "/lti/jwks"),
        ("Admin area", "/admin/"),
        ("Liveness check", "/healthz"),
        ("Readiness check", "/readyz"),
    ):
        click.echo(f"  {label:30} {base}{path}")


def is_loopback(host):
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def public_base_url(host, port):
    """LATIH_BASE_URL, or http://HOST:PORT when the server listens on loopback only. A server listening on
    another address (0.0.0.0, a LAN address) is reached under a name only the admin knows: raise UsageError."""
    base = current_app.config.get("LATIH_BASE_URL")
    if base:
        return base.rstrip("/")
    if is_loopback(host):
        return f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    raise click.UsageError(
        f"HOST={host} is not a loopback address, so LMS and browsers reach this tool under a name only you know. "
        "Set LATIH_BASE_URL to the tool's public URL (e.g. LATIH_BASE_URL=https://latih.example.go.id, or "
        f"http://<this machine's address>:{port}); the tool gives that URL to Moodle."
    )


@latih_cli.command("prepare")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address the web server listens on.")
@click.option("--port", type=int, default=5000, show_default=True)
def prepare(host, port):
    """Migrate the database, make the signing key if missing, print the URLs for the LMS and a registration link
    (the last one printed, while it is unused and unexpired): what scripts/run does before serving."""
    from flask_migrate import upgrade

    base = public_base_url(host, port)
    problem = base_url_problem(base)
    if problem:
        raise click.UsageError(f"{base}: {problem}")
    upgrade()
    key = keys.ensure_active_key()
    click.echo(f"Active signing key: kid {key.kid}")
    click.echo(f"\nLatih is starting on {base}. Paste these into your LMS (manual registration):")
    _print_urls(base)
    url, minutes = _registration_link(base, None, reuse=True)
    click.echo("\nDynamic registration (Moodle: Site administration > Plugins > Activity modules > External tool > "
               "Manage tools > Tool URL):")
    click.echo(f"  {url}")
    click.echo(f"  (works once; expires in {minutes} minutes; printed again at each start until used)")
    click.echo(f"Admin area: {base}/admin/  (an account: .venv/bin/flask admin create-user NAME)\n")


def init_app(app):
    from .admin.cli import admin_cli
    from .grades.cli import grades_cli

    app.cli.add_command(lti_cli)
    app.cli.add_command(latih_cli)
    app.cli.add_command(admin_cli)
    app.cli.add_command(grades_cli)
    app.shell_context_processor(lambda: {"db": db})
