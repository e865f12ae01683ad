"""The budgeting exercise (RKA): a kind of activity, plugged in through ``KIND`` (see ``LATIH_KINDS``)."""
from flask_babel import lazy_gettext as _l

from ..activities.kinds import ActivityKind, NavEntry


def init_app(app):
    from . import models  # noqa: F401  (tables for Alembic)
    from .views import init_app as init_views

    init_views(app)


KIND = ActivityKind(
    name="budgeting",
    label=_l("Budgeting exercise (RKA)"),
    learner_endpoint="budgeting.work",
    instructor_endpoint="budgeting.manage",
    graded=True,
    init_app=init_app,
    blueprints=("budgeting",),
    staff_nav=(NavEntry(_l("Dashboard"), "budgeting_dashboard.index", ("budgeting_dashboard",)),),
)
