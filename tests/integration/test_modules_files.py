"""Attachments of a module (stored in the database, recognised by their content, served with their stored type) and
the Word import through the editor (into the text box, not saved; a refused file changes nothing)."""
import io
import re
import zipfile

import pytest
from docx_builder import PNG, encrypted_word_file, sample_module
from modules_pages_support import csrf, freeze, make_module, publish, save_draft

from lti_tool.extensions import db
from lti_tool.modules.models import ModuleAttachment, ModuleAuditEvent, ModuleDraft

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L" + b"\x00" * 16


def _office(main_part, macro=False):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        kind = "macroEnabled.12" if macro else "main+xml"
        z.writestr("[Content_Types].xml", f'<Types><Override PartName="/{main_part}" ContentType="x.{kind}"/></Types>')
        z.writestr(main_part, "<x/>")
        if macro:
            z.writestr("xl/vbaProject.bin", b"\x00")
    return out.getvalue()


@pytest.fixture
def module(app, browser, platform):
    return make_module(app, browser, platform)


def _upload(client, token, name, data, path="/modules/attachments"):
    page = client.get(f"/modules/editor?launch={token}").get_data(as_text=True)
    return client.post(f"{path}?launch={token}", data={"csrf_token": csrf(page), "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=True)


@pytest.mark.parametrize(("name", "data", "stored", "kind"), [
    ("bagan.png", PNG, "bagan.png", "image/png"),
    ("foto.JPEG", JPEG, "foto.jpeg", "image/jpeg"),
    ("anim.gif", GIF, "anim.gif", "image/gif"),
    ("peta.webp", WEBP, "peta.webp", "image/webp"),
    ("laporan akhir.pdf", PDF, "laporan-akhir.pdf", "application/pdf"),
    ("rab.xlsx", _office("xl/workbook.xml"), "rab.xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("paparan.pptx", _office("ppt/presentation.xml"), "paparan.pptx",
     "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ("kak.docx", _office("word/document.xml"), "kak.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("gambar.pdf", PNG, "gambar.pdf.png", "image/png"),  # the name follows the content
    ("../../etc/passwd", PDF, "passwd.pdf", "application/pdf"),
    ("..\\..\\boot.ini.png", PNG, "boot.ini.png", "image/png"),
])
def test_accepted_files_are_recognised_by_their_content(module, client, name, data, stored, kind):
    answer = _upload(client, module["teacher"], name, data).get_data(as_text=True)
    row = ModuleAttachment.query.one()
    assert (row.filename, row.content_type, row.size) == (stored, kind, len(data))
    assert f"{stored} is attached" in answer
    served = client.get(f"/modules/manage/attachments/{row.id}?launch={module['teacher']}")
    assert served.status_code == 200 and served.data == data
    assert served.headers["Content-Type"].split(";")[0] == kind
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    disposition = served.headers.get("Content-Disposition", "")
    if kind.startswith("image/"):
        assert disposition.startswith("inline")
    else:
        assert disposition.startswith("attachment") and stored in disposition


@pytest.mark.parametrize(("name", "data"), [
    ("laporan.pdf", b"<html><script>alert(1)</script></html>"),
    ("gambar.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("gambar.png", b"\x89PNX not a png"),
    ("program.exe", b"MZ\x90\x00" + b"\x00" * 60),
    ("makro.xlsm", _office("xl/workbook.xml", macro=True)),
    ("arsip.zip", _office("lain/isi.xml")),
    ("teks.txt", b"hanya teks"),
])
def test_other_files_are_refused(module, client, name, data):
    answer = _upload(client, module["teacher"], name, data).get_data(as_text=True)
    assert "This kind of file cannot be attached" in answer and ModuleAttachment.query.count() == 0


def test_size_limit_from_the_configuration(module, client, app):
    app.config["LATIH_MODULE_ATTACHMENT_MB"] = 1
    answer = _upload(client, module["teacher"], "besar.pdf", PDF + b"\x00" * (1024 * 1024)).get_data(as_text=True)
    assert "The file is larger than 1 MB." in answer and ModuleAttachment.query.count() == 0
    _upload(client, module["teacher"], "pas.pdf", PDF + b"\x00" * (1024 * 1024 - len(PDF)))
    assert ModuleAttachment.query.count() == 1
    empty = _upload(client, module["teacher"], "kosong.pdf", b"").get_data(as_text=True)
    assert "Choose a file." in empty


def test_a_second_file_of_the_same_name_gets_its_own_name(module, client):
    _upload(client, module["teacher"], "bagan.png", PNG)
    _upload(client, module["teacher"], "bagan.png", PNG)
    assert sorted(a.filename for a in ModuleAttachment.query) == ["bagan-2.png", "bagan.png"]


def test_learners_get_only_the_files_of_the_published_version(module, client):
    teacher, learner = module["teacher"], module["learner"]
    _upload(client, teacher, "bagan.png", PNG)
    _upload(client, teacher, "rahasia.pdf", PDF)
    shown, hidden = ModuleAttachment.query.order_by(ModuleAttachment.filename).all()
    save_draft(client, teacher,
               "# Materi\n\n![Bagan alur](attachment:bagan.png)\n\n[Lampiran](attachment:tidak-ada.pdf)")
    assert client.get(f"/modules/attachments/{shown.id}?launch={learner}").status_code == 404  # nothing published
    freeze(client, teacher)
    publish(client, teacher, 1)
    page = client.get(f"/modules/?launch={learner}&all=1").get_data(as_text=True)
    assert re.search(rf'<img src="/modules/attachments/{shown.id}\?launch=[\w-]+" alt="Bagan alur">', page)
    assert "tidak-ada.pdf" not in page and "Lampiran" in page  # an unknown file: the link goes, the words stay
    assert client.get(f"/modules/attachments/{shown.id}?launch={learner}").data == PNG
    assert client.get(f"/modules/attachments/{hidden.id}?launch={learner}").status_code == 404
    assert client.get(f"/modules/manage/attachments/{hidden.id}?launch={learner}").status_code == 403
    assert client.get(f"/modules/attachments/{hidden.id + 99}?launch={teacher}").status_code == 404
    editor = client.get(f"/modules/editor?launch={teacher}").get_data(as_text=True)
    assert f'src="/modules/manage/attachments/{shown.id}?launch=' in editor  # the author's preview


def test_a_file_a_version_uses_stays(module, client):
    teacher = module["teacher"]
    _upload(client, teacher, "bagan.png", PNG)
    _upload(client, teacher, "lain.pdf", PDF)
    used, unused = ModuleAttachment.query.order_by(ModuleAttachment.filename).all()
    save_draft(client, teacher, "# Materi\n\n![Bagan](attachment:bagan.png)")
    freeze(client, teacher)
    page = client.get(f"/modules/editor?launch={teacher}").get_data(as_text=True)
    answer = client.post(f"/modules/attachments/{used.id}/remove?launch={teacher}",
                         data={"csrf_token": csrf(page)}, follow_redirects=True).get_data(as_text=True)
    assert "bagan.png is used by version 1, which cannot change: it stays." in answer
    client.post(f"/modules/attachments/{unused.id}/remove?launch={teacher}", data={"csrf_token": csrf(page)})
    assert [a.filename for a in ModuleAttachment.query] == ["bagan.png"]
    assert client.post(f"/modules/attachments/{unused.id}/remove?launch={teacher}",
                       data={"csrf_token": csrf(page)}).status_code == 404
    actions = [e.action for e in ModuleAuditEvent.query.order_by(ModuleAuditEvent.id)]
    assert actions.count("attachment_added") == 2 and actions.count("attachment_removed") == 1


def test_a_word_file_goes_into_the_editor_not_into_the_draft(module, client):
    teacher = module["teacher"]
    save_draft(client, teacher, "# Draf lama\n\nJangan hilang.")
    answer = _upload(client, teacher, "Modul Desa.docx", sample_module(), path="/modules/import")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "The Word file is in the text box below, not saved yet." in page
    assert "1 images were left out" in page
    text = re.search(r'<textarea[^>]*name="markdown"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert text.startswith("Modul ini disusun oleh BPSDM.\n\n# Pendahuluan")
    assert "![Bagan alur](attachment:Modul-Desa-gambar-1.png)" in text
    assert 'alt="Bagan alur"' in page  # the preview shows the image, already stored as an attachment
    assert db.session.get(ModuleDraft, module["activity"].id).markdown == "# Draf lama\n\nJangan hilang."
    assert [a.filename for a in ModuleAttachment.query] == ["Modul-Desa-gambar-1.png"]
    assert ModuleAuditEvent.query.filter_by(action="docx_imported").one().detail["dropped_images"] == 1
    # Imported again: the image's name is taken, the new one is named apart and the text follows it.
    page = _upload(client, teacher, "Modul Desa.docx", sample_module(), path="/modules/import").get_data(as_text=True)
    assert "![Bagan alur](attachment:Modul-Desa-gambar-1-2.png)" in page


@pytest.mark.parametrize(("name", "data", "message"), [
    ("rahasia.docx", encrypted_word_file(), "This Word file is protected with a password."),
    ("modul.docx", b"\x00\x01" * 500, "This is not a Word file (.docx)."),
    ("modul.docx", b"", "Choose a file."),
])
def test_a_word_file_that_cannot_be_read_changes_nothing(module, client, name, data, message):
    save_draft(client, module["teacher"], "# Draf lama")
    answer = _upload(client, module["teacher"], name, data, path="/modules/import").get_data(as_text=True)
    assert message in answer
    assert re.search(r'<textarea[^>]*name="markdown"[^>]*># Draf lama</textarea>', answer)
    assert db.session.get(ModuleDraft, module["activity"].id).markdown == "# Draf lama"
    assert ModuleAttachment.query.count() == 0
