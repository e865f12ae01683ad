"""A certificate's PDF with the app's template and fonts, its file name, and a course's certificates as one ZIP,
streamed: each PDF is made, compressed into the archive and sent before the next is made (the archive is never
held whole in memory; ``zipfile`` writes data descriptors to a stream it cannot seek)."""
import os
import re
import zipfile

from flask import current_app

from ..lti.urls import external_url
from . import pdf

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def verify_url(cert):
    return external_url("certificates_verify.page", code=cert.code)


def render(cert):
    """The PDF's bytes of ``cert`` (its snapshot, the configured template, the shipped fonts)."""
    app = current_app
    return pdf.render(cert, verify_url(cert), app.extensions["latih_cert_template"],
                      os.path.join(app.static_folder, "fonts"), os.path.join(app.instance_path, "cache"))


def file_name(cert):
    """``sertifikat-0001-PLT-PLJ-2026-nama.pdf``: ASCII only, no path separators."""
    stem = _UNSAFE.sub("-", f"sertifikat-{cert.number}-{cert.name}").strip("-.")[:120]
    return f"{stem or 'sertifikat'}.pdf"


class _Chunks:
    """A write-only stream whose written bytes are taken out in chunks."""

    def __init__(self):
        self.parts, self.offset = [], 0

    def write(self, data):
        self.parts.append(bytes(data))
        self.offset += len(data)
        return len(data)

    def tell(self):
        return self.offset

    def flush(self):
        pass

    def take(self):
        data, self.parts = b"".join(self.parts), []
        return data


def zip_stream(certificates):
    """Yield the bytes of a ZIP holding one PDF per certificate (PDFs are compressed already: stored)."""
    sink = _Chunks()
    seen = set()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for cert in certificates:
            name = file_name(cert)
            if name in seen:
                name = f"{name[:-4]}-{cert.id}.pdf"
            seen.add(name)
            archive.writestr(name, render(cert))
            yield sink.take()
    yield sink.take()
