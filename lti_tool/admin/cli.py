"""``flask admin create-user``: accounts for the tool's admin area."""
import click
from flask.cli import AppGroup

from .services import upsert_admin

admin_cli = AppGroup("admin", help="Accounts of the tool's admin area.")


@admin_cli.command("create-user")
@click.argument("username")
@click.password_option(help="Asked for when not given.")
def create_user(username, password):
    """Create an admin account, or set a new password for an existing one."""
    try:
        upsert_admin(username, password)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(f"Admin account {username!r} is ready.")
