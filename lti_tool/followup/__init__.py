"""Follow-up sessions (issue 15): a kind of activity (``KIND``, loaded through ``LATIH_KINDS``).

An instructor schedules a session (title, start and end, place or online link, capacity, planned JP and its
category) from Moodle's "Select content" dialog; learners of the course sign up or cancel (a waiting list when
full, the first on it promoted when a seat frees: ``services``) and add it to their calendar (``ics``); alumni of
earlier runs do the same by a personal link (``alumni``, ``alumni_views``). The instructor marks attendance from the
list, or shows a short-lived code with a QR on the projector that attendees enter (``codes``, ``code_views``).
Attendance is the completion (``attendance``): the learning record credits the JP, an unmarked attendance is
reversed; an optional grade goes through the outbox. ``enrol`` lets the record's recommended next steps sign a
learner up in one click.

Pages: ``pages`` (the blueprint), ``learner_views``, ``staff_views``, ``code_views``, ``alumni_views``; texts in
``labels``.
"""
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from ..activities.kinds import ActivityKind, KindError, NavEntry


def init_app(app):
    from ..clock import zone_abbreviation
    from . import alumni_views, code_views, learner_views, pages, staff_views  # noqa: F401
    from . import models as _models  # noqa: F401  (tables for Alembic)
    from .labels import category_label
    from .services import categories

    app.register_blueprint(pages.bp)
    app.register_blueprint(alumni_views.bp)
    app.add_template_global(categories, "followup_categories")
    app.add_template_global(category_label, "followup_category_label")
    app.add_template_global(zone_abbreviation, "followup_zone")


def on_create(activity, form):
    from .labels import refusal
    from .services import FollowupRefused, create_session

    try:
        create_session(activity, form)
    except FollowupRefused as exc:
        raise KindError(refusal(exc.code)) from exc


def _session(activity):
    from .services import session_of

    return session_of(activity)


def planned_jp(activity):
    session = _session(activity)
    return None if session is None else Decimal(session.jp)


def jp_category_of(activity):
    session = _session(activity)
    return session.category if session is not None else "seminar/workshop"


def summarise(activity, user_ids):
    """For the course overview and the next steps: each learner's state (signed up, waiting, attended)."""
    from .labels import status_text
    from .models import FollowupSignup
    from .services import waiting_position

    rows = {r.user_id: r for r in FollowupSignup.query.filter(
        FollowupSignup.activity_id == activity.id, FollowupSignup.user_id.in_(list(user_ids)))} if user_ids else {}
    return {uid: status_text(rows.get(uid), waiting_position(rows.get(uid))) for uid in user_ids}


def enrol(activity, learner):
    """One-click sign-up from the learner's recommended next steps: the message for the learner."""
    from .labels import refusal, signup_message
    from .services import FollowupRefused, sign_up, waiting_position

    try:
        outcome, row = sign_up(activity.id, user=learner)
    except FollowupRefused as exc:
        return refusal(exc.code)
    return signup_message(outcome, waiting_position(row))[1]


def enrolled(activity, learner):
    """Signed up for the session (a seat or the waiting list): the next steps offer no second sign-up."""
    from ..extensions import db
    from .models import FollowupSignup

    return db.session.execute(db.select(FollowupSignup.id).where(
        FollowupSignup.activity_id == activity.id, FollowupSignup.user_id == learner.id).limit(1)).first() is not None


KIND = ActivityKind(
    name="followup",
    label=_l("Follow-up session"),
    learner_endpoint="followup.learner",
    instructor_endpoint="followup.manage",
    graded=True,
    score_maximum=Decimal(100),
    description=_l("A seminar or meeting after a course: learners and invited alumni sign up, attendance is "
                   "marked from the list or by a code on the screen, and credits the planned JP."),
    init_app=init_app,
    staff_nav=(NavEntry(_l("Show attendance code"), "followup.projector"),
               NavEntry(_l("Alumni invitations"), "followup.invitations")),
    create_form="followup/_create.html",
    on_create=on_create,
    summarise=summarise,
    planned_jp=planned_jp,
    jp_category="seminar/workshop",
    jp_category_of=jp_category_of,
    enrol=enrol,
    enrolled=enrolled,
    blueprints=("followup",),
)
