"""The tables of the loop from feedback to a change: the instructor's tags on open answers, and group discussions
with the points raised (each tagged like an open answer).

A tag row is keyed by the answer's random id and holds the tag — nothing else: no user, no time, no response, so
tagging adds no way from an answer to its author (the anonymity test reads the catalogue to check it). On SQLite it
is a ``WITHOUT ROWID`` table like the answers. A discussion is the instructor's record (who wrote it and when is
kept: it is staff work, not an answer).
"""
from ..clock import utcnow
from ..extensions import db
from .models import WITHOUT_ROWID


class FeedbackAnswerTag(db.Model):
    __tablename__ = "feedback_answer_tag"
    __table_args__ = WITHOUT_ROWID

    answer_id = db.Column(db.String(32), db.ForeignKey("feedback_answer.id", ondelete="CASCADE"), primary_key=True)
    tag = db.Column(db.String(40), primary_key=True)


class FeedbackDiscussion(db.Model):
    __tablename__ = "feedback_discussion"

    id = db.Column(db.Integer, primary_key=True)
    form_id = db.Column(db.Integer, db.ForeignKey("feedback_form.activity_id", ondelete="CASCADE"), nullable=False,
                        index=True)
    held_on = db.Column(db.Date, nullable=False)
    participants = db.Column(db.Integer, nullable=False)
    created_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    points = db.relationship("FeedbackDiscussionPoint", order_by="FeedbackDiscussionPoint.position",
                             back_populates="discussion",
                             cascade="all, delete-orphan", passive_deletes=True)


class FeedbackDiscussionPoint(db.Model):
    __tablename__ = "feedback_discussion_point"

    id = db.Column(db.Integer, primary_key=True)
    discussion_id = db.Column(db.Integer, db.ForeignKey("feedback_discussion.id", ondelete="CASCADE"),
                              nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False)
    text = db.Column(db.Text, nullable=False)
    tags = db.Column(db.JSON, nullable=False, default=list)  # ["materi", …], sorted

    discussion = db.relationship("FeedbackDiscussion", back_populates="points")
