"""The learning record's ledger: one row per credit of JP and one per reversal, never updated, never deleted.

``cycle`` makes the ledger idempotent by itself: a credit of (learner, activity) carries the number of reversals
before it, and ``UNIQUE(user_id, activity_id, entry, cycle)`` refuses a second open credit (a regrade, a
resubmission, a second process) while a credit after a reversal is the next cycle. A reversal carries the cycle
of the credit it reverses, so a credit is reversed once. Course and activity titles are copied at credit time: the
record reads the same after the activity is renamed or deleted (``activity_id`` then becomes NULL).
"""
from ..clock import utcnow
from ..extensions import db

CREDIT = "credit"
REVERSAL = "reversal"


class LearningCredit(db.Model):
    __tablename__ = "learning_credit"
    __table_args__ = (
        db.UniqueConstraint("user_id", "activity_id", "entry", "cycle"),
        db.UniqueConstraint("external_id", "entry", "cycle"),  # an accepted external entry is credited once
        db.CheckConstraint("entry IN ('credit', 'reversal')", name="entry_kind"),
        db.CheckConstraint("(entry = 'credit' AND jp > 0 AND reverses_id IS NULL) OR "
                           "(entry = 'reversal' AND jp < 0 AND reverses_id IS NOT NULL)", name="entry_sign"),
        db.Index("ix_learning_credit_user_year", "user_id", "year"),
        # The staff's and the admin's sums of a learner's year read only this index (migration 0019).
        db.Index("ix_learning_credit_user_year_sum", "user_id", "year", "category", "jp"),
    )

    id = db.Column(db.Integer, primary_key=True)
    issuer = db.Column(db.String(500), nullable=False)  # the learner's platform (with lti_user.sub)
    user_id = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="CASCADE"), nullable=False)
    activity_id = db.Column(db.Integer, db.ForeignKey("activity.id", ondelete="SET NULL"))
    course_title = db.Column(db.String(255), nullable=False, default="")
    activity_title = db.Column(db.String(255), nullable=False, default="")
    category = db.Column(db.String(100), nullable=False)
    jp = db.Column(db.Numeric(6, 2), nullable=False)  # negative for a reversal
    minutes_per_jp = db.Column(db.Integer, nullable=False)
    entry = db.Column(db.String(10), nullable=False)  # CREDIT or REVERSAL
    cycle = db.Column(db.Integer, nullable=False, default=0)
    reverses_id = db.Column(db.Integer, db.ForeignKey("learning_credit.id", ondelete="CASCADE"), unique=True)
    year = db.Column(db.Integer, nullable=False)  # the year of the completion in the configured zone
    # Who organised it and when it ran: "" and the completion's day for the tool's activities; as entered for
    # training done elsewhere (exports list them).
    organiser = db.Column(db.String(255), nullable=False, default="")
    started_on = db.Column(db.Date)
    ended_on = db.Column(db.Date)
    # Training done elsewhere (lti_tool.record.entries_models): the accepted entry this row credits (activity_id NULL).
    external_id = db.Column(db.Integer, db.ForeignKey("record_external_entry.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
