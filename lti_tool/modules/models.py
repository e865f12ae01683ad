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


class ModuleRound(db.Model):
    """A review round on one (immutable) version: ``domain.rounds.Round`` stored. ``criteria`` and ``rule`` are the
    round's own copy ({group: [criterion id, …]}, ``ApprovalRule.to_dict()``), taken when the round is created, so
    a later change of the module's settings does not change a running round."""

    __tablename__ = "module_round"
    __table_args__ = (db.UniqueConstraint("module_id", "number"),)

    id = db.Column(db.Integer, primary_key=True)
    module_id = db.Column(db.Integer, db.ForeignKey("module.activity_id", ondelete="CASCADE"), nullable=False)
    number = db.Column(db.Integer, nullable=False)  # 1, 2, … per module
    version_id = db.Column(db.Integer, db.ForeignKey("module_version.id", ondelete="CASCADE"), nullable=False)
    groups = db.Column(db.JSON, nullable=False, default=list)  # [group id, …]
    criteria = db.Column(db.JSON, nullable=False, default=dict)  # {group id: [criterion id, …]}
    rule = db.Column(db.JSON, nullable=False, default=dict)  # ApprovalRule.to_dict()
    deadline = db.Column(db.DateTime)  # UTC, naive
    state = db.Column(db.String(20), nullable=False, default="draft")  # RoundState
    show_comments = db.Column(db.Boolean, nullable=False, default=False)  # reviewers see each other's comments
    hide_identities = db.Column(db.Boolean, nullable=False, default=False)  # … without the names
    opened_at = db.Column(db.DateTime)
    closed_at = db.Column(db.DateTime)
    decided_at = db.Column(db.DateTime)
    outcome = db.Column(db.String(20))  # Outcome
    reason = db.Column(db.Text, nullable=False, default="")
    against_rule = db.Column(db.Boolean, nullable=False, default=False)
    decided_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    created_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    version = db.relationship("ModuleVersion")


class ModuleReviewer(db.Model):
    """A reviewer invited to one round, and their review (scores, recommendation) on the same row.

    A Moodle user of the course (``user_id``) or an external reviewer (``user_id`` NULL); either way the personal
    link's token is random (``secrets.token_urlsafe(32)``) and only its SHA-256 is stored (``token_hash``). The
    link works until the round's deadline and only for this round; ``revoked_at`` ends it. ``review_revision`` is
    bumped by every save (compare-and-set: two tabs cannot overwrite each other)."""

    __tablename__ = "module_reviewer"

    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.Integer, db.ForeignKey("module_round.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    # the same person's row in the round before
    previous_id = db.Column(db.Integer, db.ForeignKey("module_reviewer.id", ondelete="SET NULL"))
    group = db.Column(db.String(40), nullable=False)
    name = db.Column(db.String(255), nullable=False)
    institution = db.Column(db.String(255), nullable=False, default="")
    email = db.Column(db.String(255), nullable=False, default="")
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    invited_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    invited_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    emailed_at = db.Column(db.DateTime)  # the invitation (or the last reminder) sent by email
    reminded_at = db.Column(db.DateTime)
    revoked_at = db.Column(db.DateTime)
    confirmed_at = db.Column(db.DateTime)  # name and institution confirmed by the reviewer
    opened_at = db.Column(db.DateTime)  # first opened the link
    scores = db.Column(db.JSON, nullable=False, default=dict)  # {criterion id: 1 … scale_max}
    recommendation = db.Column(db.String(30))  # Recommendation
    summary = db.Column(db.Text, nullable=False, default="")  # a general remark
    review_state = db.Column(db.String(20), nullable=False, default="draft")  # ReviewState
    review_revision = db.Column(db.Integer, nullable=False, default=0)
    submitted_at = db.Column(db.DateTime)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    round = db.relationship("ModuleRound", backref=db.backref("reviewers", order_by="ModuleReviewer.id",
                                                              cascade="all, delete-orphan"))


class ModuleComment(db.Model):
    """A reviewer's comment on a round's version: on a whole section (``anchor`` NULL) or on a passage
    (``anchor``: ``domain.anchors.TextQuote.to_dict()``). A reply (``parent_id``) is written by a reviewer
    (``reviewer_id``) or by the author (``user_id``); replies carry no status. The author answers a top-level
    comment: ``status`` addressed (in version ``answered_in``) or declined (with ``answer``)."""

    __tablename__ = "module_comment"

    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.Integer, db.ForeignKey("module_round.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    reviewer_id = db.Column(db.Integer, db.ForeignKey("module_reviewer.id", ondelete="CASCADE"))
    user_id = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))  # an author's reply
    parent_id = db.Column(db.Integer, db.ForeignKey("module_comment.id", ondelete="CASCADE"), index=True)
    section_id = db.Column(db.String(120), nullable=False)
    anchor = db.Column(db.JSON)  # TextQuote.to_dict(), or NULL for the whole section
    body = db.Column(db.Text, nullable=False)  # plain text, escaped when shown
    blocking = db.Column(db.Boolean, nullable=False, default=False)
    status = db.Column(db.String(20), nullable=False, default="open")  # CommentStatus
    answer = db.Column(db.Text, nullable=False, default="")  # the author's answer (the reason, when declined)
    answered_in = db.Column(db.Integer)  # version number, when addressed
    answered_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    answered_at = db.Column(db.DateTime)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    reviewer = db.relationship("ModuleReviewer", foreign_keys=[reviewer_id])
    replies = db.relationship("ModuleComment", order_by="ModuleComment.id",
                              backref=db.backref("parent", remote_side=[id]))
