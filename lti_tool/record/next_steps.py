"""Recommended next steps (issue 15): an instructor of a course names the follow-up activities of the course (the
seminar on SIPD after *Pengelolaan Keuangan Daerah*), picked among the activities of the same platform whose kind can
enrol a learner (``ActivityKind.enrol``). A learner's record page recommends the follow-ups of every course where
they completed something and have not completed (attended) yet; signing up is one click, through the kind's
``enrol``. Core: reaches the kinds through the seam only; an activity id from the browser is used only when it is
one of the learner's recommendations (``recommended_for``) or one of the platform's candidates (``candidates``).
"""
from ..activities.completion import Completion
from ..activities.kinds import get_kind
from ..activities.models import Activity
from ..clock import utcnow
from ..extensions import db
from ..lti.models import Course


class NextStep(db.Model):
    __tablename__ = "course_next_step"
    __table_args__ = (db.UniqueConstraint("course_id", "activity_id"),)

    id = db.Column(db.Integer, primary_key=True)
    course_id = db.Column(db.Integer, db.ForeignKey("course.id", ondelete="CASCADE"), nullable=False, index=True)
    activity_id = db.Column(db.Integer, db.ForeignKey("activity.id", ondelete="CASCADE"), nullable=False)
    added_by = db.Column(db.Integer, db.ForeignKey("lti_user.id", ondelete="SET NULL"))
    added_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    activity = db.relationship("Activity")


def _can_enrol(activity):
    kind = get_kind(activity.kind)
    return kind is not None and kind.enrol is not None


def candidates(course):
    """The activities of the course's platform (same issuer) a learner can be enrolled in, newest first."""
    rows = db.session.execute(db.select(Activity).join(Course, Course.id == Activity.course_id).where(
        Course.issuer == course.issuer).order_by(Activity.created_at.desc(), Activity.id.desc())).scalars().all()
    return [a for a in rows if _can_enrol(a)]


def candidate(course, activity_id):
    return next((a for a in candidates(course) if a.id == activity_id), None)


def steps_of(course):
    return NextStep.query.filter_by(course_id=course.id).order_by(NextStep.id).all()


def add(course, activity, user):
    if NextStep.query.filter_by(course_id=course.id, activity_id=activity.id).first() is None:
        db.session.add(NextStep(course_id=course.id, activity_id=activity.id, added_by=user.id if user else None))
        db.session.commit()


def remove(course, step_id):
    removed = NextStep.query.filter_by(course_id=course.id, id=step_id).delete()
    db.session.commit()
    return bool(removed)


def recommended_for(user):
    """The follow-ups recommended to ``user``: [(activity, [titles of the courses they follow])], each once, not
    completed by the user, of a kind that can enrol, on the user's platform."""
    done_courses = db.select(Activity.course_id).join(Completion, Completion.activity_id == Activity.id).where(
        Completion.user_id == user.id)
    done = db.select(Completion.activity_id).where(Completion.user_id == user.id)
    rows = db.session.execute(db.select(NextStep, Course).join(Course, Course.id == NextStep.course_id).where(
        NextStep.course_id.in_(done_courses), NextStep.activity_id.not_in(done),
        Course.issuer == user.issuer).order_by(NextStep.id)).all()
    found = {}
    for step, course in rows:
        activity = step.activity
        if activity is None or not _can_enrol(activity) or activity.course.issuer != user.issuer:
            continue
        found.setdefault(activity.id, (activity, []))[1].append(course.title or course.label)
    return list(found.values())


def status_of(activity, user):
    """The kind's short text about the user and the activity (``summarise``), or ""."""
    kind = get_kind(activity.kind)
    if kind is None or kind.summarise is None:
        return ""
    return kind.summarise(activity, [user.id]).get(user.id, "")


def enrolled(activity, user):
    """Whether the kind says ``user`` is signed up for ``activity`` already (a kind without ``enrolled``: never)."""
    kind = get_kind(activity.kind)
    return bool(kind is not None and kind.enrolled is not None and kind.enrolled(activity, user))


def enrol(user, activity_id):
    """Sign ``user`` up for a recommended follow-up: the kind's message, or None (not recommended to them)."""
    activity = next((a for a, _courses in recommended_for(user) if a.id == activity_id), None)
    if activity is None:
        return None
    return get_kind(activity.kind).enrol(activity, user)
