"""Migration 0011_feedback goes up and down: the feedback tables appear and disappear, nothing else changes, and on
SQLite the response and answer tables are WITHOUT ROWID. On SQLite the test uses a file of its own; with DATABASE_URL
on PostgreSQL it uses that database and leaves it migrated to the head (like test_budgeting_migration)."""
import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from lti_tool import create_app
from lti_tool.extensions import db

BEFORE = "0010_module_rounds"
TABLES = {"feedback_form", "feedback_item", "feedback_response", "feedback_answer", "feedback_respondent",
          "feedback_completion", "feedback_audit_event"}


def _reset():
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.session.commit()


@pytest.fixture
def database(app_config, tmp_path):
    url = app_config["DATABASE_URL"]
    if not url.startswith("postgresql"):
        url = "sqlite:///" + str(tmp_path / "feedback-migration.sqlite3")
    app = create_app(dict(app_config, DATABASE_URL=url, LATIH_INSTANCE_PATH=str(tmp_path)))
    with app.app_context():
        _reset()
        upgrade(revision=BEFORE)
        yield app
        db.session.remove()
        if db.engine.dialect.name == "postgresql":  # leave the shared test database as the session migrated it
            _reset()
            upgrade()


def _tables():
    db.session.remove()
    return set(sa.inspect(db.engine).get_table_names())


def test_the_feedback_tables_come_and_go(database):
    before = _tables()
    assert not before & TABLES and "module_round" in before
    upgrade(revision="0011_feedback")
    assert _tables() == before | TABLES
    if db.engine.dialect.name == "sqlite":
        for table in ("feedback_response", "feedback_answer"):
            sql = db.session.execute(text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}).scalar()
            assert "WITHOUT ROWID" in sql
    downgrade(revision=BEFORE)
    assert _tables() == before
    upgrade(revision="0011_feedback")
    assert _tables() == before | TABLES
