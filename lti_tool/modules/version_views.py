"""Versions: freezing the draft (after a confirmation), the list, one version with its table of contents, and the
differences between two versions (routes on the ``modules`` blueprint of ``pages``)."""
from flask import flash, g, request
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..ids import record_id
from .domain.sections import split_sections, word_count
from .labels import refusal
from .pages import bp, current_module, go, page, refuse, show_sections, version_or_404
from .services import ModuleRefused, carryover, drafts, versions


@bp.get("/freeze")
@requires_activity("modules", staff=True)
def freeze():
    """What freezing will make: version N from the draft as it is now, with its sections and words."""
    module = current_module()
    draft = drafts.draft_of(module)
    latest = versions.latest_version(module)
    sections = split_sections(draft.markdown)
    problem = None
    if not draft.markdown.strip():
        problem = ModuleRefused("empty_draft")
    elif latest is not None and latest.markdown == draft.markdown:
        problem = ModuleRefused("unchanged", number=latest.number)
    return page("modules/freeze.html", module, draft=draft, sections=sections, words=word_count(sections),
                number=(latest.number + 1) if latest else 1, latest=latest, problem=problem,
                problem_text=refusal(problem.code, problem.params) if problem else "")


@bp.post("/freeze")
@requires_activity("modules", staff=True)
def freeze_draft():
    module = current_module()
    try:
        version = versions.freeze(module, g.launch.user, request.form.get("revision", type=int))
    except ModuleRefused as exc:
        refuse(exc)
        return go("modules.freeze")
    flash(_("Version %(number)s is frozen: it can no longer change.", number=version.number), "success")
    return go("modules.version", number=version.number)


@bp.get("/versions")
@requires_activity("modules", staff=True)
def versions_page():
    module = current_module()
    return page("modules/versions.html", module, versions=versions.versions_of(module))


@bp.get("/versions/<id:number>")
@requires_activity("modules", staff=True)
def version(number):
    module = current_module()
    shown = version_or_404(module, number)
    sections = versions.sections_of(shown)
    return page("modules/version.html", module, version=shown, sections=sections,
                shown=show_sections(module, sections),
                previous=versions.version_numbered(module, shown.number - 1),
                last_round=versions.latest_round_on(shown))


@bp.get("/diff")
@requires_activity("modules", staff=True)
def diff():
    """Version ``from`` against version ``to`` (by default the one before ``to``)."""
    module = current_module()
    new_number = record_id(request.args.get("to"))
    given = request.args.get("from", "")
    old_number = record_id(given) if given else (new_number - 1 if new_number else None)
    try:
        if not old_number or not new_number:
            raise ModuleRefused("choose_versions")
        old, new, changes = versions.compare(module, old_number, new_number)
    except ModuleRefused as exc:
        refuse(exc)
        return go("modules.versions_page")
    carried = carryover.carry(module, old, new, renamed=changes.renamed)
    pieces = {d.new.id: carryover.section_pieces(d, carried.of(d.new.id))
              for d in changes.sections if d.new is not None}
    return page("modules/diff.html", module, old=old, new=new, changes=changes, carried=carried, pieces=pieces,
                all_versions=versions.versions_of(module))
