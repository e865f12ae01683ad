"""Revision requests: the core seam from a finding to a change (issue 14, "from a finding to a change").

A finding of one activity (an item of a feedback form and its figure, quotes of open answers, a point raised in a
group discussion) opens a **revision request** on another activity of the same course that takes them (a kind whose
``ActivityKind.takes_revision_requests`` is set: the reviewed modules). The target's author answers it like a
reviewer's comment: *addressed* in version N, or *declined* with a reason; the source shows each request's state and
the version that addressed it, and the course overview counts them per run.

This package is core: it imports no kind. Kinds call its services with plain values (``services``) and show its
rows; what a version number means is the target kind's business (the modules kind checks it before answering).

Inside: ``models.py`` (``RevisionRequest``) · ``services.py`` (open, list, answer, summarise) · ``labels.py`` (texts).
"""


def init_app(app):
    """The table (for Alembic) and the template filters of the request partials (``templates/revisions/``)."""
    from . import labels
    from . import models as _models  # noqa: F401  (table for Alembic)

    app.add_template_filter(labels.state_name, "revision_state")
    app.add_template_filter(labels.source_name, "revision_source")
    app.add_template_filter(labels.refusal, "revision_refusal")
