"""``flask grades deliver`` (the outbox worker; run several if you like) and ``flask grades status``."""
import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup

from .delivery import CONCURRENCY
from .models import STATUSES
from .worker import run_worker, status_counts

grades_cli = AppGroup("grades", help="The score outbox and its delivery to the LMS.")


def _line(counts):
    return " ".join(f"{k}={v}" for k, v in sorted(counts.items(), key=lambda kv: str(kv[0])))


@grades_cli.command("deliver")
@click.option("--once", is_flag=True, help="Deliver what is due now, then stop.")
@click.option("--batch", type=int, default=50, show_default=True, help="Rows claimed at a time.")
@click.option("--idle", type=float, default=2.0, show_default=True, help="Seconds to wait when nothing is due.")
@click.option("--concurrency", type=click.IntRange(1, 32), default=None,
              help=f"Scores of a batch in flight at once (1: one by one); default LATIH_GRADE_CONCURRENCY "
                   f"({CONCURRENCY}).")
def deliver(once, batch, idle, concurrency):
    """Send due scores to the platforms, looping until stopped (SIGTERM or Ctrl-C).

    Database and Redis outages are waited out (logged, capped backoff); nothing is lost or sent twice.
    """
    if concurrency is not None:
        current_app.config["LATIH_GRADE_CONCURRENCY"] = concurrency
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    total = run_worker(stop, batch=batch, idle=idle, once=once, report=lambda counts: click.echo(_line(counts)))
    click.echo("total " + (_line(total) or "0"))


@grades_cli.command("status")
def status():
    """Print how many scores are pending, sending, delivered, failed and superseded."""
    counts = status_counts()
    for name in STATUSES:
        click.echo(f"{name:11} {counts.get(name, 0)}")
