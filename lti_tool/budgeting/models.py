"""Budgeting exercises: the instructor's settings, versioned reference lists, and the learners' budgets.

Lists and budgets are stored as JSON documents (plain strings for numbers, so Decimal survives), converted to
and from the pure domain in ``services``. Money columns are integer rupiah.
"""
from ..clock import utcnow
from ..extensions import db

DRAFT, SUBMITTED, GRADED = "draft", "submitted", "graded"


class BudgetExercise(db.Model):
    """One budgeting exercise, attached to an activity of kind ``budgeting``."""

    __tablename__ = "budget_exercise"

    activity_id = db.Column(db.Integer, db.ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True)
    scenario_md = db.Column(db.Text, nullable=False, default="")
    programme = db.Column(db.JSON, nullable=False, default=dict)  # urusan, program, kegiatan, sub_kegiatan
    target_group = db.Column(db.String(255), nullable=False, default="")
    location = db.Column(db.String(255), nullable=False, default="")
    dates = db.Column(db.String(255), nullable=False, default="")
    ceiling = db.Column(db.BigInteger)  # pagu, whole rupiah
    ppn_rate = db.Column(db.Numeric(5, 4), nullable=False, default=0.11)
    prices_include_ppn = db.Column(db.Boolean, nullable=False, default=False)
    rounding = db.Column(db.String(20), nullable=False, default="per_line")
    allowed_accounts = db.Column(db.JSON, nullable=False, default=list)
    required_components = db.Column(db.JSON, nullable=False, default=list)  # [{code|name, min, max}]
    forbidden = db.Column(db.JSON, nullable=False, default=dict)  # {"codes": [...], "keywords": [...]}
    weights = db.Column(db.JSON, nullable=False, default=dict)  # CheckKind -> weight (strings)
    rubric = db.Column(db.JSON, nullable=False, default=list)  # [{criterion, levels: [{label, points}]}]
    model_answer = db.Column(db.JSON)  # {"locale", "lines": [document lines]}: the instructor's model RKA; NULL: none
    automatic_weight_pct = db.Column(db.Integer, nullable=False, default=100)  # the rest is the rubric
    due_at = db.Column(db.DateTime)
    max_attempts = db.Column(db.Integer, nullable=False, default=1)
    review_required = db.Column(db.Boolean, nullable=False, default=False)
    jp = db.Column(db.Numeric(5, 2))  # planned JP for the learning record (a submission credits it); NULL: none
    # {"header": [field, …], "indicators": [kind, …]}: what the learner must fill in; NULL: every field
    required_fields = db.Column(db.JSON)
    account_list_id = db.Column(db.Integer, db.ForeignKey("budget_reference_list.id", ondelete="SET NULL"))
    price_list_id = db.Column(db.Integer, db.ForeignKey("budget_reference_list.id", ondelete="SET NULL"))
    # Scenario variants (services.variants): [{label, participants, pagu (whole rupiah)}]; NULL or []: none
    variants = db.Column(db.JSON)
    variant_base = db.Column(db.Integer)  # participants the scenario and required volumes are written for
    variants_assigned = db.Column(db.Integer, nullable=False, default=0)  # learners given a variant so far
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    activity = db.relationship("Activity")
    account_list = db.relationship("BudgetReferenceList", foreign_keys=[account_list_id])
    price_list = db.relationship("BudgetReferenceList", foreign_keys=[price_list_id])


class BudgetReferenceList(db.Model):
    """One imported version of an account-code list or a reference price list. Versions are never edited."""

    __tablename__ = "budget_reference_list"
    __table_args__ = (db.UniqueConstraint("activity_id", "kind", "version"),)

    id = db.Column(db.Integer, primary_key=True)
    activity_id = db.Column(db.Integer, db.ForeignKey("activity.id", ondelete="CASCADE"), nullable=False)
    kind = db.Column(db.String(20), nullable=False)  # "accounts" | "prices"
    version = db.Column(db.Integer, nullable=False)
    filename = db.Column(db.String(255), nullable=False, default="")
    items = db.Column(db.JSON, nullable=False)
    imported_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    imported_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class BudgetSubmission(db.Model):
    """A learner's budget for one attempt: a draft until submitted, then read-only with its check results."""

    __tablename__ = "budget_submission"
    __table_args__ = (db.UniqueConstraint("activity_id", "user_id", "attempt"),)

    id = db.Column(db.Integer, primary_key=True)
    activity_id = db.Column(db.Integer, db.ForeignKey("activity.id", ondelete="CASCADE"), nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="CASCADE"), nullable=False)
    attempt = db.Column(db.Integer, nullable=False, default=1)
    status = db.Column(db.String(12), nullable=False, default=DRAFT)
    document = db.Column(db.JSON, nullable=False, default=dict)  # header, indicators, lines
    revision = db.Column(db.Integer, nullable=False, default=0)  # bumped on each save: stale posts are refused
    total = db.Column(db.BigInteger)  # whole rupiah, at submission
    automatic_score = db.Column(db.Numeric(6, 2))
    rubric_scores = db.Column(db.JSON)
    final_score = db.Column(db.Numeric(6, 2))
    findings = db.Column(db.JSON)  # the check report at submission
    check_units = db.Column(db.JSON)  # check kind → units it is scored over (domain.scoring), at submission
    variant = db.Column(db.Integer)  # index into the exercise's variants (kept across attempts); NULL: none
    submitted_at = db.Column(db.DateTime)
    graded_at = db.Column(db.DateTime)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    user = db.relationship("LtiUser")


class BudgetFindingOverride(db.Model):
    """The instructor sets aside one automatic finding of a handed-in budget (``finding_index``: its place in
    ``BudgetSubmission.findings``), with a note the learner sees; who did it and when are kept."""

    __tablename__ = "budget_finding_override"
    __table_args__ = (db.UniqueConstraint("submission_id", "finding_index"),)

    id = db.Column(db.Integer, primary_key=True)
    submission_id = db.Column(db.Integer, db.ForeignKey("budget_submission.id", ondelete="CASCADE"), nullable=False,
                              index=True)
    finding_index = db.Column(db.Integer, nullable=False)
    note = db.Column(db.Text, nullable=False, default="")
    overridden_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    overridden_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    by = db.relationship("LtiUser")


class BudgetTemplate(db.Model):
    """An exercise saved as a template of its platform (``issuer``): every course of the same Moodle site can start
    an exercise from it. ``settings``: the exercise's settings and its lists' items (``services.copies``); saving
    again under the same name (case and spaces aside) replaces them."""

    __tablename__ = "budget_template"
    __table_args__ = (db.UniqueConstraint("issuer", "name_folded"),)

    id = db.Column(db.Integer, primary_key=True)
    issuer = db.Column(db.String(500), nullable=False, index=True)
    name = db.Column(db.String(120), nullable=False)
    name_folded = db.Column(db.String(120), nullable=False)
    settings = db.Column(db.JSON, nullable=False)
    created_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
