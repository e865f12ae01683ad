"""Level-3 follow-up: who is invited to answer a form by a personal link (alumni, and the supervisors they name),
each wave's invitation, the form's schedule, and which side a response came from.

- ``FeedbackInvitee`` is a person: an alumnus (from the roster: ``user_id``; or external: name, unit, email) or a
  supervisor (``alumnus_id``: the alumnus who named them). Revoking a person revokes their links.
- ``FeedbackInvitation`` is one wave's personal link of one invitee (``wave``: months after the course's end, 0 for
  a link given by hand before the first wave). Only the token's SHA-256 is stored (``lti_tool.invitations``).
  ``UNIQUE(invitee_id, wave)`` is the claim that makes the due job send each wave once, whatever the number of
  workers. ``answered_at`` is the completion; ``response_id`` links the response **for named forms only** — an
  anonymous form's response shares no key with the invitation (as ``FeedbackCompletion``).
- ``FeedbackResponseSide`` says a response came by an invitation and from which side (alumnus or supervisor), for
  the gap report; it carries neither the invitee nor the wave (WITHOUT ROWID, like the responses).
- ``FeedbackSchedule``: the course's end, the waves in months and how long a link works.
"""
from ..clock import utcnow
from ..extensions import db
from .models import WITHOUT_ROWID

ROLES = ("alumnus", "supervisor")
DEFAULT_WAVES = (3, 6, 12)
DEFAULT_LINK_DAYS = 30


class FeedbackInvitee(db.Model):
    __tablename__ = "feedback_invitee"

    id = db.Column(db.Integer, primary_key=True)
    form_id = db.Column(db.Integer, db.ForeignKey("feedback_form.activity_id", ondelete="CASCADE"), nullable=False,
                        index=True)
    role = db.Column(db.String(12), nullable=False)  # ROLES
    alumnus_id = db.Column(db.Integer, db.ForeignKey("feedback_invitee.id", ondelete="CASCADE"), index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))  # an alumnus from the roster
    name = db.Column(db.String(120), nullable=False)
    unit = db.Column(db.String(200), nullable=False, default="")  # institution / work unit
    email = db.Column(db.String(254), nullable=False, default="")
    added_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    added_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    revoked_at = db.Column(db.DateTime)

    invitations = db.relationship("FeedbackInvitation", back_populates="invitee", order_by="FeedbackInvitation.wave",
                                  cascade="all, delete-orphan", passive_deletes=True)


class FeedbackInvitation(db.Model):
    __tablename__ = "feedback_invitation"
    __table_args__ = (db.UniqueConstraint("invitee_id", "wave"),)

    id = db.Column(db.Integer, primary_key=True)
    form_id = db.Column(db.Integer, db.ForeignKey("feedback_form.activity_id", ondelete="CASCADE"), nullable=False,
                        index=True)
    invitee_id = db.Column(db.Integer, db.ForeignKey("feedback_invitee.id", ondelete="CASCADE"), nullable=False)
    wave = db.Column(db.Integer, nullable=False, default=0)  # months after the course's end; 0: by hand
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    invited_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    expires_at = db.Column(db.DateTime, nullable=False)
    revoked_at = db.Column(db.DateTime)
    emailed_at = db.Column(db.DateTime)
    reminded_at = db.Column(db.DateTime)
    answered_at = db.Column(db.DateTime)
    response_id = db.Column(db.String(32), db.ForeignKey("feedback_response.id", ondelete="SET NULL"))  # named only

    invitee = db.relationship("FeedbackInvitee", back_populates="invitations")

    # What the core's delivery reads and writes (``lti_tool.invitations.letters``)
    @property
    def email(self):
        return self.invitee.email

    @property
    def name(self):
        return self.invitee.name


class FeedbackResponseSide(db.Model):
    """A response that came by an invitation, and from which side: nothing else."""

    __tablename__ = "feedback_response_side"
    __table_args__ = WITHOUT_ROWID

    response_id = db.Column(db.String(32), db.ForeignKey("feedback_response.id", ondelete="CASCADE"),
                            primary_key=True)
    form_id = db.Column(db.Integer, db.ForeignKey("feedback_form.activity_id", ondelete="CASCADE"), nullable=False,
                        index=True)
    role = db.Column(db.String(12), nullable=False)


class FeedbackSchedule(db.Model):
    __tablename__ = "feedback_schedule"

    form_id = db.Column(db.Integer, db.ForeignKey("feedback_form.activity_id", ondelete="CASCADE"), primary_key=True)
    course_end = db.Column(db.Date)  # None: nothing is sent by itself
    waves = db.Column(db.JSON, nullable=False, default=lambda: list(DEFAULT_WAVES))  # months after the end
    link_days = db.Column(db.Integer, nullable=False, default=DEFAULT_LINK_DAYS)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
