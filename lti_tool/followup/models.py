"""A follow-up session's tables.

- ``FollowupSession``: one row per activity (its settings: when, where, capacity, JP, category, grade) and the
  per-session secret the short-lived attendance codes are derived from (``codes``), so every worker agrees.
- ``FollowupInvitee``: an alumnus invited by a personal link (no Moodle account): only the token's SHA-256 is stored
  (``lti_tool.invitations.tokens``).
- ``FollowupSignup``: a seat or a place on the waiting list, of a learner (``user_id``) or an alumnus
  (``invitee_id``); UNIQUE per session and person. ``confirmed`` false = waiting; the waiting list is ordered by id.
  Cancelling deletes the row. ``attended_at`` is the attendance (for a learner: the completion).
"""
from ..clock import utcnow
from ..extensions import db


class FollowupSession(db.Model):
    __tablename__ = "followup_session"

    activity_id = db.Column(db.Integer, db.ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True)
    starts_at = db.Column(db.DateTime, nullable=False)  # naive UTC
    ends_at = db.Column(db.DateTime, nullable=False)
    place = db.Column(db.String(300), nullable=False, default="")
    online_url = db.Column(db.String(1000), nullable=False, default="")
    capacity = db.Column(db.Integer)  # None: unlimited
    jp = db.Column(db.Numeric(6, 2), nullable=False, default=0)
    category = db.Column(db.String(100), nullable=False, default="seminar/workshop")
    code_secret = db.Column(db.String(64), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    activity = db.relationship("Activity")


class FollowupInvitee(db.Model):
    __tablename__ = "followup_invitee"

    id = db.Column(db.Integer, primary_key=True)
    activity_id = db.Column(db.Integer, db.ForeignKey("followup_session.activity_id", ondelete="CASCADE"),
                            nullable=False, index=True)
    name = db.Column(db.String(120), nullable=False)
    institution = db.Column(db.String(200), nullable=False, default="")
    email = db.Column(db.String(254), nullable=False, default="")
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    added_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    added_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    revoked_at = db.Column(db.DateTime)
    emailed_at = db.Column(db.DateTime)


class FollowupSignup(db.Model):
    __tablename__ = "followup_signup"
    __table_args__ = (
        db.UniqueConstraint("activity_id", "user_id"),
        db.UniqueConstraint("activity_id", "invitee_id"),
        db.CheckConstraint("(user_id IS NULL) <> (invitee_id IS NULL)", name="one_person"),
    )

    id = db.Column(db.Integer, primary_key=True)
    activity_id = db.Column(db.Integer, db.ForeignKey("followup_session.activity_id", ondelete="CASCADE"),
                            nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="CASCADE"))
    invitee_id = db.Column(db.Integer, db.ForeignKey("followup_invitee.id", ondelete="CASCADE"))
    confirmed = db.Column(db.Boolean, nullable=False, default=True)
    signed_up_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    attended_at = db.Column(db.DateTime)
    attended_via = db.Column(db.String(10), nullable=False, default="")  # "list" or "code"

    user = db.relationship("LtiUser")
    invitee = db.relationship("FollowupInvitee")
