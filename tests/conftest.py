"""Shared fixtures: the app on SQLite (default) or on PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set.

The schema is built by the Alembic migrations, as in production, once per test session; each test starts
from empty tables (and an empty Redis namespace).

Under pytest-xdist (``-n``) every worker has its own database: its own SQLite file, or on PostgreSQL the
database ``<name>_<worker>`` (``test_gw0``, ``test_gw1`` …, dropped and created at the start of the session
next to the one DATABASE_URL names), and its own Redis key prefix (``latih-gw0:`` …) in REDIS_URL's db.

Hypothesis profiles (tests/hypothesis_profiles.py): ``dev`` by default, ``ci`` when CI is set, ``thorough``;
``HYPOTHESIS_PROFILE=<name>`` picks one.
"""
import os
import sys

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

sys.path.insert(0, os.path.dirname(__file__))  # tests/fakeplatform.py, tests/lti_flow.py

import hypothesis_profiles  # noqa: E402
from fakeplatform import FakePlatform  # noqa: E402
from lti_flow import ToolBrowser  # noqa: E402
from support import https_client, register  # noqa: E402

from lti_tool import create_app  # noqa: E402
from lti_tool.extensions import db  # noqa: E402


def _compile_translations():
    """So a bare ``pytest`` sees the same Indonesian text as scripts/test (which compiles them too)."""
    from pathlib import Path

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (Path(__file__).parent.parent / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as src, mo.open("wb") as dst:
                write_mo(dst, read_po(src))


_compile_translations()

hypothesis_profiles.load()

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1 … under pytest-xdist, else ""


def _database_url(tmp_path_factory):
    url = os.environ.get("DATABASE_URL")
    if not url:  # each xdist worker has its own temporary directory, so its own file
        return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "latih-test.sqlite3")
    if not WORKER:
        return url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        root, ext = os.path.splitext(parsed.database or "latih-test.sqlite3")
        return parsed.set(database=f"{root}_{WORKER}{ext}").render_as_string(hide_password=False)
    return _fresh_postgres_database(url, f"{parsed.database}_{WORKER}")


def _fresh_postgres_database(url, name):
    """Drop and create the database ``name`` on DATABASE_URL's server; its URL."""
    import config

    parsed = make_url(config._normalise_db_url(url))
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def app_config(tmp_path_factory):
    return {
        "LATIH_ENV": "testing",
        "DATABASE_URL": _database_url(tmp_path_factory),
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "LATIH_REDIS_PREFIX": f"latih-{WORKER}:" if WORKER else "latih:",
        "SECRET_KEY": "test-secret-key-" + "x" * 32,
        "WTF_CSRF_ENABLED": True,
        # The test-only kind (tests/kinds.py) is plugged in by configuration alone, like any kind.
        "LATIH_KINDS": ("lti_tool.budgeting", "lti_tool.modules", "lti_tool.feedback", "lti_tool.followup", "kinds"),
    }


@pytest.fixture(scope="session")
def _migrated(app_config, tmp_path_factory):
    from flask_migrate import upgrade

    app = create_app(dict(app_config, LATIH_INSTANCE_PATH=str(tmp_path_factory.mktemp("instance"))))
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
    return True


@pytest.fixture
def app(app_config, _migrated, tmp_path):
    app = create_app(dict(app_config))
    app.instance_path = str(tmp_path)
    with app.app_context():
        _empty(app)
        yield app
        db.session.remove()
        # Each test's app has its own engine: close its pooled connections now, not whenever it is collected
        # (two workers once held 80 PostgreSQL connections and a busy server ran out of them).
        db.engine.dispose()


def _empty(app):
    from lti_tool.grades.tokens import clear_local_cache

    clear_local_cache()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    redis_url = app.config.get("REDIS_URL")
    if redis_url:
        import redis

        r = redis.Redis.from_url(redis_url)
        for key in r.scan_iter(app.config["LATIH_REDIS_PREFIX"] + "*"):
            r.delete(key)


@pytest.fixture
def client(app):
    return https_client(app)


@pytest.fixture
def platform(app):
    """A fake Moodle on loopback, registered with the tool (one active deployment)."""
    fake = FakePlatform(tool_base="https://localhost")
    fake.serve()
    register(fake)
    yield fake
    fake.shutdown()


@pytest.fixture
def browser(client, platform):
    return ToolBrowser(client, platform)


@pytest.fixture
def graded_course(app, browser, platform):
    """A course (from an instructor launch) with one graded activity of the test kind; the platform accepts the
    tool's client assertions. Delivery after the request is off: tests deliver explicitly."""
    from lti_tool.activities.services import create_activity
    from lti_tool.lti.models import Course

    app.config["LATIH_DELIVER_AFTER_REQUEST"] = False
    platform.tool_jwks_fetcher = lambda: app.test_client().get("/lti/jwks").get_json()
    browser.open(browser.launch("instructor"))
    course = Course.query.one()
    return {"course": course, "activity": create_activity(course.id, None, "practice", "Budget")}


@pytest.fixture
def exercise(app, browser, platform, client):
    """A budgeting activity with both lists imported and a ceiling; launch tokens for the teacher and a learner."""
    from budgeting_support import make_exercise

    return make_exercise(app, browser, platform, client)


@pytest.fixture
def statements(app):
    """The SQL statements run while a test runs (any test may ask for it). The shared store's
    statements (the rate limit's counters) are left out: a new minute inserts its counter, and one write in fifty
    purges expired entries, whatever the page shows."""
    seen = []

    def record(conn, cursor, statement, params, context, executemany):
        if "kv_entry" not in statement:
            seen.append(" ".join(statement.split())[:160])

    event.listen(db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(db.engine, "before_cursor_execute", record)
