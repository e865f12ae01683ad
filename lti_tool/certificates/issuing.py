"""Issuing a certificate: the next number of the institution's year and the certificate's row in one transaction.

The counter row of (institution, year) is created if missing (``INSERT … ON CONFLICT DO NOTHING``), then taken with
``SELECT … FOR UPDATE`` (PostgreSQL: a second issuer waits until the first commits or rolls back) and advanced by
``UPDATE … RETURNING``; the certificate is inserted and everything commits together. A rollback gives the number
back, so numbers have no gaps; ``UNIQUE(institution, number)`` and ``UNIQUE(institution, year, seq)`` make a
duplicate impossible whatever happens. SQLite has no row locks: the counter's INSERT/UPDATE take the database's
write lock for the rest of the transaction (a second writer waits for it), and a writer SQLite refuses outright
(``database is locked``) starts again, a few times.

At most one certificate of a course per learner is in force (a partial unique index): an issue that loses that
race returns the certificate that won.
"""
import logging
import secrets
import time

from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError

from ..clock import to_local, utcnow
from ..extensions import db
from .models import Certificate, CertificateCounter
from .numbering import format_number

log = logging.getLogger(__name__)
CODE_BYTES = 24  # 192 bits: the public verification code
ATTEMPTS = 5


class NotIssued(RuntimeError):
    """The certificate could not be issued after several attempts (the database kept refusing)."""


def new_code():
    return secrets.token_urlsafe(CODE_BYTES)


def next_seq(institution, year):
    """The next sequence number of (institution, year), inside the caller's transaction (its row stays locked)."""
    table = CertificateCounter.__table__
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    db.session.execute(insert(table).values(institution=institution, year=year, last=0).on_conflict_do_nothing(
        index_elements=["institution", "year"]))
    where = (table.c.institution == institution) & (table.c.year == year)
    db.session.execute(db.select(table.c.last).where(where).with_for_update())
    return db.session.execute(table.update().where(where).values(last=table.c.last + 1)
                              .returning(table.c.last)).scalar_one()


def in_force(course_id, user_id):
    return db.session.execute(db.select(Certificate).where(
        Certificate.course_id == course_id, Certificate.user_id == user_id,
        Certificate.revoked_at.is_(None))).scalar()


def issue(snapshot, replacing_id=None, reason=""):
    """Issue a certificate with the fields of ``snapshot`` (a dict of Certificate columns: course_id, user_id,
    institution, the printed fields, issued_by). ``replacing_id``: a certificate revoked in the same transaction
    (a reissue), with ``reason``. Returns (certificate, True) when this call issued it, (the one in force, False)
    when the learner has one in force already."""
    db.session.commit()  # a transaction of our own, from its first statement
    scheme = current_app.config.get("LATIH_CERT_NUMBER_FORMAT")
    for attempt in range(ATTEMPTS):
        now = utcnow()
        day = to_local(now).date()
        try:
            if replacing_id is not None:
                old = db.session.get(Certificate, replacing_id)
                if old is None or old.revoked_at is not None:
                    return (old, False)
                old.revoked_at, old.revoked_reason = now, reason
                db.session.flush()
            seq = next_seq(snapshot["institution"], day.year)
            cert = Certificate(**snapshot, code=new_code(), year=day.year, seq=seq, issued_on=day, issued_at=now,
                               number=format_number(scheme, snapshot["institution"], seq, day.year, day.month))
            db.session.add(cert)
            db.session.flush()
            if replacing_id is not None:
                old.replaced_by_id = cert.id
            db.session.commit()
            return cert, True
        except IntegrityError:
            db.session.rollback()
            existing = in_force(snapshot["course_id"], snapshot["user_id"])
            if existing is not None and replacing_id is None:
                return existing, False
        except OperationalError as exc:
            db.session.rollback()
            if db.session.get_bind().dialect.name != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.02 * (attempt + 1))
    raise NotIssued(f"certificate for user {snapshot['user_id']} in course {snapshot['course_id']}")
