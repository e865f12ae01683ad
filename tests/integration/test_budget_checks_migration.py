"""Migration 0022: price lists imported before tax treatments existed get ``tax: ppn`` on every item (the import's
default) and the overrides' table is added; the migration can be undone. SQLite file of its own; with DATABASE_URL
on PostgreSQL that database, left at the head."""
from datetime import datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from lti_tool import create_app
from lti_tool.extensions import db

BEFORE = "0016_learning_record"
NOW = datetime(2026, 12, 6, 5, 0)
ITEMS = [{"code": "SSH-01", "name": "Makan siang", "unit": "OK", "price": "50000", "includes_ppn": None},
         {"code": "SBU-01", "name": "Honor", "unit": "OJ", "price": "1000000", "tax": "non_ppn"}]
_activity = sa.table("activity", *(sa.column(c) for c in ("id", "course_id", "kind", "title", "description",
                                                          "graded", "score_maximum")),
                     sa.column("created_at", sa.DateTime), sa.column("updated_at", sa.DateTime))
_course = sa.table("course", *(sa.column(c) for c in ("id", "issuer", "deployment_id", "context_id", "label",
                                                      "title")), sa.column("updated_at", sa.DateTime))
_lists = sa.table("budget_reference_list", *(sa.column(c) for c in ("id", "activity_id", "kind", "version",
                                                                    "filename")),
                  sa.column("items", sa.JSON), sa.column("imported_at", sa.DateTime))


def _reset():
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.session.commit()


@pytest.fixture
def old_database(app_config, tmp_path):
    url = app_config["DATABASE_URL"]
    if not url.startswith("postgresql"):
        url = "sqlite:///" + str(tmp_path / "before-0022.sqlite3")
    app = create_app(dict(app_config, DATABASE_URL=url, LATIH_INSTANCE_PATH=str(tmp_path)))
    with app.app_context():
        _reset()
        upgrade(revision=BEFORE)
        db.session.execute(_course.insert().values(id=1, issuer="https://moodle.example", deployment_id="1",
                                                   context_id="c", label="C", title="Course", updated_at=NOW))
        db.session.execute(_activity.insert().values(id=1, course_id=1, kind="budgeting", title="RKA", description="",
                                                     graded=True, score_maximum=100, created_at=NOW, updated_at=NOW))
        db.session.execute(_lists.insert().values(id=1, activity_id=1, kind="prices", version=1, filename="p.csv",
                                                  items=ITEMS, imported_at=NOW))
        db.session.commit()
        yield app
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            _reset()
            upgrade()


def _items():
    return db.session.execute(sa.select(_lists.c["items"])).scalar_one()


def test_old_price_lists_become_ppn_objects_and_the_migration_can_be_undone(old_database):
    upgrade(revision="0022_budget_checks")
    assert [item["tax"] for item in _items()] == ["ppn", "non_ppn"]  # a treatment already there is kept
    assert "budget_finding_override" in sa.inspect(db.engine).get_table_names()
    downgrade(revision=BEFORE)
    assert all("tax" not in item for item in _items())
    assert "budget_finding_override" not in sa.inspect(db.engine).get_table_names()
