"""A feedback form: its settings, items, responses and answers, who has answered, and the builder's audit trail.

Anonymity is in the shape of the tables, not only in the pages:

- ``FeedbackResponse`` and ``FeedbackAnswer`` have random primary keys (128 bits from ``secrets``), no
  autoincrement key, no user and no time: a response carries its form and the **day** only. On SQLite both are
  ``WITHOUT ROWID`` tables, so not even SQLite's hidden row number orders them.
- ``FeedbackCompletion`` says who has answered which form and when (for the grade, JP credit and reminders). It
  shares no key with the responses and is written in its own transaction.
- ``FeedbackRespondent`` links a response to its user and times — **for named forms only**; an anonymous form's
  responses never get one.

Answers are rows made for SQL aggregation (``GROUP BY item_id, person``): a scale point or number in ``number``,
a choice's value, a date or a text in ``text``; one row per ticked option of a multiple choice.
"""
from ..clock import utcnow
from ..extensions import db

WITHOUT_ROWID = {"sqlite_with_rowid": False}


class FeedbackForm(db.Model):
    __tablename__ = "feedback_form"

    activity_id = db.Column(db.Integer, db.ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True)
    anonymous = db.Column(db.Boolean, nullable=False, default=True)  # locked once someone has answered
    editable = db.Column(db.Boolean, nullable=False, default=False)  # named forms: answers change until close
    open_at = db.Column(db.DateTime)  # UTC, naive; None: open from the start
    close_at = db.Column(db.DateTime)  # None: never closes
    jp = db.Column(db.Integer, nullable=False, default=0)  # planned hours of lessons (0 allowed)
    template_key = db.Column(db.String(40), nullable=False, default="blank")
    template_version = db.Column(db.Integer, nullable=False, default=1)
    persons = db.Column(db.JSON, nullable=False, default=list)  # [{"id": 1, "name": "…", "hidden": false,
    #                                                              "user": "<the Moodle account's LTI sub>"}]
    report_minimum = db.Column(db.Integer, nullable=False, default=5, server_default="5")  # small groups: ≥ 3
    index_target = db.Column(db.Numeric(5, 2))  # the centre's target for the 0–100 index (e.g. 80), None: no target
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    activity = db.relationship("Activity")


class FeedbackItem(db.Model):
    __tablename__ = "feedback_item"

    id = db.Column(db.Integer, primary_key=True)
    form_id = db.Column(db.Integer, db.ForeignKey("feedback_form.activity_id", ondelete="CASCADE"), nullable=False,
                        index=True)
    key = db.Column(db.String(40))  # the template's key for the item (the same question across runs), else None
    position = db.Column(db.Integer, nullable=False)  # 1, 2 … in the learner's order (pages first)
    page = db.Column(db.Integer, nullable=False, default=1)
    type = db.Column(db.String(20), nullable=False)  # domain.items.TYPES
    required = db.Column(db.Boolean, nullable=False, default=False)
    text_id = db.Column(db.Text, nullable=False)
    text_en = db.Column(db.Text, nullable=False, default="")
    options = db.Column(db.JSON, nullable=False, default=list)  # [{"value": "o1", "id": "…", "en": "…"}]
    config = db.Column(db.JSON, nullable=False, default=dict)  # domain.items.check_config
    condition = db.Column(db.JSON)  # {"item": id, "values": ["…"]}: shown only when that item got one of them
    hidden = db.Column(db.Boolean, nullable=False, default=False)  # items with answers are hidden, not deleted


class FeedbackResponse(db.Model):
    __tablename__ = "feedback_response"
    __table_args__ = WITHOUT_ROWID

    id = db.Column(db.String(32), primary_key=True)  # secrets.token_hex(16): random, no order
    form_id = db.Column(db.Integer, db.ForeignKey("feedback_form.activity_id", ondelete="CASCADE"), nullable=False,
                        index=True)
    day = db.Column(db.Date, nullable=False)  # the day only, in the training centre's zone: never a time


class FeedbackAnswer(db.Model):
    __tablename__ = "feedback_answer"
    __table_args__ = WITHOUT_ROWID

    id = db.Column(db.String(32), primary_key=True)  # secrets.token_hex(16)
    response_id = db.Column(db.String(32), db.ForeignKey("feedback_response.id", ondelete="CASCADE"), nullable=False,
                            index=True)
    item_id = db.Column(db.Integer, db.ForeignKey("feedback_item.id", ondelete="CASCADE"), nullable=False,
                        index=True)
    person = db.Column(db.Integer)  # the person rated (FeedbackForm.persons id), for person_rating items
    number = db.Column(db.Numeric(18, 4))
    text = db.Column(db.Text)


class FeedbackRespondent(db.Model):
    """Named forms only: whose response it is, and when it was sent and last changed."""

    __tablename__ = "feedback_respondent"
    __table_args__ = (db.UniqueConstraint("form_id", "user_id"),)

    response_id = db.Column(db.String(32), db.ForeignKey("feedback_response.id", ondelete="CASCADE"),
                            primary_key=True)
    form_id = db.Column(db.Integer, db.ForeignKey("feedback_form.activity_id", ondelete="CASCADE"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="CASCADE"), nullable=False)
    submitted_at = db.Column(db.DateTime, nullable=False)
    updated_at = db.Column(db.DateTime, nullable=False)


class FeedbackCompletion(db.Model):
    """Who has answered a form and when (grade, JP credit, reminders): no key shared with the responses."""

    __tablename__ = "feedback_completion"

    form_id = db.Column(db.Integer, db.ForeignKey("feedback_form.activity_id", ondelete="CASCADE"),
                        primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="CASCADE"), primary_key=True)
    completed_at = db.Column(db.DateTime, nullable=False)


class FeedbackAuditEvent(db.Model):
    """The builder's changes (who, what, when). Learners' answers are never recorded here."""

    __tablename__ = "feedback_audit_event"

    id = db.Column(db.Integer, primary_key=True)
    form_id = db.Column(db.Integer, db.ForeignKey("feedback_form.activity_id", ondelete="CASCADE"), nullable=False,
                        index=True)
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    user_id = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    actor = db.Column(db.String(255), nullable=False, default="")
    action = db.Column(db.String(40), nullable=False)
    detail = db.Column(db.JSON, nullable=False, default=dict)
