"""The module bank: modules of the same platform (Moodle site) listed and searched, one version read, and copied into
this module's draft after a confirmation (compare-and-set on the draft, attachments copied, audit event), never
another platform's module, never for a learner."""
import hashlib
import re

import pytest
from carry_support import module_with_versions, other_platform_course, same_platform_course
from docx_builder import PNG
from modules_pages_support import csrf, make_module, save_draft

from lti_tool.extensions import db
from lti_tool.lti.models import Course
from lti_tool.modules.models import Module, ModuleAttachment, ModuleAuditEvent, ModuleDraft, ModuleVersion
from lti_tool.modules.services.bank import PER_PAGE

SOURCE_V1 = "# Musyawarah\n\nWarga berkumpul.\n"
SOURCE_V2 = """# Musyawarah Desa

Warga berkumpul di balai desa. <script>alert(1)</script>

![Bagan alur](attachment:bagan.png)

[Daftar hadir](attachment:hadir.pdf) dan [tautan](https://example.org/x)
"""
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _attach(module_id, name, data, content_type):
    db.session.add(ModuleAttachment(module_id=module_id, filename=name, content_type=content_type, size=len(data),
                                    sha256=hashlib.sha256(data).hexdigest(), data=data))
    db.session.commit()


@pytest.fixture
def bank(app, browser, platform, client):
    made = make_module(app, browser, platform)
    issuer = Course.query.first().issuer
    neighbour = same_platform_course(issuer, title="Pelatihan Aparatur Desa 2025")
    source = module_with_versions(neighbour, "Musyawarah Desa", SOURCE_V1, SOURCE_V2)
    _attach(source.id, "bagan.png", PNG, "image/png")
    _attach(source.id, "hadir.pdf", PDF, "application/pdf")
    _attach(source.id, "tidak-dipakai.pdf", PDF, "application/pdf")
    row = db.session.get(Module, source.id)
    row.published_version_id = ModuleVersion.query.filter_by(module_id=source.id, number=1).one().id
    db.session.commit()
    same_course = module_with_versions(Course.query.first(), "Pengelolaan BUMDes", "# BUMDes\n\nUsaha desa.\n")
    empty = module_with_versions(neighbour, "Modul kosong")  # no version: nothing to copy
    foreign = module_with_versions(other_platform_course(), "Rahasia Moodle lain", "# Rahasia\n\nJangan.\n")
    made.update(source=source, same_course=same_course, empty=empty, foreign=foreign)
    return made


def _list(client, token, query=""):
    return client.get(f"/modules/bank?launch={token}{query}").get_data(as_text=True)


def test_the_bank_lists_only_the_same_platforms_modules(bank, client):
    page = _list(client, bank["teacher"])
    listed = re.findall(r'data-testid="bank-entry" data-module="(\d+)"', page)
    assert sorted(map(int, listed)) == sorted([bank["source"].id, bank["same_course"].id])
    assert "Rahasia" not in page and "Modul kosong" not in page
    row = page.split(f'data-module="{bank["source"].id}"', 1)[1].split("</tr>", 1)[0]
    assert "Musyawarah Desa" in row and "Pelatihan Aparatur Desa 2025" in row
    assert '<td class="text-end">2</td>' in row and "Version 1" in row
    assert 'data-testid="staff-nav-modules.bank"' in page


def test_search_by_title_and_pages(bank, client):
    teacher = bank["teacher"]
    page = _list(client, teacher, "&q=musyawarah")
    assert re.findall(r'data-module="(\d+)"', page) == [str(bank["source"].id)]
    assert "No module with “zzz” in its title." in _list(client, teacher, "&q=zzz")
    assert "bank-entry" not in _list(client, teacher, "&q=%25")  # % is a character, not a wildcard
    course = Course.query.first()
    for n in range(PER_PAGE + 1):
        module_with_versions(course, f"Modul seri {n:02d}", "# Isi\n\nTeks.\n")
    first = _list(client, teacher, "&q=seri")
    second = _list(client, teacher, "&q=seri&page=2")
    assert first.count('data-testid="bank-entry"') == PER_PAGE and second.count('data-testid="bank-entry"') == 1
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert _list(client, teacher, "&q=seri&page=99").count('data-testid="bank-entry"') == 1  # the last page


def test_a_version_is_read_sanitized_and_read_only(bank, client):
    teacher, source = bank["teacher"], bank["source"].id
    page = client.get(f"/modules/bank/{source}?launch={teacher}").get_data(as_text=True)
    assert "Musyawarah Desa, version 1" in page  # the published version first
    page = client.get(f"/modules/bank/{source}?version=2&launch={teacher}").get_data(as_text=True)
    assert "balai desa" in page and "<script>alert" not in page
    assert "attachment:" not in page and 'href="https://example.org/x"' in page
    assert "Files: bagan.png, hadir.pdf" in page and "bank_copy" not in page and "/copy?launch" not in page


@pytest.mark.parametrize("path", ["/modules/bank/{foreign}", "/modules/bank/{foreign}/copy?version=1",
                                  "/modules/bank/{own}", "/modules/bank/{source}?version=9",
                                  "/modules/bank/{source}?version=x", "/modules/bank/{source}/copy?version=3",
                                  "/modules/bank/99999", "/modules/bank/{source}/copy"])
def test_modules_out_of_the_bank_are_not_found(bank, client, path):
    url = path.format(foreign=bank["foreign"].id, own=bank["activity"].id, source=bank["source"].id)
    answer = client.get(f"{url}{'&' if '?' in url else '?'}launch={bank['teacher']}")
    assert answer.status_code == 404 and "Rahasia" not in answer.get_data(as_text=True)


def test_another_platforms_module_cannot_be_copied(bank, client):
    teacher = bank["teacher"]
    token = csrf(_list(client, teacher))
    answer = client.post(f"/modules/bank/{bank['foreign'].id}/copy?launch={teacher}",
                         data={"csrf_token": token, "version": "1", "revision": "0"})
    assert answer.status_code == 404
    assert ModuleDraft.query.filter_by(module_id=bank["activity"].id).one().markdown == ""


def _confirm(client, bank, version=2):
    return client.get(f"/modules/bank/{bank['source'].id}/copy?version={version}&launch={bank['teacher']}"
                      ).get_data(as_text=True)


def _copy(client, bank, page, version=2, **data):
    form = {"csrf_token": csrf(page), "version": str(version),
            "revision": re.search(r'name="revision" value="(\d+)"', page).group(1)} | data
    return client.post(f"/modules/bank/{bank['source'].id}/copy?launch={bank['teacher']}", data=form)


def test_copy_replaces_the_draft_after_confirmation_with_its_files(bank, client):
    teacher, target = bank["teacher"], bank["activity"].id
    save_draft(client, teacher, "# Lama\n\nSatu dua tiga empat lima.\n")
    _attach(target, "bagan.png", b"\x89PNG\r\n\x1a\nlain", "image/png")  # a different file of the same name
    source_state = (ModuleVersion.query.filter_by(module_id=bank["source"].id).count(),
                    ModuleAttachment.query.filter_by(module_id=bank["source"].id).count(),
                    ModuleAuditEvent.query.filter_by(module_id=bank["source"].id).count())
    page = _confirm(client, bank)
    assert "Your draft's current text (6 words) will be replaced." in page
    assert "Files copied into this module: bagan.png, hadir.pdf" in page
    assert ModuleDraft.query.filter_by(module_id=target).one().markdown.startswith("# Lama")  # not yet

    answer = _copy(client, bank, page)
    assert answer.status_code == 302 and "/modules/editor" in answer.headers["Location"]
    draft = ModuleDraft.query.filter_by(module_id=target).one()
    assert "Warga berkumpul di balai desa." in draft.markdown
    assert "(attachment:bagan-2.png)" in draft.markdown and "(attachment:hadir.pdf)" in draft.markdown
    files = {a.filename: a for a in ModuleAttachment.query.filter_by(module_id=target)}
    assert set(files) == {"bagan.png", "bagan-2.png", "hadir.pdf"}  # the unused file is not copied
    assert files["bagan-2.png"].sha256 == hashlib.sha256(PNG).hexdigest() and files["hadir.pdf"].size == len(PDF)
    event = ModuleAuditEvent.query.filter_by(module_id=target, action="copied_from").one()
    assert event.detail["source_module"] == bank["source"].id and event.detail["source_version"] == 2
    assert event.detail["source_course_title"] == "Pelatihan Aparatur Desa 2025"
    assert event.detail["files"] == [{"from": "bagan.png", "to": "bagan-2.png"}, {"from": "hadir.pdf",
                                                                                 "to": "hadir.pdf"}]
    # Nothing changed in the source.
    assert source_state == (ModuleVersion.query.filter_by(module_id=bank["source"].id).count(),
                            ModuleAttachment.query.filter_by(module_id=bank["source"].id).count(),
                            ModuleAuditEvent.query.filter_by(module_id=bank["source"].id).count())
    trail = client.get(f"/modules/manage?launch={teacher}").get_data(as_text=True)
    assert "copied a version of another module into the draft" in trail


def test_copy_refuses_a_draft_changed_since_the_confirmation(bank, client):
    teacher, target = bank["teacher"], bank["activity"].id
    page = _confirm(client, bank)
    assert "Your draft is empty: nothing is lost." in page
    save_draft(client, teacher, "# Baru\n\nDitulis di tab lain.\n")  # another tab saves in between
    answer = _copy(client, bank, page)
    assert "/modules/bank/" in answer.headers["Location"]
    shown = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Your draft was saved elsewhere after you opened this page: nothing was copied." in shown
    assert "(5 words) will be replaced" in shown  # asked again, with what is there now
    assert ModuleDraft.query.filter_by(module_id=target).one().markdown == "# Baru\n\nDitulis di tab lain.\n"
    assert ModuleAttachment.query.filter_by(module_id=target).count() == 0  # no file copied either
    assert not ModuleAuditEvent.query.filter_by(module_id=target, action="copied_from").count()
    for bad in ("-1", "x", ""):
        assert "/modules/bank/" in _copy(client, bank, page, revision=bad).headers["Location"]
    # Without the form's CSRF token nothing happens.
    assert client.post(f"/modules/bank/{bank['source'].id}/copy?launch={teacher}",
                       data={"version": "2", "revision": "1"}).status_code == 400


def test_learners_and_strangers_reach_no_bank_page(bank, client):
    learner, source = bank["learner"], bank["source"].id
    for path in ("/modules/bank", f"/modules/bank/{source}", f"/modules/bank/{source}/copy?version=2"):
        assert client.get(f"{path}{'&' if '?' in path else '?'}launch={learner}").status_code == 403, path
        assert client.get(path).status_code == 401, path
    page = client.get(f"/modules/?launch={learner}").get_data(as_text=True)
    assert client.post(f"/modules/bank/{source}/copy?launch={learner}",
                       data={"csrf_token": csrf(page), "version": "2", "revision": "0"}).status_code == 403
