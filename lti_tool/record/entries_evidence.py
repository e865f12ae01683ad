"""Evidence of training done elsewhere: a PDF, JPG or PNG, recognised by its bytes (never by its name or what the
browser claims), at most ``LATIH_EVIDENCE_MB``, stored in the database so that every app instance serves it."""
import hashlib
import re
import unicodedata

from flask import current_app
from flask_babel import gettext as _

from ..extensions import db
from .entries_models import EntryEvidence

DEFAULT_MB = 5
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


class EvidenceRefused(ValueError):
    """The file cannot be evidence; the message is for the person who chose it."""


def max_bytes():
    return int(current_app.config.get("LATIH_EVIDENCE_MB") or DEFAULT_MB) * 1024 * 1024


def sniff(data):
    """The content type of an accepted evidence file, from its first bytes; None for anything else."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def is_image(content_type):
    return content_type in ("image/png", "image/jpeg")


def clean_filename(name, content_type):
    """Letters, digits, ``.``, ``-``, ``_``; the extension of what the file is (``sertifikat.pdf`` holding a PNG is
    ``sertifikat.pdf.png``)."""
    name = unicodedata.normalize("NFKC", re.split(r"[\\/]", name or "")[-1])
    name = re.sub(r"[^\w.-]+", "-", name, flags=re.UNICODE).strip(".-_")[:100] or "bukti"
    wanted = EXTENSIONS[content_type]
    allowed = {wanted} | ({".jpeg"} if wanted == ".jpg" else set())
    return name if any(name.lower().endswith(ext) for ext in allowed) else name + wanted


def read_upload(upload):
    """An uploaded file (werkzeug FileStorage) as an unsaved ``EntryEvidence``; None when no file was chosen.

    Raises EvidenceRefused: over the size limit, empty, or not a PDF/JPG/PNG by content."""
    if upload is None or not upload.filename:
        return None
    limit = max_bytes()
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise EvidenceRefused(_("The evidence file is larger than %(mb)s MB. Choose a smaller file (for example a "
                                "scan at a lower resolution).", mb=limit // (1024 * 1024)))
    content_type = sniff(data) if data else None
    if content_type is None:
        raise EvidenceRefused(_("The evidence must be a PDF, JPG or PNG file (the file's content is checked, not "
                                "only its name)."))
    return EntryEvidence(sha256=hashlib.sha256(data).hexdigest(), content_type=content_type,
                         filename=clean_filename(upload.filename, content_type), size=len(data), data=data)


def evidence_data(evidence_id):
    """(content type, file name, bytes) of a stored file, or None."""
    row = db.session.execute(db.select(EntryEvidence.content_type, EntryEvidence.filename, EntryEvidence.data)
                             .where(EntryEvidence.id == evidence_id)).first()
    return None if row is None else tuple(row)
