"""The learning record (*Catatan Pengembangan Kompetensi*, issue 15, first step): the JP a learner earns a year.

A core part, fed by the completion event of the plug-in seam: ``activity_completed`` credits the activity's planned
JP (read through its kind's ``planned_jp``; none or 0 credits nothing) to an append-only ledger (``models``),
``completion_revoked`` appends a visible reversal. The learner's page (``views``, ``/record/``) shows this year's
total against ``LATIH_JP_TARGET`` and the entries by category, for the learner of the launch only. Pure arithmetic
in ``progress``. Training done elsewhere (``entries_*``): added by staff or the admin, or submitted by a learner
with evidence and verified; an accepted entry is a ledger credit with ``external_id``. The instructor's view of a
course (``staff_views``), the admin's view with the unit import and the exports (``admin_views``, ``summaries``,
``units``, ``exports``) and the learner's record as PDF/XLSX (``record_files``). The record never imports a kind.
"""


def init_app(app):
    """The ledger's table, the learner's page, and the subscription to the completion signals."""
    from ..activities.completion import activity_completed, completion_revoked
    from ..activities.jp import category_choices
    from . import (  # noqa: F401  (routes on views.bp)  # noqa: F401  (routes on views.bp)
        admin_views,
        entries_admin_views,
        entries_staff_views,
        entries_views,
        next_steps_views,
        record_files,
        services,
        staff_views,
        views,
    )
    from . import entries_models as _entries_models  # noqa: F401  (tables for Alembic)
    from . import models as _models  # noqa: F401  (table for Alembic)

    app.register_blueprint(views.bp)
    app.register_blueprint(entries_admin_views.bp)  # the admin's entries from outside the tool
    app.register_blueprint(admin_views.bp)  # the admin's view, exports and unit import (/admin/record)
    for name, value in entries_views.TEMPLATE_GLOBALS.items():
        app.add_template_global(value, name)
    activity_completed.connect(services.on_completed)  # module functions: strong references, connected once
    completion_revoked.connect(services.on_revoked)
    app.add_template_global(services.staff_jp_note, "record_jp_note")  # the staff's context line
    next_steps_views.init_app(app)  # the recommended next steps (follow-ups of a course)
    app.add_template_global(category_choices, "jp_category_choices")  # the kinds' JP fields (activities/_jp_fields)
