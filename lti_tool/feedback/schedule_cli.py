"""``flask feedback send-due``: send the level-3 invitations whose wave has come, once (the grade worker's loop
runs the same job by itself; running both, or this command twice, sends nothing twice)."""
import click
from flask.cli import AppGroup

from .services.schedule import send_due

feedback_cli = AppGroup("feedback", help="Feedback forms: level-3 invitations.")


@feedback_cli.command("send-due")
def send_due_command():
    """Send the invitations of the waves due today (emailed when email is set up; else they wait for a link to
    copy on the form's Invitations page)."""
    outcome = send_due()
    click.echo(f"invitations made: {outcome.sent}, emailed: {outcome.emailed}")
