"""The learner's page: the published version, section by section, with a table of contents and progress, and
"mark as read" (completion, and full marks when the module gives a grade). Instructors see the same page as a
preview (routes on the ``modules`` blueprint of ``pages``)."""
from flask import flash, g, request, url_for
from flask_babel import gettext as _

from ..activities.access import requires_activity
from .pages import bp, current_module, go, page, refuse, show_sections
from .services import ModuleRefused, reading
from .services.versions import sections_of


def _reading_page(preview):
    module = current_module()
    version = module.published_version
    if version is None:
        return page("modules/read.html", module, version=None, preview=preview)
    sections = sections_of(version)
    whole = request.args.get("all") == "1" or not sections
    ids = [s.id for s in sections]
    wanted = request.args.get("section")
    at = ids.index(wanted) if wanted in ids else 0
    shown = show_sections(module, sections if whole else sections[at:at + 1])
    endpoint = request.endpoint

    def reading_url(section):
        return url_for(endpoint, launch=g.launch.token, section=section.id)

    return page("modules/read.html", module, version=version, sections=sections, shown=shown, at=at, whole=whole,
                reading_url=reading_url, preview=preview,
                read_at=None if preview else reading.read_at(g.activity, g.launch.user))


@bp.get("/")
@requires_activity("modules")
def read():
    return _reading_page(preview=g.launch.is_staff)


@bp.get("/preview")
@requires_activity("modules", staff=True)
def preview():
    """What learners see (also from Moodle's "Select content" dialog, where no link exists yet)."""
    return _reading_page(preview=True)


@bp.post("/read")
@requires_activity("modules")
def mark_read():
    if g.launch.is_staff:  # an instructor's "read" would be a grade Moodle refuses for a teacher
        flash(_("This is a preview: only learners mark a module as read."), "info")
        return go("modules.read")
    try:
        reading.mark_read(g.activity, current_module(), g.launch.user, g.launch.link)
    except ModuleRefused as exc:
        refuse(exc)
        return go("modules.read")
    flash(_("Marked as read. Well done!") if not g.activity.graded else
          _("Marked as read: your grade goes to Moodle."), "success")
    return go("modules.read")
