"""Stakeholder-reviewed training modules ("Modul", issue 13): a kind of activity (``KIND``, loaded through
``LATIH_KINDS``).

An instructor writes a module in Markdown (or imports it from .docx) and freezes the draft as immutable versions;
stakeholder groups (regional government, community, universities) review a version in rounds — Moodle users from the
roster and external reviewers by personal link — until the approval rule (data: reviews per group, median per
criterion, no open blocking comment) is met; the approved version is published to learners, who read it section by
section and mark it read (completion, and full marks when the module gives a grade). Each round has a report (page,
PDF, XLSX); modules of the same platform are found and copied in the module bank.

Inside: ``domain/`` (pure: sections, reading text, anchors, diff, approval rule, reviews, rounds) · ``models.py`` ·
``services/`` (settings, drafts, versions, attachments, audit, reading, setup, rounds, reviewing, invitations,
carry-over, bank, report) · ``io/`` (the .docx import, the report's PDF and XLSX) ·
``labels.py``/``report_labels.py`` (every text) · the pages: ``author_views``, ``editor_views``, ``version_views``,
``learner_views``, ``round_views``, ``invite_views``, ``report_views``, ``bank_views`` (all on the blueprint of
``pages``), ``api_views`` (the editor's live preview, JSON) and ``review_views`` (the reviewer's pages, by link).
"""
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from ..activities.kinds import ActivityKind, KindError, NavEntry


def init_app(app):
    """The kind's blueprints, tables and template filters."""
    from . import api_views, author_views, editor_views, learner_views, pages, round_views, version_views  # noqa: F401
    from . import bank_views as _bank_views  # noqa: F401  (the module bank: modules of the platform, copies)
    from . import invite_views as _invite_views  # noqa: F401  (a round's reviewers: invitations, links, reminders)
    from . import models as _models  # noqa: F401  (tables for Alembic)
    from . import report_views as _report_views  # noqa: F401  (the review report of a round)
    from . import revision_views as _revision_views  # noqa: F401  (answers to revision requests from feedback)
    from .services.settings import default_settings

    app.register_blueprint(pages.bp)
    app.register_blueprint(api_views.bp)
    from . import review_views  # the reviewer's pages, by personal link (no launch)

    app.register_blueprint(review_views.bp)
    for name, template_filter in pages.TEMPLATE_FILTERS.items():
        app.add_template_filter(template_filter, name)
    app.add_template_global(default_settings, "module_defaults")  # the deep-linking form's initial values


def on_create(activity, form):
    """The deep-linking form's ``modules_*`` fields: groups, criteria, planned JP, whether reading gives a grade."""
    from .labels import refusal
    from .services import ModuleRefused
    from .services.setup import create_module

    try:
        create_module(activity, form)
    except ModuleRefused as exc:
        raise KindError(refusal(exc.code, exc.params)) from exc


def summarise(activity, user_ids):
    """For the course overview: when each learner marked the module read."""
    from flask_babel import gettext as _

    from .services.reading import summaries

    return summaries(activity, user_ids, _("read on %(date)s"), _("not read yet"))


def planned_jp(activity):
    """For the learning record: the module's planned JP (its settings row), None when it has none."""
    from ..extensions import db
    from .models import Module

    settings = db.session.execute(db.select(Module.settings).where(Module.activity_id == activity.id)).scalar()
    jp = (settings or {}).get("jp")
    return Decimal(jp) if isinstance(jp, int) and not isinstance(jp, bool) else None


KIND = ActivityKind(
    name="modules",
    label=_l("Reviewed training module (Modul)"),
    learner_endpoint="modules.read",
    instructor_endpoint="modules.home",
    graded=True,
    score_maximum=Decimal(100),
    description=_l("A module written in Markdown or imported from Word, frozen in versions and published to learners."),
    init_app=init_app,
    staff_nav=(NavEntry(_l("Editor"), "modules.editor"),
               NavEntry(_l("Versions"), "modules.versions_page"),
               NavEntry(_l("Review rounds"), "modules.rounds_page"),
               NavEntry(_l("Learner's view"), "modules.preview"),
               NavEntry(_l("Module bank"), "modules.bank")),
    create_form="modules/_create.html",
    on_create=on_create,
    summarise=summarise,
    planned_jp=planned_jp,
    blueprints=("modules",),
    takes_revision_requests=True,  # feedback findings of the course open requests the author answers in a version
)
