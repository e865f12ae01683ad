"""A training centre's own templates: forms saved by instructors, shared by every course of the same platform.

A template belongs to a platform (its ``issuer``, the Moodle site), not to a course or a person, so that the
instructors of a training centre start from each other's forms. Saving again under the same name (any case, spaces
folded) makes a new **version** under the same ``key`` (``own-`` and random letters): forms built from it record
the key and the version, as they do for the built-in templates, and the cohort comparison matches their items by
item key. A version is never changed afterwards: a report names the version it used.

``items`` holds the items as plain values: ``key`` (every item has one: the form's key, or ``q<n>`` made up),
``type``, ``page``, ``required``, ``text_id``, ``text_en``, ``options``, ``config`` and ``condition`` naming its
source item by key (``{"key": "…", "values": […]}``), so a form built from it gets conditions on its own new items.
"""
from ..clock import utcnow
from ..extensions import db


class FeedbackOwnTemplate(db.Model):
    __tablename__ = "feedback_own_template"
    __table_args__ = (db.UniqueConstraint("issuer", "key", "version"),)

    id = db.Column(db.Integer, primary_key=True)
    issuer = db.Column(db.String(500), nullable=False, index=True)
    key = db.Column(db.String(40), nullable=False)  # FeedbackForm.template_key of the forms built from it
    version = db.Column(db.Integer, nullable=False)  # 1, 2 … per key
    name = db.Column(db.String(120), nullable=False)
    name_folded = db.Column(db.String(120), nullable=False)  # lower case, spaces folded: "the same name"
    description = db.Column(db.Text, nullable=False, default="")
    items = db.Column(db.JSON, nullable=False, default=list)
    anonymous = db.Column(db.Boolean, nullable=False, default=True)  # the source form's mode, as the default
    persons = db.Column(db.JSON, nullable=False, default=list)  # facilitators' names (a rating per person needs them)
    source_form_id = db.Column(db.Integer, db.ForeignKey("feedback_form.activity_id", ondelete="SET NULL"))
    created_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
