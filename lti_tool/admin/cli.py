"""``flask admin create-user``: accounts for the tool's admin area."""
import click
from flask.cli import AppGroup

from config import MIN_ADMIN_PASSWORD

from ..extensions import db
from .models import AdminUser

admin_cli = AppGroup("admin", help="Accounts of the tool's admin area.")

MIN_PASSWORD = MIN_ADMIN_PASSWORD


def upsert_admin(username, password):
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"The password must have at least {MIN_PASSWORD} characters.")
    user = AdminUser.query.filter_by(username=username).first()
    if user is None:
        user = AdminUser(username=username)
        db.session.add(user)
    user.set_password(password)
    db.session.commit()
    return user


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
