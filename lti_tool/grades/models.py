"""The score outbox: every grade the tool decides, written in the same transaction as the work behind it."""
from ..clock import utcnow
from ..extensions import db

PENDING, SENDING, DELIVERED, FAILED, SUPERSEDED = "pending", "sending", "delivered", "failed", "superseded"
STATUSES = (PENDING, SENDING, DELIVERED, FAILED, SUPERSEDED)
FULLY_GRADED, PENDING_MANUAL = "FullyGraded", "PendingManual"


class Score(db.Model):
    __tablename__ = "score"
    __table_args__ = (
        db.Index("ix_score_due", "status", "next_attempt_at"),
        db.Index("ix_score_target_user", "target", "user_id"),
    )

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="CASCADE"), nullable=False)
    activity_id = db.Column(db.Integer, db.ForeignKey("activity.id", ondelete="CASCADE"), nullable=False, index=True)
    platform_id = db.Column(db.Integer, db.ForeignKey("platform.id", ondelete="CASCADE"), nullable=False)
    # Where it goes: the line item from the launch claim, else found or created in the container by resource id.
    lineitem_url = db.Column(db.String(1000))
    lineitems_url = db.Column(db.String(1000))
    resource_id = db.Column(db.String(255), nullable=False)
    label = db.Column(db.String(255), nullable=False, default="")
    target = db.Column(db.String(64), nullable=False)  # one value per line item: "newest per (user, line item)"

    score_given = db.Column(db.Numeric(12, 4))
    score_maximum = db.Column(db.Numeric(12, 4), nullable=False)
    activity_progress = db.Column(db.String(20), nullable=False)
    grading_progress = db.Column(db.String(20), nullable=False)
    comment = db.Column(db.Text, nullable=False, default="")
    timestamp = db.Column(db.DateTime, nullable=False)  # the AGS timestamp (UTC)

    status = db.Column(db.String(12), nullable=False, default=PENDING)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    next_attempt_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    claimed_until = db.Column(db.DateTime)  # a worker's lease; past it, the row is picked up again
    last_error = db.Column(db.Text, nullable=False, default="")
    last_status = db.Column(db.Integer)  # the platform's last HTTP status for a retried or refused score
    delivered_at = db.Column(db.DateTime)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    user = db.relationship("LtiUser")
    activity = db.relationship("Activity")
    platform = db.relationship("Platform")
