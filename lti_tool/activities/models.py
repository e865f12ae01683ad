"""An activity belongs to one course and has one kind; kinds keep their own data in their own tables."""
from ..clock import utcnow
from ..extensions import db


class Activity(db.Model):
    __tablename__ = "activity"

    id = db.Column(db.Integer, primary_key=True)
    course_id = db.Column(db.Integer, db.ForeignKey("course.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = db.Column(db.String(50), nullable=False)
    title = db.Column(db.String(255), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    graded = db.Column(db.Boolean, nullable=False, default=True)
    score_maximum = db.Column(db.Numeric(10, 2), nullable=False, default=100)
    # The learning record's category of competency development chosen by the instructor (one of
    # LATIH_JP_CATEGORIES); NULL: the kind's default (ActivityKind.jp_category).
    jp_category = db.Column(db.String(100))
    created_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    course = db.relationship("Course")

    @property
    def resource_id(self):
        """The AGS resourceId of the activity's line item (namespaced: Moodle keeps other tools' ids too)."""
        return f"latih-activity-{self.id}"
