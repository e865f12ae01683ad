"""Migration 0007: findings stored as texts in both languages (before) become a message code plus params, rendered
in the reader's language; a text that matches no message keeps being shown as it was.

The database is taken to the revision before (0005), a handed-in budget is written in the old shape, and the
migration is run; the findings are then read back through the renderer in both languages. On SQLite the test uses a
file of its own; with DATABASE_URL on PostgreSQL it uses that database and leaves it migrated to the head.
"""
from datetime import datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from lti_tool import create_app
from lti_tool.budgeting.findings import finding_text
from lti_tool.extensions import db

BEFORE = "0006_completion"  # the revision before 0007
NOW = datetime(2026, 12, 1, 10, 0)

OLD_FINDINGS = [
    {"check": "arithmetic", "severity": "error", "line_no": 1, "code": "amount_mismatch",
     "text": {"id": "Jumlah tertulis Rp 2.700.000, padahal koefisien × harga satuan (+PPN) = Rp 2.997.000.",
              "en": "The amount reads Rp 2,700,000, but koefisien × unit price (+PPN) = Rp 2,997,000."}},
    {"check": "fields", "severity": "warning", "line_no": None, "code": "header_empty",
     "text": {"id": "Sub Kegiatan pada kepala formulir belum diisi.", "en": "The header field Sub-activity is empty."}},
    {"check": "arithmetic", "severity": "error", "line_no": None, "code": "total_absurd",
     "text": {"id": "Total anggaran Rp 2.000.000.000.000.000 melebihi batas wajar Rp 1.000.000.000.000.000.",
              "en": "The budget total, Rp 2,000,000,000,000,000, is beyond the plausible Rp 1,000,000,000,000,000."}},
    {"check": "price", "severity": "warning", "line_no": 2, "code": "reference_by_name",
     "text": {"id": "Makan siang ada dalam daftar standar harga dengan kode SSH-01; isi kode itu. Harga dan satuan "
                    "baris ini diperiksa terhadap SSH-01.",
              "en": "Makan siang is in the reference price list as SSH-01; fill in that code. This line's price and "
                    "unit are checked against SSH-01."}},
    {"check": "price", "severity": "error", "line_no": 3, "code": "price_above_ceiling",  # no longer its template
     "text": {"id": "Teks lama yang tidak cocok.", "en": "An old text that does not match."}},
]

_tables = {
    "course": sa.table("course", *(sa.column(c) for c in ("id", "issuer", "deployment_id", "context_id", "label",
                                                          "title")), sa.column("updated_at", sa.DateTime)),
    "lti_user": sa.table("lti_user", *(sa.column(c) for c in ("id", "issuer", "sub", "name", "email", "locale")),
                         sa.column("updated_at", sa.DateTime)),
    "activity": sa.table("activity", *(sa.column(c) for c in ("id", "course_id", "kind", "title", "description",
                                                              "graded", "score_maximum")),
                         sa.column("created_at", sa.DateTime), sa.column("updated_at", sa.DateTime)),
    "budget_submission": sa.table("budget_submission", *(sa.column(c) for c in ("id", "activity_id", "user_id",
                                                                                 "attempt", "status", "revision")),
                                  sa.column("document", sa.JSON), sa.column("findings", sa.JSON),
                                  sa.column("updated_at", sa.DateTime)),
}


def _reset(app):
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.session.commit()


@pytest.fixture
def old_database(app_config, tmp_path):
    url = app_config["DATABASE_URL"]
    if not url.startswith("postgresql"):
        url = "sqlite:///" + str(tmp_path / "before-0007.sqlite3")
    app = create_app(dict(app_config, DATABASE_URL=url, LATIH_INSTANCE_PATH=str(tmp_path)))
    with app.app_context():
        _reset(app)
        upgrade(revision=BEFORE)
        insert = [
            ("course", {"id": 1, "issuer": "https://moodle.example", "deployment_id": "1", "context_id": "c",
                        "label": "C", "title": "Course", "updated_at": NOW}),
            ("lti_user", {"id": 1, "issuer": "https://moodle.example", "sub": "4", "name": "Sam", "email": "",
                          "locale": "id", "updated_at": NOW}),
            ("activity", {"id": 1, "course_id": 1, "kind": "budgeting", "title": "RKA", "description": "",
                          "graded": True, "score_maximum": 100, "created_at": NOW, "updated_at": NOW}),
            ("budget_submission", {"id": 1, "activity_id": 1, "user_id": 1, "attempt": 1, "status": "submitted",
                                   "revision": 1, "document": {}, "findings": OLD_FINDINGS, "updated_at": NOW}),
        ]
        for table, values in insert:
            db.session.execute(_tables[table].insert().values(**values))
        db.session.commit()
        yield app
        db.session.remove()
        if db.engine.dialect.name == "postgresql":  # leave the shared test database as the session migrated it
            _reset(app)
            upgrade()


def _stored():
    return db.session.execute(sa.select(_tables["budget_submission"].c.findings)).scalar_one()


def test_old_findings_become_codes_with_params_shown_in_either_language(old_database):
    upgrade(revision="0007_finding_params")
    findings = _stored()
    assert all("text" not in f for f in findings)
    assert findings[0]["params"] == {"claimed": "Rp 2.700.000", "expected": "Rp 2.997.000"}
    assert findings[1]["params"] == {"field": "sub_kegiatan"}  # the label read back as the field's name
    assert findings[3]["params"] == {"item": "Makan siang", "code": "SSH-01"}
    assert findings[4]["legacy_text"] == OLD_FINDINGS[4]["text"] and "params" not in findings[4]
    assert [f["code"] for f in findings] == [f["code"] for f in OLD_FINDINGS]

    indonesian = [finding_text(f, "id") for f in findings]
    english = [finding_text(f, "en") for f in findings]
    assert indonesian[:4] == [f["text"]["id"] for f in OLD_FINDINGS[:4]][:1] + [  # the form's header is now
        "Kolom Sub Kegiatan pada Identitas Sub Kegiatan belum diisi."] + [  # called by its SIPD name
        f["text"]["id"] for f in OLD_FINDINGS[2:4]]
    assert english[0] == "The amount reads Rp 2.700.000, but koefisien × unit price (+PPN) = Rp 2.997.000."
    assert english[1] == "The header field Sub-activity is empty."
    assert english[2] == ("The budget total, Rp 2.000.000.000.000.000, is beyond the plausible "
                          "Rp 1.000.000.000.000.000.")
    assert english[3].startswith("Makan siang is in the reference price list as SSH-01;")
    assert (indonesian[4], english[4]) == ("Teks lama yang tidak cocok.", "An old text that does not match.")


def test_the_migration_can_be_undone(old_database):
    upgrade(revision="0007_finding_params")
    downgrade(revision=BEFORE)
    findings = _stored()
    assert [f["text"]["id"] for f in findings] == [f["text"]["id"] for f in OLD_FINDINGS]
    assert findings[4]["text"] == OLD_FINDINGS[4]["text"]
