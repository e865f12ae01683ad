"""Who an entry may be added for, and who may see or verify it.

Learners known in a course: the course's roster (Moodle's NRPS, cached; the page works without it) and anyone who
completed one of its activities or submitted an entry in it. Ids from the browser are looked up in that list only."""
from ..activities.completion import Completion
from ..activities.models import Activity
from ..extensions import db
from ..grades.roster import roster_or_problem
from ..ids import record_id
from ..lti.models import LtiUser
from .entries_models import ExternalEntry


def course_learners(course):
    """[LtiUser] known as learners of ``course``, by name."""
    members, _problem = roster_or_problem(course)
    subs = [m.user_id for m in members if m.is_learner]
    users = {}
    if subs:
        for user in LtiUser.query.filter(LtiUser.issuer == course.issuer, LtiUser.sub.in_(subs)).all():
            users[user.id] = user
    worked = db.select(Completion.user_id).join(Activity, Activity.id == Completion.activity_id).where(
        Activity.course_id == course.id)
    submitted = db.select(ExternalEntry.user_id).where(ExternalEntry.course_id == course.id)
    for user in LtiUser.query.filter(LtiUser.issuer == course.issuer,
                                     db.or_(LtiUser.id.in_(worked), LtiUser.id.in_(submitted))).all():
        users[user.id] = user
    return sorted(users.values(), key=lambda u: ((u.name or u.sub).lower(), u.id))


def course_learner(course, value):
    """The learner with the id ``value`` (from a form) if known in ``course``, else None."""
    user_id = record_id(value)
    return next((u for u in course_learners(course) if u.id == user_id), None) if user_id is not None else None


def entry_of_course(entry_id, course_id):
    """An entry submitted or added in this course (its instructors verify it), else None."""
    entry_id = record_id(entry_id)
    if entry_id is None:
        return None
    return db.session.execute(db.select(ExternalEntry).where(ExternalEntry.id == entry_id,
                                                             ExternalEntry.course_id == course_id)).scalar()


def course_entries(course_id):
    """The course's entries: pending first, then the newest."""
    pending_first = db.case((ExternalEntry.status == "pending", 0), else_=1)
    return db.session.execute(db.select(ExternalEntry).where(ExternalEntry.course_id == course_id)
                              .order_by(pending_first, ExternalEntry.id.desc())).scalars().all()
