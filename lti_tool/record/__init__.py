"""The learning record (*Catatan Pengembangan Kompetensi*, issue 15, first step): the JP a learner earns a year.

A core part, fed by the completion event of the plug-in seam: ``activity_completed`` credits the activity's planned
JP (read through its kind's ``planned_jp``; none or 0 credits nothing) to an append-only ledger (``models``),
``completion_revoked`` appends a visible reversal. The learner's page (``views``, ``/record/``) shows this year's
total against ``LATIH_JP_TARGET`` and the entries by category, for the learner of the launch only. Pure arithmetic
in ``progress``. The instructor's view of a course (``staff_views``), the admin's view with the unit import and
the exports (``admin_views``, ``summaries``, ``units``, ``exports``) and the learner's record as PDF/XLSX
(``record_files``). The record never imports a kind.
"""


def init_app(app):
    """The ledger's table, the learner's page, and the subscription to the completion signals."""
    from ..activities.completion import activity_completed, completion_revoked
    from . import admin_views, record_files, services, staff_views, views  # noqa: F401  (routes on views.bp)
    from . import models as _models  # noqa: F401  (table for Alembic)

    app.register_blueprint(views.bp)
    app.register_blueprint(admin_views.bp)  # the admin's view, exports and unit import (/admin/record)
    activity_completed.connect(services.on_completed)  # module functions: strong references, connected once
    completion_revoked.connect(services.on_revoked)
    app.add_template_global(services.staff_jp_note, "record_jp_note")  # the staff's context line
