"""Structured feedback forms (issue 14): a kind of activity (``KIND``, loaded through ``LATIH_KINDS``).

An instructor creates a form from a template (Evaluasi Penyelenggaraan, Evaluasi Pengajar, Evaluasi Materi, or
empty), named or anonymous, and shapes it in the builder: items of twelve types on pages, conditions, a list of
facilitators rated one by one. Learners answer it once (a named form may allow changes until it closes); answering
records the completion, gives full marks when the form gives a grade, and fires the completion event. Anonymous
responses are stored so that nobody can link them to a person (``models``). Level 3: alumni and their supervisors
answer by a personal link months after the course (``invitation_models``, ``services/invitations``, ``schedule``,
``invitation_answers``, ``level3_gap``; the pages ``invitation_views`` and ``external_views``), with the core's
invitation mechanism (``lti_tool.invitations``).

Inside: ``domain/`` (pure: item types and conditions, reading answers) · ``form_templates.py`` (the templates, texts
in the catalogue) · ``models.py`` · ``services/`` (forms and settings, items, item_form, responses, audit) ·
``labels.py`` (every text) · the pages: ``builder_views``, ``settings_views``, ``learner_views`` (all on the blueprint
of ``pages``).
"""
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from ..activities.kinds import ActivityKind, KindError, NavEntry


def init_app(app):
    """The kind's blueprint, tables and template filters."""
    from ..clock import zone_abbreviation
    from ..invitations import due
    from . import builder_views, external_views, invitation_views, learner_views, pages, settings_views  # noqa: F401
    from . import invitation_models as _invitation_models  # noqa: F401  (tables for Alembic)
    from . import models as _models  # noqa: F401  (tables for Alembic)
    from .form_templates import DEFAULT_TEMPLATE, TEMPLATES
    from .schedule_cli import feedback_cli
    from .services.schedule import due_job

    app.register_blueprint(pages.bp)
    app.register_blueprint(external_views.bp)
    app.cli.add_command(feedback_cli)
    due.register(app, "feedback-level3", due_job)
    for name, template_filter in pages.TEMPLATE_FILTERS.items():
        app.add_template_filter(template_filter, name)
    for name, value in pages.TEMPLATE_GLOBALS.items():
        app.add_template_global(value, name)
    app.add_template_global(lambda: (TEMPLATES, DEFAULT_TEMPLATE), "feedback_templates")  # the create form's list
    app.add_template_global(zone_abbreviation, "feedback_zone")


def on_create(activity, form):
    """The deep-linking form's ``feedback_*`` fields: template, named or anonymous, planned JP, grade, open/close."""
    from .labels import refusal
    from .services import FeedbackRefused
    from .services.forms import create_form

    try:
        create_form(activity, form)
    except FeedbackRefused as exc:
        raise KindError(refusal(exc.code, exc.params)) from exc


def summarise(activity, user_ids):
    """For the course overview: when each learner answered the form (anonymous forms too: who answered is not
    secret, what they answered is)."""
    from flask_babel import gettext as _

    from ..formats import format_date
    from .services.responses import completions

    done = completions(activity.id, user_ids)
    answered, waiting = _("answered on %(date)s"), _("not answered yet")
    return {uid: answered % {"date": format_date(done[uid])} if uid in done else waiting for uid in user_ids}


KIND = ActivityKind(
    name="feedback",
    label=_l("Feedback form"),
    learner_endpoint="feedback.answer",
    instructor_endpoint="feedback.builder",
    graded=True,
    score_maximum=Decimal(100),
    description=_l("A structured feedback form (evaluation of the organisation, the facilitators, the material), "
                   "named or anonymous."),
    init_app=init_app,
    staff_nav=(NavEntry(_l("Settings"), "feedback.settings"),
               NavEntry(_l("Preview as a learner"), "feedback.preview"),
               NavEntry(_l("Invitations"), "feedback.invitations")),
    create_form="feedback/_create.html",
    on_create=on_create,
    summarise=summarise,
    blueprints=("feedback",),
)
