"""A training module: its settings, the working draft, frozen versions, attachments and the audit trail.

- ``Module``: one per activity of kind ``modules``; ``settings`` is JSON checked by ``services.settings`` against the
  domain (groups, criteria per group, the approval rule, planned JP); ``published_version_id`` is what learners read
  (none until an instructor publishes).
- ``ModuleDraft``: the Markdown being written, with a ``revision`` for compare-and-set saves (two tabs cannot
  overwrite each other).
- ``ModuleVersion``: version N, frozen from the draft. **Immutable**: no code changes one, and the database refuses
  an UPDATE of its content (a trigger, migration 0009_modules).
- ``ModuleAuditEvent``: append-only (who, what, which version, when, details); no code updates or deletes one and
  the database refuses an UPDATE. Rows go only with their module (the activity's deletion cascades).
- ``ModuleAttachment``: files stored in the database (every app instance sees them), the bytes loaded only when
  one is served.
"""
from ..clock import utcnow
from ..extensions import db


class Module(db.Model):
    __tablename__ = "module"

    activity_id = db.Column(db.Integer, db.ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True)
    settings = db.Column(db.JSON, nullable=False, default=dict)
    published_version_id = db.Column(db.Integer, db.ForeignKey("module_version.id", ondelete="SET NULL",
                                                               use_alter=True))
    published_at = db.Column(db.DateTime)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    activity = db.relationship("Activity")
    published_version = db.relationship("ModuleVersion", foreign_keys=[published_version_id], post_update=True)


class ModuleDraft(db.Model):
    __tablename__ = "module_draft"

    module_id = db.Column(db.Integer, db.ForeignKey("module.activity_id", ondelete="CASCADE"), primary_key=True)
    markdown = db.Column(db.Text, nullable=False, default="")
    revision = db.Column(db.Integer, nullable=False, default=0)  # bumped by every save
    updated_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class ModuleVersion(db.Model):
    __tablename__ = "module_version"
    __table_args__ = (db.UniqueConstraint("module_id", "number"),)

    id = db.Column(db.Integer, primary_key=True)
    module_id = db.Column(db.Integer, db.ForeignKey("module.activity_id", ondelete="CASCADE"), nullable=False)
    number = db.Column(db.Integer, nullable=False)  # 1, 2, … per module
    markdown = db.Column(db.Text, nullable=False)
    sections = db.Column(db.JSON, nullable=False)  # [{id, level, title, body}], from domain.sections
    word_count = db.Column(db.Integer, nullable=False)
    created_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    author = db.relationship("LtiUser")


class ModuleAuditEvent(db.Model):
    __tablename__ = "module_audit_event"

    id = db.Column(db.Integer, primary_key=True)
    module_id = db.Column(db.Integer, db.ForeignKey("module.activity_id", ondelete="CASCADE"), nullable=False,
                          index=True)
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    user_id = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    actor = db.Column(db.String(255), nullable=False, default="")  # the name at the time (users are renamed)
    action = db.Column(db.String(40), nullable=False)  # a code: created, draft_saved, version_frozen, published …
    version_number = db.Column(db.Integer)
    detail = db.Column(db.JSON, nullable=False, default=dict)


class ModuleAttachment(db.Model):
    __tablename__ = "module_attachment"
    __table_args__ = (db.UniqueConstraint("module_id", "filename"),)

    id = db.Column(db.Integer, primary_key=True)
    module_id = db.Column(db.Integer, db.ForeignKey("module.activity_id", ondelete="CASCADE"), nullable=False)
    filename = db.Column(db.String(255), nullable=False)  # unique in the module: ``attachment:<filename>``
    content_type = db.Column(db.String(100), nullable=False)  # from the bytes, not the browser
    size = db.Column(db.Integer, nullable=False)
    sha256 = db.Column(db.String(64), nullable=False)
    data = db.deferred(db.Column(db.LargeBinary, nullable=False))
    uploaded_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    uploaded_at = db.Column(db.DateTime, nullable=False, default=utcnow)
