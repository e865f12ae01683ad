"""Creating activities, and binding resource links to them without trusting ids from the browser."""
from decimal import Decimal

from ..extensions import db
from ..ids import record_id
from ..lti.models import ResourceLink
from . import jp
from .kinds import KindError, get_kind
from .models import Activity

CUSTOM_PARAM = "latih_activity"  # the custom parameter deep linking puts on each link


class ActivityError(ValueError):
    """Invalid input for an activity: ``reason`` is ``kind``, ``title``, ``course`` or ``form`` (then ``message``, from
    the kind's create form, is for the instructor)."""

    def __init__(self, reason, message=None):
        super().__init__(reason)
        self.reason, self.message = reason, message


def course_activities(course_id):
    return Activity.query.filter_by(course_id=course_id).order_by(Activity.created_at.desc(), Activity.id.desc()).all()


def activity_in_course(activity_id, course_id):
    """The activity with this id if it belongs to this course, else None (ids come from forms and links)."""
    activity_id = record_id(activity_id)
    if activity_id is None:
        return None
    return Activity.query.filter_by(id=activity_id, course_id=course_id).first()


def create_activity(course_id, user_id, kind_name, title, description="", form=None):
    """A new activity of an installed kind; ``form``: the fields of the kind's create form (deep-linking dialog)."""
    kind = get_kind(kind_name)
    if kind is None:
        raise ActivityError("kind")
    title = (title or "").strip()
    if not title:
        raise ActivityError("title")
    activity = Activity(
        course_id=course_id,
        kind=kind.name,
        title=title[:255],
        description=(description or "").strip()[:5000],
        graded=kind.graded,
        score_maximum=Decimal(kind.score_maximum),
        created_by=user_id,
    )
    db.session.add(activity)
    try:
        jp.apply_category(activity, form, kind.name)  # the shared field <kind>_jp_category of every create form
    except KindError as exc:
        db.session.rollback()
        raise ActivityError("form", str(exc)) from exc
    if kind.on_create is not None:
        db.session.flush()
        try:
            kind.on_create(activity, form or {})
        except KindError as exc:
            db.session.rollback()
            raise ActivityError("form", str(exc)) from exc
    db.session.commit()
    return activity


def bind_link(link: ResourceLink, activity: Activity):
    if activity.course_id != link.course_id:
        raise ActivityError("course")
    link.activity_id = activity.id
    db.session.commit()


def bind_from_custom(link, custom):
    """A deep-linked link names its activity in a custom parameter: bind it, if it is this course's activity.

    A parameter naming another course's activity (forged, or a course copied in Moodle) is ignored: the
    link stays as it was and an instructor is asked to choose.
    """
    if link is None or CUSTOM_PARAM not in (custom or {}):
        return
    activity = activity_in_course(custom[CUSTOM_PARAM], link.course_id)
    if activity is not None and link.activity_id != activity.id:
        bind_link(link, activity)
