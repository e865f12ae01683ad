"""Certificates' tables: a course's rules (``CertificateSetting`` and its required activities), the issued
certificates (a snapshot of every printed field, never recomputed), and the counters of the numbering.

- ``certificate``: one row per certificate issued. At most one certificate of a course per learner is *in force*
  (a partial unique index on (course, user) where ``revoked_at`` is NULL): an automatic issue that races a second
  one, or a hand issue, loses on it. The number is unique per institution (two institutions may use the same
  scheme). ``code`` is the public verification code (192 bits, url-safe) kept as it is: it is printed on the
  certificate (QR) anyway, and a copy of the database reveals nothing the certificate does not.
- ``certificate_counter``: the last sequence number given per (institution, year); issuing takes its row with
  ``SELECT … FOR UPDATE`` in the transaction that inserts the certificate, so numbers have neither gaps nor
  duplicates (a rolled-back issue gives its number back).
"""
from ..clock import utcnow
from ..extensions import db


class CertificateSetting(db.Model):
    __tablename__ = "certificate_setting"

    course_id = db.Column(db.Integer, db.ForeignKey("course.id", ondelete="CASCADE"), primary_key=True)
    institution = db.Column(db.String(255), nullable=False, default="")
    training_name = db.Column(db.String(255), nullable=False, default="")
    started_on = db.Column(db.Date)
    ended_on = db.Column(db.Date)
    place = db.Column(db.String(255), nullable=False, default="")
    jp = db.Column(db.Numeric(6, 2))  # None: the sum of the required activities' planned JP
    result = db.Column(db.String(255), nullable=False, default="")
    signatory_name = db.Column(db.String(255), nullable=False, default="")
    signatory_title = db.Column(db.String(255), nullable=False, default="")
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class CertificateRequirement(db.Model):
    """An activity a learner must complete for the course's certificate."""

    __tablename__ = "certificate_requirement"

    activity_id = db.Column(db.Integer, db.ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True)
    course_id = db.Column(db.Integer, db.ForeignKey("course.id", ondelete="CASCADE"), nullable=False, index=True)


class CertificateCounter(db.Model):
    __tablename__ = "certificate_counter"

    institution = db.Column(db.String(255), primary_key=True)
    year = db.Column(db.Integer, primary_key=True)
    last = db.Column(db.Integer, nullable=False, default=0)


class Certificate(db.Model):
    __tablename__ = "certificate"
    __table_args__ = (
        db.UniqueConstraint("institution", "number"),
        db.UniqueConstraint("institution", "year", "seq"),
        db.Index("uq_certificate_in_force", "course_id", "user_id", unique=True,
                 postgresql_where=db.text("revoked_at IS NULL"), sqlite_where=db.text("revoked_at IS NULL")),
    )

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(64), nullable=False, unique=True)
    course_id = db.Column(db.Integer, db.ForeignKey("course.id", ondelete="SET NULL"), index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="CASCADE"), nullable=False, index=True)
    institution = db.Column(db.String(255), nullable=False)
    year = db.Column(db.Integer, nullable=False)
    seq = db.Column(db.Integer, nullable=False)
    number = db.Column(db.String(120), nullable=False)
    # The printed fields, as they were at issue time.
    name = db.Column(db.String(255), nullable=False, default="")
    nip = db.Column(db.String(50), nullable=False, default="")
    rank = db.Column(db.String(255))  # pangkat/golongan, when known
    position = db.Column(db.String(255))  # jabatan, when known
    training_name = db.Column(db.String(255), nullable=False, default="")
    started_on = db.Column(db.Date)
    ended_on = db.Column(db.Date)
    place = db.Column(db.String(255), nullable=False, default="")
    jp = db.Column(db.Numeric(6, 2))
    result = db.Column(db.String(255), nullable=False, default="")
    signatory_name = db.Column(db.String(255), nullable=False, default="")
    signatory_title = db.Column(db.String(255), nullable=False, default="")
    issued_on = db.Column(db.Date, nullable=False)
    issued_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    issued_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))  # None: automatically
    revoked_at = db.Column(db.DateTime)
    revoked_reason = db.Column(db.Text, nullable=False, default="")
    replaced_by_id = db.Column(db.Integer, db.ForeignKey("certificate.id", ondelete="SET NULL"))

    user = db.relationship("LtiUser", foreign_keys=[user_id])

    @property
    def in_force(self):
        return self.revoked_at is None
