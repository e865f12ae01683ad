"""Command line: ``flask lti ...`` for keys and registration, ``flask admin ...`` for admin accounts."""
import click
from flask import current_app
from flask.cli import AppGroup

from .extensions import db
from .lti import keys, regtokens

lti_cli = AppGroup("lti", help="LTI keys and registration.")


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
def registration_url(minutes, base_url):
    """Print a one-time dynamic registration URL to paste into Moodle (Manage tools > Tool URL)."""
    base = (base_url or current_app.config.get("LATIH_BASE_URL") or "").rstrip("/")
    if not base:
        raise click.UsageError("Give --base-url (e.g. https://latih.example.go.id) or set LATIH_BASE_URL.")
    raw = regtokens.create(minutes or current_app.config["LATIH_REGISTRATION_TOKEN_MINUTES"], created_by="cli")
    click.echo(f"{base}/lti/register?reg={raw}")


@lti_cli.command("urls")
@click.option("--base-url", default=None)
def urls(base_url):
    """Print the URLs an LMS admin needs."""
    base = (base_url or current_app.config.get("LATIH_BASE_URL") or "http://127.0.0.1:5000").rstrip("/")
    for label, path in (
        ("Tool URL / target link URI", "/lti/launch"),
        ("Initiate login URL", "/lti/login"),
        ("Redirection URI(s)", "/lti/launch"),
        ("Public keyset URL (JWKS)", "/lti/jwks"),
        ("Admin area", "/admin/"),
        ("Health check", "/healthz"),
    ):
        click.echo(f"  {label:30} {base}{path}")


def init_app(app):
    from .admin.cli import admin_cli
    from .grades.cli import grades_cli

    app.cli.add_command(lti_cli)
    app.cli.add_command(admin_cli)
    app.cli.add_command(grades_cli)
    app.shell_context_processor(lambda: {"db": db})
