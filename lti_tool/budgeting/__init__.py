"""Budgeting exercises: a learner plans the Rincian Belanja of an RKA and the tool checks it.

A kind of activity (``KIND``, loaded through ``LATIH_KINDS``); ``init_app`` adds its pages. Inside: ``domain/`` (pure:
numbers, the budget, the rules, the checks, the score) · ``io/`` (CSV/XLSX in and out) · ``services/`` · ``models.py``
· ``labels.py`` (every text, in the catalogue) · ``findings.py`` (stored findings: code + params) · the pages:
``learner_views``, ``instructor_views`` (both on the blueprint of ``pages``), ``dashboard_views``, ``api_views`` (the
editor's JSON) · ``forms.py``. Scenarios are rendered by the core ``lti_tool.richtext``.
"""
from flask_babel import lazy_gettext as _l

from ..activities.kinds import ActivityKind, NavEntry


def init_app(app):
    """The kind's blueprints (the pages, the dashboard, the editor's JSON) and its template filters."""
    from . import (  # noqa: F401  (routes on pages.bp)
        api_views,
        copy_views,
        dashboard_views,
        instructor_views,
        learner_views,
        model_views,
        override_views,
        pages,
    )
    from . import models as _models  # noqa: F401  (tables for Alembic)

    app.register_blueprint(pages.bp)
    app.register_blueprint(dashboard_views.bp)
    app.register_blueprint(api_views.bp)
    for name, template_filter in pages.TEMPLATE_FILTERS.items():
        app.add_template_filter(template_filter, name)
    app.add_template_global(_templates_of, "budget_templates")


def _templates_of(issuer):
    """The platform's exercise templates, for the deep-linking dialog's "start from a template"."""
    from .services.copies import templates_of

    return templates_of(issuer)


def summarise(activity, user_ids):
    """For the course overview: each learner's state (draft, submitted, graded and the grade)."""
    from .services.dashboard import summaries

    return summaries(activity, user_ids)


def on_create(activity, form):
    """The deep-linking form's ``budgeting_jp`` (planned JP for the learning record; the category is the core's)."""
    from ..activities.jp import parse_jp
    from .services import copies
    from .services.exercises import exercise_for

    jp = parse_jp(form.get("budgeting_jp"))  # KindError: the instructor is told, nothing is created
    exercise = exercise_for(activity)
    template = copies.template_of(activity.course.issuer, _int(form.get("budgeting_template")))
    if template is not None:  # another platform's template id finds nothing
        copies.apply_snapshot(exercise, template.settings, activity.created_by)
    if jp or template is None:
        exercise.jp = jp or None


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def planned_jp(activity):
    """For the learning record: the exercise's planned JP, None when it has none (a submission then credits nothing)."""
    from ..extensions import db
    from .models import BudgetExercise

    return db.session.execute(db.select(BudgetExercise.jp).where(BudgetExercise.activity_id == activity.id)).scalar()


KIND = ActivityKind(
    name="budgeting",
    label=_l("Budgeting exercise (RKA)"),
    learner_endpoint="budgeting.work",
    instructor_endpoint="budgeting.manage",
    graded=True,
    init_app=init_app,
    blueprints=("budgeting",),
    summarise=summarise,
    create_form="budgeting/_create.html",
    on_create=on_create,
    planned_jp=planned_jp,
    staff_nav=(NavEntry(_l("Dashboard"), "budgeting_dashboard.index", ("budgeting_dashboard",)),),
)
