"""Exercise templates and copies. A template keeps an exercise's settings (scenario, programme, pagu, rules,
rubric, model answer) and its lists' items, for every course of the same platform (issuer); a copy makes a new
budgeting activity in another course of the same platform with the same settings. **Budgets are never copied.**

Where an exercise may be copied to mirrors the feedback forms' copies: courses of the same platform where the user
is known as an instructor, i.e. where they created an activity (only staff can). A course id from the browser is
looked up only among these (anything else is None: the page answers 404). The due date is not copied or saved:
it belongs to a course's calendar.
"""
from dataclasses import dataclass
from decimal import Decimal

from ...activities.models import Activity
from ...extensions import db
from ...lti.models import Course
from ..models import BudgetExercise, BudgetReferenceList, BudgetTemplate
from . import SubmissionRefused

SKIPPED = {"activity_id", "account_list_id", "price_list_id", "updated_at", "due_at", "variants_assigned"}
MAX_NAME, MAX_TEMPLATES = 120, 200


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


def snapshot(exercise):
    """The exercise's settings and its lists' items as plain JSON values."""
    columns = [c.name for c in BudgetExercise.__table__.columns if c.name not in SKIPPED]
    values = {name: _plain(getattr(exercise, name)) for name in columns}
    values["lists"] = {kind: {"filename": row.filename, "items": row.items}
                       for kind, row in (("accounts", exercise.account_list), ("prices", exercise.price_list))
                       if row is not None}
    return values


def apply_snapshot(exercise, values, user_id):
    """``values`` (a ``snapshot``) on ``exercise``: its settings, and each list as a new version of its lists."""
    columns = {c.name: c for c in BudgetExercise.__table__.columns if c.name not in SKIPPED}
    for name, value in values.items():
        if name in columns:
            if value is not None and isinstance(columns[name].type, db.Numeric):
                value = Decimal(value)
            setattr(exercise, name, value)
    for kind, stored in (values.get("lists") or {}).items():
        if kind not in ("accounts", "prices"):
            continue
        version = 1 + (db.session.query(db.func.max(BudgetReferenceList.version))
                       .filter_by(activity_id=exercise.activity_id, kind=kind).scalar() or 0)
        row = BudgetReferenceList(activity_id=exercise.activity_id, kind=kind, version=version,
                                  filename=str(stored.get("filename") or "")[:255], items=stored["items"],
                                  imported_by=user_id)
        db.session.add(row)
        db.session.flush()
        setattr(exercise, "account_list_id" if kind == "accounts" else "price_list_id", row.id)


def _folded(name):
    return " ".join(name.split()).lower()


def save_as_template(exercise, user_id, issuer, name):
    """The platform's template ``name`` (new, or replaced when one of that name exists). Returns it."""
    name = " ".join((name or "").split())[:MAX_NAME]
    if not name:
        raise SubmissionRefused("template_name_missing")
    template = BudgetTemplate.query.filter_by(issuer=issuer, name_folded=_folded(name)).first()
    if template is None:
        template = BudgetTemplate(issuer=issuer, name_folded=_folded(name))
        db.session.add(template)
    template.name, template.settings, template.created_by = name, snapshot(exercise), user_id
    db.session.commit()
    return template


def templates_of(issuer):
    return (BudgetTemplate.query.filter_by(issuer=issuer).order_by(BudgetTemplate.name_folded)
            .limit(MAX_TEMPLATES).all())


def template_of(issuer, template_id):
    """The platform's template ``template_id`` (an id of another platform's template is None)."""
    return BudgetTemplate.query.filter_by(issuer=issuer, id=template_id).first() if template_id else None


@dataclass(frozen=True)
class Target:
    course_id: int
    course: str


def targets(activity, user, issuer):
    """The courses this exercise may be copied to, the newest first."""
    created = db.select(Activity.course_id).where(Activity.created_by == user.id)
    courses = (Course.query.filter(Course.issuer == issuer, Course.id != activity.course_id, Course.id.in_(created))
               .order_by(Course.updated_at.desc(), Course.id.desc()).all())
    return [Target(c.id, c.title or c.label or "") for c in courses]


def target_of(activity, user, issuer, course_id):
    return next((t for t in targets(activity, user, issuer) if t.course_id == course_id), None)


def copy_to(exercise, activity, user, target, title):
    """A new budgeting activity in ``target``'s course with ``exercise``'s settings. Returns the new activity."""
    title = " ".join((title or "").split())[:255]
    if not title:
        raise SubmissionRefused("copy_title_missing")
    new = Activity(course_id=target.course_id, kind="budgeting", title=title, description=activity.description,
                   graded=activity.graded, score_maximum=activity.score_maximum, created_by=user.id,
                   jp_category=activity.jp_category)
    db.session.add(new)
    db.session.flush()
    into = BudgetExercise(activity_id=new.id, programme={}, allowed_accounts=[], required_components=[], forbidden={},
                          weights={}, rubric=[])
    db.session.add(into)
    db.session.flush()
    apply_snapshot(into, snapshot(exercise), user.id)
    db.session.commit()
    return new
