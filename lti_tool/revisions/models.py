"""A revision request: what was found in a source activity, what should change in a target activity of the same
course, and the target author's answer.

What was found is copied into the request (the item's text, the figure the instructor wrote, the quotes) so that it
reads the same after the source changes; it never names who wrote a quoted answer (the feedback tables do not know).
"""
from ..clock import utcnow
from ..extensions import db


class RevisionRequest(db.Model):
    __tablename__ = "revision_request"

    id = db.Column(db.Integer, primary_key=True)
    course_id = db.Column(db.Integer, db.ForeignKey("course.id", ondelete="CASCADE"), nullable=False, index=True)
    target_activity_id = db.Column(db.Integer, db.ForeignKey("activity.id", ondelete="CASCADE"), nullable=False,
                                   index=True)
    source_activity_id = db.Column(db.Integer, db.ForeignKey("activity.id", ondelete="SET NULL"), index=True)
    source_kind = db.Column(db.String(20), nullable=False)  # item, answer, point or finding (SOURCE_KINDS)
    source_ref = db.Column(db.String(64), nullable=False, default="")  # the source's id of it (item, point), if any
    source_label = db.Column(db.Text, nullable=False, default="")  # the item's text or the discussion, as it was
    figure = db.Column(db.Text, nullable=False, default="")  # e.g. "index 61 (Kurang Baik), 18 answers"
    quotes = db.Column(db.JSON, nullable=False, default=list)  # ["…", …]: open answers or points, quoted
    change = db.Column(db.Text, nullable=False)  # what should change
    opened_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    opened_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    state = db.Column(db.String(20), nullable=False, default="open")  # open, addressed, declined
    answer = db.Column(db.Text, nullable=False, default="")  # the reason (declined) or a note (addressed)
    addressed_in = db.Column(db.Integer)  # the target's version number, when addressed
    answered_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    answered_at = db.Column(db.DateTime)

    target = db.relationship("Activity", foreign_keys=[target_activity_id])
    source = db.relationship("Activity", foreign_keys=[source_activity_id])
