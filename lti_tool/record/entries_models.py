"""Entries from outside the tool: training done elsewhere, added by staff or submitted by a learner with evidence.

An ``ExternalEntry`` is *pending* (a learner's submission, waiting for verification), *accepted* (then credited to
the ledger once: ``learning_credit.external_id``, unique per cycle), *rejected* (with a reason the learner sees) or
*revoked* (an accepted entry withdrawn: the ledger gets a reversal, nothing is deleted). Evidence files live in the
database (every app instance sees them), recognised by their bytes. ``ExternalEntryEvent`` is the audit trail: who
added, submitted, accepted, rejected or revoked an entry, and when.
"""
from ..clock import utcnow
from ..extensions import db

PENDING, ACCEPTED, REJECTED, REVOKED = "pending", "accepted", "rejected", "revoked"
STATUSES = (PENDING, ACCEPTED, REJECTED, REVOKED)


class EntryEvidence(db.Model):
    __tablename__ = "record_evidence"

    id = db.Column(db.Integer, primary_key=True)
    sha256 = db.Column(db.String(64), nullable=False, index=True)
    content_type = db.Column(db.String(50), nullable=False)
    filename = db.Column(db.String(120), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    data = db.deferred(db.Column(db.LargeBinary, nullable=False))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class ExternalEntry(db.Model):
    __tablename__ = "record_external_entry"
    __table_args__ = (
        db.CheckConstraint("status IN ('pending', 'accepted', 'rejected', 'revoked')", name="status_known"),
        db.CheckConstraint("jp > 0", name="jp_positive"),
        db.Index("ix_record_external_entry_user_status", "user_id", "status"),
    )

    id = db.Column(db.Integer, primary_key=True)
    issuer = db.Column(db.String(500), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="CASCADE"), nullable=False)
    # The course of the launch it was submitted or added in (its instructors verify it); NULL: added by the admin.
    course_id = db.Column(db.Integer, db.ForeignKey("course.id", ondelete="SET NULL"), index=True)
    title = db.Column(db.String(255), nullable=False)
    title_key = db.Column(db.String(255), nullable=False, index=True)  # normalised, to find duplicates
    organiser = db.Column(db.String(255), nullable=False, default="")
    started_on = db.Column(db.Date, nullable=False)
    ended_on = db.Column(db.Date, nullable=False)
    jp = db.Column(db.Numeric(6, 2), nullable=False)
    category = db.Column(db.String(100), nullable=False)
    status = db.Column(db.String(10), nullable=False, default=PENDING)
    reason = db.Column(db.Text, nullable=False, default="")  # why it was rejected or revoked (the learner sees it)
    evidence_id = db.Column(db.Integer, db.ForeignKey("record_evidence.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    evidence = db.relationship("EntryEvidence")
    user = db.relationship("LtiUser")
    course = db.relationship("Course")


class ExternalEntryEvent(db.Model):
    __tablename__ = "record_external_event"

    id = db.Column(db.Integer, primary_key=True)
    entry_id = db.Column(db.Integer, db.ForeignKey("record_external_entry.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    action = db.Column(db.String(20), nullable=False)  # submitted, added, accepted, rejected, revoked
    actor_user_id = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))  # staff or learner
    actor_admin = db.Column(db.String(255), nullable=False, default="")  # the admin's username
    reason = db.Column(db.Text, nullable=False, default="")
    at = db.Column(db.DateTime, nullable=False, default=utcnow)

    actor = db.relationship("LtiUser")
