"""The author's home page of a module: status (draft, versions, what learners read), settings, publishing, and the
audit trail (routes on the ``modules`` blueprint of ``pages``)."""
from flask import flash, g, request
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..activities.jp import apply_category
from ..activities.kinds import KindError
from ..extensions import db
from ..ids import record_id
from . import labels
from .pages import bp, current_module, go, page, refuse
from .services import ModuleRefused, audit, setup, versions
from .services.drafts import draft_of, draft_status
from .services.revision_answers import panel


@bp.get("/manage")
@requires_activity("modules", staff=True)
def home():
    module = current_module()
    draft = draft_of(module)
    latest = versions.latest_version(module)
    sections, words, same = draft_status(draft, latest)
    return page("modules/home.html", module, draft=draft, draft_sections=len(sections), draft_words=words,
                draft_same_as_latest=same, latest=latest, versions=versions.versions_of(module),
                trail=audit.trail(module.activity_id), actions=labels.ACTIONS, revision_panel=panel(module))


@bp.post("/settings")
@requires_activity("modules", staff=True)
def save_settings():
    module = current_module()
    try:
        apply_category(g.activity, request.form, "modules")  # the learning record's category (core field)
        setup.update_settings(module, request.form, g.launch.user)
    except ModuleRefused as exc:
        db.session.rollback()
        refuse(exc)
    except KindError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(_("The settings are saved."), "success")
    return go("modules.home")


@bp.post("/publish")
@requires_activity("modules", staff=True)
def publish():
    """Publish version N to learners: on its review round's approval, or — never approved — with a written reason."""
    module = current_module()
    number = record_id(request.form.get("number"))
    try:
        if number is None:
            raise ModuleRefused("version_unknown", number=(request.form.get("number") or "")[:12])
        version = versions.publish(module, g.launch.user, number, request.form.get("reason"))
    except ModuleRefused as exc:
        refuse(exc)
        known = number is not None and exc.code != "version_unknown"
        return go("modules.version", number=number) if known else go("modules.versions_page")
    flash(_("Version %(number)s is published: learners read it from now on.", number=version.number), "success")
    return go("modules.home")
