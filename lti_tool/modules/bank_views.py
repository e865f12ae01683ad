"""The module bank ("bank modul", routes on the ``modules`` blueprint of ``pages``): the modules of the same platform
as the launch, searchable by title; one version of one of them read (sanitized, read-only); and copied into this
module's draft after a confirmation that says what is replaced. Staff only. A module id from the URL is looked up
only among the bank's modules (another platform's is a 404), a version number only within that module."""
from flask import abort, flash, g, request
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..ids import record_id
from ..richtext import render_inline, render_markdown
from .pages import Shown, bp, current_module, go, page, refuse
from .services import ModuleRefused, bank
from .services.attachments import SCHEME
from .services.versions import sections_of


def _issuer():
    return g.launch.course.issuer


def _source_or_404(module, source_id):
    found = bank.source_module(module, _issuer(), source_id)
    if found is None:
        abort(404)
    return found


def _version_or_404(source, number):
    version = bank.source_version(source, record_id(number))
    if version is None:
        abort(404)
    return version


def _without_attachments(url):
    """Another module's files are not served through this launch: a link or image pointing at one is left out."""
    return None if url.startswith(SCHEME) else url


def _shown(sections):
    return [Shown(s.id, s.level, render_inline(s.title),
                  render_markdown(s.body, id_prefix=f"s-{s.id}-", images=True, resolve_url=_without_attachments))
            for s in sections]


@bp.get("/bank", endpoint="bank")
@requires_activity("modules", staff=True)
def bank_page():
    module = current_module()
    found = bank.search(module, _issuer(), request.args.get("q", ""), record_id(request.args.get("page")) or 1)
    return page("modules/bank.html", module, mode="list", found=found)


@bp.get("/bank/<id:source_id>")
@requires_activity("modules", staff=True)
def bank_preview(source_id):
    module = current_module()
    source, activity, course = _source_or_404(module, source_id)
    source_versions = bank.versions_of(source)
    chosen = request.args.get("version")
    if chosen is None:  # the published version, else the newest
        chosen = source.published_version.number if source.published_version else (
            source_versions[0].number if source_versions else None)
    version = _version_or_404(source, chosen)
    sections = sections_of(version)
    return page("modules/bank.html", module, mode="preview", source=source, source_activity=activity,
                course=course, version=version, source_versions=source_versions, sections=sections,
                shown=_shown(sections),
                files=[a.filename for a in bank.referenced_attachments(source, version.markdown)])


@bp.get("/bank/<id:source_id>/copy")
@requires_activity("modules", staff=True)
def bank_confirm(source_id):
    """What copying will do: the draft's words that are replaced, what comes in its place."""
    module = current_module()
    source, activity, course = _source_or_404(module, source_id)
    version = _version_or_404(source, request.args.get("version"))
    return page("modules/bank.html", module, mode="confirm", source=source, source_activity=activity,
                course=course, version=version, plan=bank.plan_copy(module, source, version))


@bp.post("/bank/<id:source_id>/copy")
@requires_activity("modules", staff=True)
def bank_copy(source_id):
    module = current_module()
    source, activity, course = _source_or_404(module, source_id)
    version = _version_or_404(source, request.form.get("version"))
    try:
        bank.copy_into_draft(module, g.launch.user, source, course, version,
                             request.form.get("revision", type=int))
    except ModuleRefused as exc:
        refuse(exc)
        return go("modules.bank_confirm", source_id=source_id, version=version.number)
    flash(_("Version %(n)s of “%(t)s” is now your draft. Review it in the editor, then freeze a version.",
            n=version.number, t=activity.title), "success")
    return go("modules.editor")
