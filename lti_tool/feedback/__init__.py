"""Structured feedback forms (issue 14): a kind of activity (``KIND``, loaded through ``LATIH_KINDS``).

An instructor creates a form from a template (Evaluasi Penyelenggaraan, Evaluasi Pengajar, Evaluasi Materi, or
empty), named or anonymous, and shapes it in the builder: items of twelve types on pages, conditions, a list of
facilitators rated one by one. Learners answer it once (a named form may allow changes until it closes); answering
records the completion, gives full marks when the form gives a grade, and fires the completion event. Anonymous
responses are stored so that nobody can link them to a person (``models``). The report (``report_views``,
``services/report*``) counts answers in SQL and reads them through the domain: distributions, medians, top-2-box,
diverging bars, NPS, the 0–100 index, the response rate against the roster; small groups suppressed, an anonymous
form's results only after it closes, a facilitator sees only their own rows.
Level 3: alumni and their supervisors
answer by a personal link months after the course (``invitation_models``, ``services/invitations``, ``schedule``,
``invitation_answers``, ``level3_gap``; the pages ``invitation_views`` and ``external_views``), with the core's
invitation mechanism (``lti_tool.invitations``).

Inside: ``domain/`` (pure: item types and conditions, reading answers) · ``form_templates.py`` (the templates, texts
in the catalogue) · ``models.py`` · ``services/`` (forms and settings, items, item_form, responses, audit) ·
``labels.py`` (every text; the report's in ``report_labels.py``) · the pages: ``builder_views``, ``settings_views``,
``learner_views``, ``report_views`` (all on the blueprint of ``pages``).
Own templates and copies: ``own_models``, ``services/templates_own``, ``services/copying``,
``copy_views``, ``copy_labels`` (their texts); the comparison of runs: ``services/cohorts``, ``cohort_views``;
exports of the answers: ``services/exports``, ``io/``, ``export_views``.
The loop from a finding to a change: ``findings_models.py`` (tags on open answers, group discussions),
``services/`` tags, discussions, findings (revision requests through the core ``lti_tool.revisions``) and
findings_score (the evaluation score on the course overview), ``loop_labels.py``, the pages ``findings_views`` and
``discussion_views``.
"""
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from ..activities.kinds import ActivityKind, KindError, NavEntry


def init_app(app):
    """The kind's blueprint, tables and template filters."""
    from ..clock import zone_abbreviation
    from ..invitations import due
    from . import (  # noqa: F401
        builder_views,
        cohort_views,
        copy_views,
        discussion_views,
        export_views,
        external_views,
        findings_views,
        invitation_views,
        learner_views,
        pages,
        report_views,
        settings_views,
    )
    from . import findings_models as _findings_models  # noqa: F401  (tables for Alembic)
    from . import invitation_models as _invitation_models  # noqa: F401  (tables for Alembic)
    from . import models as _models  # noqa: F401  (tables for Alembic)
    from . import own_models as _own_models  # noqa: F401
    from .copy_labels import ACTIONS as COPY_ACTIONS
    from .form_templates import DEFAULT_TEMPLATE, TEMPLATES
    from .labels import ACTIONS
    from .schedule_cli import feedback_cli
    from .services.schedule import due_job
    from .services.templates_own import own_templates

    ACTIONS.update(COPY_ACTIONS)  # the audit trail names these actions too (copy_labels keeps their texts)
    app.register_blueprint(pages.bp)
    app.register_blueprint(external_views.bp)
    app.cli.add_command(feedback_cli)
    due.register(app, "feedback-level3", due_job)
    for name, template_filter in pages.TEMPLATE_FILTERS.items():
        app.add_template_filter(template_filter, name)
    for name, value in pages.TEMPLATE_GLOBALS.items():
        app.add_template_global(value, name)
    app.add_template_global(lambda ctx=None: (TEMPLATES, DEFAULT_TEMPLATE, own_templates(ctx.course.issuer)
                                              if ctx is not None else []), "feedback_templates")  # the create form
    app.add_template_global(zone_abbreviation, "feedback_zone")
    app.add_template_global(report_views.facilitator_link, "feedback_report_link")  # a facilitator's launch


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


def course_summary(activity):
    """For the course overview's line per run: the evaluation score (the 0–100 index) and the responses."""
    from .loop_labels import score_text
    from .services.findings_score import evaluation_of
    from .services.forms import form_for

    return score_text(evaluation_of(form_for(activity)))


def planned_jp(activity):
    """For the learning record: the form's planned JP (its settings row), None when it has no form yet."""
    from ..extensions import db
    from .models import FeedbackForm

    jp = db.session.execute(db.select(FeedbackForm.jp).where(FeedbackForm.activity_id == activity.id)).scalar()
    return None if jp is None else Decimal(jp)


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
               NavEntry(_l("Report"), "feedback.report"),
               NavEntry(_l("Open answers"), "feedback.open_answers"),
               NavEntry(_l("Group discussions"), "feedback.discussions"),
               NavEntry(_l("Revision requests"), "feedback.revisions"),
               NavEntry(_l("Compare runs"), "feedback.cohorts"),
               NavEntry(_l("Export answers"), "feedback.exports"),
               NavEntry(_l("Invitations"), "feedback.invitations"),
               NavEntry(_l("Save or copy"), "feedback.copy_home")),
    create_form="feedback/_create.html",
    on_create=on_create,
    summarise=summarise,
    course_summary=course_summary,
    planned_jp=planned_jp,
    blueprints=("feedback",),
)
