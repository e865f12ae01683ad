"""The author's editor: the Markdown draft (plain form posts; static/modules/editor.js adds a live preview), the
Word import, and the attachments (routes on the ``modules`` blueprint of ``pages``)."""
from io import BytesIO

from flask import abort, flash, g, request, send_file
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..extensions import db
from .domain.sections import split_sections, word_count
from .io.docx import convert
from .pages import bp, current_module, go, page, refuse, show_sections
from .services import ModuleRefused, attachments, audit, drafts
from .services.versions import latest_version


def _editor(module, markdown, revision, status=200, **extra):
    """The editor with ``markdown`` in the text box (the draft, or text not saved yet) and its preview."""
    sections = split_sections(markdown)
    draft = drafts.draft_of(module)
    return page("modules/editor.html", module, markdown=markdown, revision=revision, draft=draft,
                sections=sections, shown=show_sections(module, sections), words=word_count(sections),
                latest=latest_version(module), files=attachments.attachments_of(module),
                max_mb=attachments.max_bytes() // (1024 * 1024), **extra), status


@bp.get("/editor")
@requires_activity("modules", staff=True)
def editor():
    module = current_module()
    draft = drafts.draft_of(module)
    return _editor(module, draft.markdown, draft.revision)


@bp.post("/editor")
@requires_activity("modules", staff=True)
def save():
    """Save the draft; a page built from an older revision is refused (409) and its text is shown again, next to
    the draft as saved, so that nothing typed is lost."""
    module = current_module()
    text = drafts.clean_markdown(request.form.get("markdown"))
    try:
        drafts.save_draft(module, g.launch.user, text, request.form.get("revision", type=int))
    except ModuleRefused as exc:
        refuse(exc)
        draft = drafts.draft_of(module)
        status = 409 if exc.code == "stale" else 400
        return _editor(module, text, draft.revision, status=status, conflict=exc.code == "stale")
    if request.form.get("action") == "freeze":
        return go("modules.freeze")
    flash(_("The draft is saved."), "success")
    return go("modules.editor")


@bp.post("/import")
@requires_activity("modules", staff=True)
def import_docx():
    """A Word file into the editor's text box, not saved yet: the author reads it, then saves (or leaves)."""
    module = current_module()
    upload = request.files.get("file")
    limit = attachments.max_bytes()
    data = upload.read(limit + 1) if upload else b""
    try:
        if not data:
            raise ModuleRefused("file_missing")
        if len(data) > limit:
            raise ModuleRefused("file_too_large", max=limit // (1024 * 1024))
        imported = convert(data, upload.filename, max_image_bytes=limit, max_unpacked=10 * limit)
    except ModuleRefused as exc:
        refuse(exc)
        return go("modules.editor")
    markdown = imported.markdown
    for proposed, _type, content in imported.images:
        stored = attachments.add(module, g.launch.user, proposed, content, commit=False)
        markdown = markdown.replace(f"(attachment:{proposed})", f"(attachment:{stored.filename})")
    audit.record(module.activity_id, g.launch.user, "docx_imported", filename=(upload.filename or "")[:255],
                 images=len(imported.images), dropped_images=imported.dropped_images)
    db.session.commit()
    flash(_("The Word file is in the text box below, not saved yet. Check it, then save the draft (the draft's "
            "current text is replaced when you save)."), "info")
    if imported.dropped_images:
        flash(_("%(n)s images were left out: only PNG, JPEG, GIF and WebP images up to the size limit are kept.",
                n=imported.dropped_images), "warning")
    return _editor(module, markdown, drafts.draft_of(module).revision, imported=True)


@bp.post("/attachments")
@requires_activity("modules", staff=True)
def upload_attachment():
    module = current_module()
    upload = request.files.get("file")
    data = upload.read(attachments.max_bytes() + 1) if upload else b""
    try:
        stored = attachments.add(module, g.launch.user, upload.filename if upload else "", data)
    except ModuleRefused as exc:
        db.session.rollback()
        refuse(exc)
    else:
        flash(_("%(name)s is attached. Show it with %(markdown)s.", name=stored.filename,
                markdown=attachments.snippet(stored)), "success")
    return go("modules.editor")


@bp.post("/attachments/<id:attachment_id>/remove")
@requires_activity("modules", staff=True)
def remove_attachment(attachment_id):
    module = current_module()
    attachment = attachments.attachment_in_module(module, attachment_id) or abort(404)
    try:
        attachments.remove(module, g.launch.user, attachment)
    except ModuleRefused as exc:
        refuse(exc)
    else:
        flash(_("%(name)s is removed.", name=attachment.filename), "success")
    return go("modules.editor")


@bp.get("/attachments/<id:attachment_id>")
@requires_activity("modules")
def attachment(attachment_id):
    """A file for a learner: only those the published version points at."""
    module = current_module()
    found = attachments.attachment_in_module(module, attachment_id)
    if found is None or not (g.launch.is_staff or attachments.readable_by_learners(module, found)):
        abort(404)
    return _send(found)


@bp.get("/manage/attachments/<id:attachment_id>")
@requires_activity("modules", staff=True)
def staff_attachment(attachment_id):
    """Any file of the module, for its authors (also while setting it up from Moodle's "Select content" dialog)."""
    return _send(attachments.attachment_in_module(current_module(), attachment_id) or abort(404))


def _send(found):
    """The file with its stored type: images inline, anything else as a download, never sniffed by the browser."""
    response = send_file(BytesIO(found.data), mimetype=found.content_type,
                         as_attachment=not attachments.is_image(found.content_type), download_name=found.filename,
                         etag=found.sha256, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-cache"
    return response
