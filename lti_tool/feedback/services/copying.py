"""A form's items copied: into a form being built (from an own template) and to another course (a new feedback
activity there, or an existing form of that course that nobody has answered yet). **Answers are never copied**:
only items, the list of facilitators and the template's key and version (so the cohort comparison finds the copy
as another run of the same template).

Where a form may be copied to (``targets``) mirrors the module bank: courses of the **same platform** (issuer)
only, and only those where the user is known as an instructor. The tool keeps no roster of roles, so "known" means
staff actions recorded by the tool in that course: the user created one of its activities (only staff can) or
changed one of its feedback forms (the builder's audit trail). A course id or activity id from the browser is
looked up only among these targets (anything else is ``None``: the page answers 404).
"""
from dataclasses import dataclass

from ...activities.models import Activity
from ...extensions import db
from ...lti.models import Course
from ..domain.copying import remap_conditions
from ..models import FeedbackAuditEvent, FeedbackCompletion, FeedbackForm, FeedbackItem, FeedbackResponse
from . import FeedbackRefused, audit
from .items import item_rows

FIELDS = ("type", "page", "required", "text_id", "text_en", "options", "config")
MAX_TITLE = 255


def specs_of(rows, refs):
    """The visible items of ``rows`` as specs (dicts): ``ref`` from ``refs`` ({item id: ref}), ``key``, the
    fields, and the condition naming its source by ref (a hidden item is not copied)."""
    specs = []
    for row in rows:
        if row.hidden:
            continue
        condition = None
        if row.condition:
            condition = {"ref": refs.get(int(row.condition["item"])), "values": list(row.condition["values"])}
        spec = {name: getattr(row, name) for name in FIELDS}
        spec.update(ref=refs[row.id], key=row.key, condition=condition,
                    options=[dict(o) for o in row.options or []], config=dict(row.config or {}))
        specs.append(spec)
    return specs


def build_from_specs(form, specs):
    """New items on ``form`` (after its existing ones) from ``specs``; conditions point at the new items. Returns
    the refs whose condition was dropped (its source not copied). Flushes; the caller commits."""
    start = db.session.query(db.func.count(FeedbackItem.id)).filter_by(form_id=form.activity_id).scalar() or 0
    rows = {}
    for position, spec in enumerate(sorted(specs, key=lambda s: s["page"]), start=start + 1):
        item = FeedbackItem(form_id=form.activity_id, key=spec.get("key"), position=position,
                            **{name: spec[name] for name in FIELDS})
        item.required = bool(spec["required"]) and spec["type"] != "info"
        db.session.add(item)
        rows[spec["ref"]] = item
    db.session.flush()
    made = {ref: item.id for ref, item in rows.items()}
    conditions, dropped = remap_conditions(specs, made)
    by_id = {item.id: item for item in rows.values()}
    for item_id, condition in conditions.items():
        by_id[item_id].condition = condition
    return dropped


@dataclass(frozen=True)
class Target:
    course_id: int
    course: str
    activities: tuple  # (activity id, title) of the course's feedback forms nobody has answered


def _answered(form_id):
    return (db.session.query(FeedbackCompletion.user_id).filter_by(form_id=form_id).first() is not None
            or db.session.query(FeedbackResponse.id).filter_by(form_id=form_id).first() is not None)


def targets(form, user, issuer):
    """The courses this form may be copied to, the newest first."""
    this_course = db.session.query(Activity.course_id).filter_by(id=form.activity_id).scalar()
    created = db.select(Activity.course_id).where(Activity.created_by == user.id)
    edited = (db.select(Activity.course_id).join(FeedbackAuditEvent, FeedbackAuditEvent.form_id == Activity.id)
              .where(FeedbackAuditEvent.user_id == user.id))
    courses = (Course.query.filter(Course.issuer == issuer, Course.id != this_course,
                                   db.or_(Course.id.in_(created), Course.id.in_(edited)))
               .order_by(Course.updated_at.desc(), Course.id.desc()).all())
    found = []
    for course in courses:
        forms = (db.session.query(Activity.id, Activity.title)
                 .join(FeedbackForm, FeedbackForm.activity_id == Activity.id)
                 .filter(Activity.course_id == course.id, Activity.kind == "feedback")
                 .order_by(Activity.created_at.desc(), Activity.id.desc()).all())
        empty = tuple((aid, title) for aid, title in forms if not _answered(aid))
        found.append(Target(course.id, course.title or course.label or "", empty))
    return found


def target_of(form, user, issuer, course_id, activity_id=None):
    """(Target, activity id or None) when ``course_id`` (and ``activity_id``, a form there nobody answered) is
    among ``targets``; else None."""
    for target in targets(form, user, issuer):
        if target.course_id == course_id:
            if activity_id is None:
                return target, None
            if any(aid == activity_id for aid, _title in target.activities):
                return target, activity_id
            return None
    return None


def copy_form(form, activity, user, target, target_activity_id, title=""):
    """Copy ``form``'s items (and facilitators, template key and version) to ``target``: into the form of
    ``target_activity_id`` (its items replaced; refused when someone has answered it meanwhile) or, without one,
    into a new feedback activity of that course titled ``title``. Returns the target activity's id."""
    if target_activity_id is None:
        title = " ".join((title or "").split())[:MAX_TITLE]
        if not title:
            raise FeedbackRefused("copy_title_missing")
        new = Activity(course_id=target.course_id, kind="feedback", title=title, description=activity.description,
                       graded=activity.graded, score_maximum=activity.score_maximum,
                       created_by=user.id if user is not None else None)
        db.session.add(new)
        db.session.flush()
        into = FeedbackForm(activity_id=new.id, anonymous=form.anonymous, editable=form.editable, jp=form.jp,
                            template_key=form.template_key, template_version=form.template_version, persons=[])
        db.session.add(into)
        db.session.flush()
        target_activity_id = new.id
    else:
        if _answered(target_activity_id):
            raise FeedbackRefused("copy_target_answered")
        into = db.session.get(FeedbackForm, target_activity_id)
        FeedbackItem.query.filter_by(form_id=into.activity_id).delete(synchronize_session=False)
        into.template_key, into.template_version = form.template_key, form.template_version
    into.persons = [dict(p) for p in form.persons or [] if not p.get("hidden")]
    rows = item_rows(form)
    dropped = build_from_specs(into, specs_of(rows, {r.id: str(r.id) for r in rows}))
    source_course = db.session.get(Course, activity.course_id)
    audit.record(into.activity_id, user, "copied_from", text=activity.title[:80], source_form=form.activity_id,
                 source_course=source_course.title or source_course.label or "", dropped=len(dropped))
    audit.record(form.activity_id, user, "copied_to", text=target.course[:80], target_form=into.activity_id,
                 target_course=target.course_id)
    db.session.commit()
    return target_activity_id


def item_count(form_id):
    return db.session.query(db.func.count(FeedbackItem.id)).filter_by(form_id=form_id).scalar() or 0
