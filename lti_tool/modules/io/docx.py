"""A Word file (.docx) as Markdown: mammoth turns the document into HTML — headings by Word's heading styles,
lists, tables, bold, italic, links, images — and ``html_markdown`` writes that as CommonMark.

Refused with a code (and nothing changed): a file that is not a .docx (``docx_not_word``), a password-protected one
(Word then saves an OLE compound file holding an ``EncryptedPackage``: ``docx_encrypted``), an old Word 97–2003
``.doc`` (also OLE: ``docx_old_format``), a package too large once unpacked (``docx_too_large``), one mammoth cannot
read (``docx_unreadable``). Images become attachments named after the file (``modul-gambar-1.png``) when they are
PNG, JPEG, GIF or WebP within the size limit; others (EMF, WMF, TIFF …) are left out and counted in the result.
"""
import io
import re
import zipfile
from dataclasses import dataclass, field

from ..services import ModuleRefused
from ..services.attachments import IMAGES, sniff
from .html_markdown import html_to_markdown

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
MAX_PARTS = 10_000
STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Judul'] => h1:fresh
p[style-name='Subtitle'] => p:fresh
p[style-name='Judul 1'] => h1:fresh
p[style-name='Judul 2'] => h2:fresh
p[style-name='Judul 3'] => h3:fresh
p[style-name='Judul 4'] => h4:fresh
"""


@dataclass
class Imported:
    markdown: str
    images: list = field(default_factory=list)  # (proposed name, content type, bytes), as ``attachment:<name>``
    dropped_images: int = 0  # left out: a format a browser cannot show, or over the size limit


def _check_package(data, max_unpacked):
    if data.startswith(OLE_MAGIC):
        raise ModuleRefused("docx_encrypted" if ENCRYPTED in data else "docx_old_format")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise ModuleRefused("docx_not_word") from None
    if "word/document.xml" not in names:
        raise ModuleRefused("docx_not_word")
    if len(infos) > MAX_PARTS or sum(info.file_size for info in infos) > max_unpacked:
        raise ModuleRefused("docx_too_large", max=max_unpacked // (1024 * 1024))


def _stem(filename):
    stem = re.sub(r"\.docx$", "", (filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1], flags=re.I)
    return re.sub(r"[^\w-]+", "-", stem, flags=re.UNICODE).strip("-_")[:40] or "modul"


def convert(data, filename, *, max_image_bytes, max_unpacked):
    """The Markdown and images of a .docx (ModuleRefused with a ``docx_*`` code when it cannot be read)."""
    import mammoth  # loaded when a Word file is imported, not with every page

    _check_package(data, max_unpacked)
    result = Imported("")
    stem = _stem(filename)

    def image(img):
        try:
            with img.open() as stream:
                content = stream.read(max_image_bytes + 1)
        except Exception:  # noqa: BLE001  (a broken image part: leave it out, keep the text)
            content = b""
        content_type = sniff(content) if 0 < len(content) <= max_image_bytes else None
        if content_type not in IMAGES:
            result.dropped_images += 1
            return {}
        name = f"{stem}-gambar-{len(result.images) + 1}{IMAGES[content_type]}"
        result.images.append((name, content_type, content))
        return {"src": "attachment:" + name, "alt": (img.alt_text or "").strip()}

    try:
        converted = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP,
                                            convert_image=mammoth.images.img_element(image))
    except Exception:  # noqa: BLE001  (mammoth raises many kinds of errors on a damaged package)
        raise ModuleRefused("docx_unreadable") from None
    result.markdown = html_to_markdown(converted.value)
    return result
