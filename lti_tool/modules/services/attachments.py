"""Attachments of a module: stored in the database (every app instance sees them), recognised by their content.

Accepted: PDF, PNG, JPEG, GIF, WebP images, and Office Open XML workbooks, presentations and documents (XLSX, PPTX,
DOCX; macro-enabled ones are not). The type is read from the bytes, never from the name or the browser: a file
named ``.pdf`` that is not a PDF is refused, and the stored name gets the extension of what it is. The Markdown
points at one as ``attachment:<name>`` (``![Bagan](attachment:bagan.png)``, ``[Laporan](attachment:laporan.pdf)``).
A file used by a version stays: versions cannot change, so neither can what they show.
"""
import hashlib
import io
import re
import unicodedata
import zipfile
from urllib.parse import unquote

from flask import current_app
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ..models import ModuleAttachment, ModuleVersion
from . import ModuleRefused, audit

SCHEME = "attachment:"
DEFAULT_MB = 10
IMAGES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp"}
OFFICE = {  # main part in the package → (type, extension)
    "xl/workbook.xml": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/presentation.xml": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
    "word/document.xml": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
}
EXTENSIONS = {"application/pdf": ".pdf", **IMAGES, **dict(OFFICE.values())}
ALSO = {".jpg": {".jpeg"}}


def max_bytes():
    return int(current_app.config.get("LATIH_MODULE_ATTACHMENT_MB") or DEFAULT_MB) * 1024 * 1024


def sniff(data):
    """The content type of an accepted file, from its bytes; None for anything else."""
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"PK\x03\x04"):
        return _office_type(data)
    return None


def _office_type(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            if "[Content_Types].xml" not in names or any(n.lower().endswith("vbaproject.bin") for n in names):
                return None
            if b"macroenabled" in package.read("[Content_Types].xml")[:200_000].lower():
                return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    return next((kind for part, (kind, _ext) in OFFICE.items() if part in names), None)


def is_image(content_type):
    return content_type in IMAGES


def clean_filename(name, content_type):
    """A name that is safe in Markdown and in a download: letters, digits, ``.``, ``-`` and ``_``, spaces as ``-``,
    with the extension of what the file is (``foto.jpeg.exe`` holding a PNG is ``foto.jpeg.png``)."""
    name = unicodedata.normalize("NFKC", re.split(r"[\\/]", name or "")[-1])
    name = re.sub(r"[^\w.-]+", "-", name.replace(" ", "-"), flags=re.UNICODE).strip(".-_")[:100] or "lampiran"
    stem, dot, ext = name.rpartition(".")
    wanted = EXTENSIONS[content_type]
    if dot and stem and "." + ext.lower() in {wanted} | ALSO.get(wanted, set()):
        return f"{stem}.{ext.lower()}"
    return name + wanted


def _free_name(module_id, filename):
    taken = {n for (n,) in db.session.query(ModuleAttachment.filename).filter_by(module_id=module_id)}
    stem, dot, ext = filename.rpartition(".")
    candidate, n = filename, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}.{ext}"
    return candidate


def add(module, user, filename, data, *, commit=True):
    """Store a file (ModuleRefused ``file_missing``, ``file_too_large``, ``file_type``); returns the attachment."""
    if not data:
        raise ModuleRefused("file_missing")
    if len(data) > max_bytes():
        raise ModuleRefused("file_too_large", max=max_bytes() // (1024 * 1024))
    content_type = sniff(data)
    if content_type is None:
        raise ModuleRefused("file_type")
    for _attempt in range(3):  # two uploads of one name at once: the unique name is taken again
        attachment = ModuleAttachment(
            module_id=module.activity_id, filename=_free_name(module.activity_id, clean_filename(filename,
                                                                                                 content_type)),
            content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data,
            uploaded_by=user.id if user is not None else None)
        db.session.add(attachment)
        try:
            db.session.flush()
            break
        except IntegrityError:
            db.session.rollback()
    else:
        raise ModuleRefused("stale")
    audit.record(module.activity_id, user, "attachment_added", name=attachment.filename, size=len(data),
                 content_type=content_type)
    if commit:
        db.session.commit()
    return attachment


def snippet(attachment):
    """The Markdown that shows an image or links a file: ``![bagan.png](attachment:bagan.png)``."""
    text = f"[{attachment.filename}]({SCHEME}{attachment.filename})"
    return "!" + text if is_image(attachment.content_type) else text


def attachments_of(module):
    return (ModuleAttachment.query.filter_by(module_id=module.activity_id)
            .order_by(ModuleAttachment.filename).all())


def attachment_in_module(module, attachment_id):
    """The attachment with this id if it belongs to this module, else None."""
    return ModuleAttachment.query.filter_by(id=attachment_id, module_id=module.activity_id).first()


def _mentions(filename):
    return ModuleVersion.markdown.contains(SCHEME + filename, autoescape=True)


def used_by(module, filename):
    """The numbers of the versions that point at this file."""
    rows = db.session.query(ModuleVersion.number).filter(ModuleVersion.module_id == module.activity_id,
                                                         _mentions(filename))
    return sorted(n for (n,) in rows)


def remove(module, user, attachment):
    """Delete an attachment no version uses (ModuleRefused ``attachment_in_use`` otherwise)."""
    numbers = used_by(module, attachment.filename)
    if numbers:
        raise ModuleRefused("attachment_in_use", name=attachment.filename, number=numbers[-1])
    audit.record(module.activity_id, user, "attachment_removed", name=attachment.filename)
    db.session.delete(attachment)
    db.session.commit()


def readable_by_learners(module, attachment):
    """Learners may open a file the published version points at, and no other."""
    version = module.published_version
    return version is not None and (SCHEME + attachment.filename) in version.markdown


def resolver(module, url_of):
    """For richtext.render_markdown: ``attachment:<name>`` → ``url_of(attachment)``; an unknown name is dropped
    (None); any other URL is left as it is."""
    by_name = {a.filename: a for a in attachments_of(module)}

    def resolve(url):
        if not url.startswith(SCHEME):
            return url
        attachment = by_name.get(unquote(url[len(SCHEME):]))
        return url_of(attachment) if attachment is not None else None

    return resolve
