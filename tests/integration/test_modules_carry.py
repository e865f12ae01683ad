"""Comments of version N carried to version N+1 (services.carryover) and shown on the diff page: placed by their quote
(exact, moved, fuzzy), whole-section comments following a renamed section, and the ones whose text is gone listed
as no longer in the text."""
import pytest
from carry_support import make_reviewer, make_round, quote_comment, reply, section_comment, version_row
from modules_pages_support import freeze, make_module, save_draft

from lti_tool.extensions import db
from lti_tool.modules.models import Module
from lti_tool.modules.services.carryover import carried_comments, carry

V1 = """# Pendahuluan

Perencanaan partisipatif melibatkan warga desa dalam setiap tahap.

# Tujuan

Peserta memahami musyawarah desa dan menyusun rencana kerja tahunan.

# Materi

Tahap pertama adalah penggalian gagasan di dusun. Tahap kedua adalah musyawarah desa.

# Lampiran

Daftar hadir dan berita acara disimpan oleh sekretaris desa.
"""

V2 = """# Pendahuluan

Perencanaan partisipatif melibatkan seluruh warga desa dalam setiap tahap.

# Sasaran Pembelajaran

Peserta memahami musyawarah desa dan menyusun rencana kerja tahunan.

# Materi

Tahap ketiga adalah pelaksanaan kegiatan oleh tim desa.

# Lampiran

Daftar hadir dan berita acara disimpan oleh sekretaris desa. Tahap kedua adalah musyawarah desa.
"""


@pytest.fixture
def module(app, browser, platform, client):
    made = make_module(app, browser, platform)
    for text in (V1, V2):
        save_draft(client, made["teacher"], text)
        freeze(client, made["teacher"])
    made["row"] = db.session.get(Module, made["activity"].id)
    return made


@pytest.fixture
def comments(module):
    module_id = module["activity"].id
    round1 = make_round(module_id, 1)
    sari = make_reviewer(round1)
    budi = make_reviewer(round1, name="Pak Budi", institution="Universitas Tadulako", group="perguruan_tinggi")
    made = {
        "exact": quote_comment(sari, "tujuan", "rencana kerja tahunan", "Sebutkan contoh rencana kerja.",
                               prefix="desa dan menyusun ", status="addressed", answered_in=2, answer="Ditambah."),
        "moved": quote_comment(budi, "materi", "Tahap kedua adalah musyawarah desa.", "Siapa yang memimpin?",
                               blocking=True),
        "fuzzy": quote_comment(sari, "pendahuluan", "melibatkan warga desa dalam setiap tahap",
                               "Termasuk perempuan dan pemuda?"),
        "orphan": quote_comment(budi, "materi", "penggalian gagasan di dusun", "<b>Penting</b> & perlu contoh",
                                status="declined", answer="Dihapus dari modul."),
        "section": section_comment(sari, "tujuan", "Tujuan terlalu umum."),
    }
    reply(made["moved"], "Kepala desa.")  # a reply is not carried on its own
    return made


def _by_id(carried):
    everything = [c for items in carried.placed.values() for c in items] + list(carried.orphaned)
    return {c.id: c for c in everything}


def test_comments_are_placed_on_the_next_version(module, comments):
    module_id = module["activity"].id
    carried = carry(module["row"], version_row(module_id, 1), version_row(module_id, 2))
    found = _by_id(carried)
    assert carried.total == 5 and len(found) == 5  # the reply is not counted, nothing dropped

    exact = found[comments["exact"].id]
    assert (exact.how, exact.placement.section_id) == ("exact", "sasaran-pembelajaran")  # renamed section followed
    assert exact.status == "addressed" and exact.answered_in == 2 and exact.reviewer == "Bu Sari"

    moved = found[comments["moved"].id]
    assert (moved.how, moved.placement.section_id, moved.blocking) == ("moved", "lampiran", True)
    body = version_row(module_id, 2).sections[3]["body"]
    assert body[moved.placement.body_start:moved.placement.body_end] == "Tahap kedua adalah musyawarah desa."

    fuzzy = found[comments["fuzzy"].id]
    assert (fuzzy.how, fuzzy.placement.section_id) == ("fuzzy", "pendahuluan")
    assert "seluruh warga desa" in fuzzy.placement.found

    section = found[comments["section"].id]
    assert (section.how, section.placement.section_id, section.quote) == ("section", "sasaran-pembelajaran", "")

    orphan = found[comments["orphan"].id]
    assert orphan.how == "orphaned" and list(carried.orphaned) == [orphan]
    assert orphan.quote == "penggalian gagasan di dusun" and orphan.old_section_title == "Materi"
    # Numbered in the order of the new text, orphans last.
    assert [c.number for c in carried.placed["pendahuluan"]] == [1]
    assert orphan.number == 5


def test_one_query_reads_the_comments(module, comments, app):
    from sqlalchemy import event

    module_id = module["activity"].id
    old, new = version_row(module_id, 1), version_row(module_id, 2)
    assert module["row"].activity_id and old.sections and new.sections  # loaded before counting
    statements = []

    def count(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        carry(module["row"], old, new)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1, statements


def test_only_the_old_versions_rounds_are_carried_and_a_round_sees_the_one_before(module, comments, client):
    module_id = module["activity"].id
    round2 = make_round(module_id, 2, number=2)
    later = quote_comment(make_reviewer(round2, name="Ibu Rina"), "materi", "pelaksanaan kegiatan", "Kapan?")
    carried = carry(module["row"], version_row(module_id, 1), version_row(module_id, 2))
    assert later.id not in _by_id(carried)

    on_round2 = carried_comments(module["row"], round2)
    assert set(_by_id(on_round2)) == {c.id for c in comments.values()}
    assert _by_id(on_round2)[comments["moved"].id].how == "moved"
    first = db.session.get(type(round2), comments["exact"].round_id)
    assert carried_comments(module["row"], first).total == 0  # a first round has nothing carried


def test_without_rounds_nothing_is_carried(module):
    module_id = module["activity"].id
    carried = carry(module["row"], version_row(module_id, 1), version_row(module_id, 2))
    assert carried.total == 0 and not carried.orphaned and not carried.placed


def test_the_diff_page_shows_carried_comments_and_the_orphans(module, comments, client):
    page = client.get(f"/modules/diff?from=1&to=2&launch={module['teacher']}").get_data(as_text=True)
    assert 'data-testid="carried-summary"' in page
    assert ("Comments of the review of version 1 placed on version 2 (numbered markers in the text): 5; "
            "no longer in the text: 1.") in page
    # Highlighted where they now are, with their numbers.
    assert (f'<mark data-comments="{comments["moved"].id}"><ins>Tahap kedua adalah musyawarah desa.</ins></mark>'
            in page)
    assert f'<mark data-comments="{comments["exact"].id}">rencana kerja tahunan</mark>' in page
    assert page.count('data-testid="carried-marker"') == 3  # exact, moved, fuzzy (the section comment has none)
    assert f'<a href="#c-{comments["exact"].id}" class="badge' in page
    for key, how in (("exact", "exact"), ("moved", "moved"), ("fuzzy", "fuzzy"), ("section", "section")):
        assert f'data-comment="{comments[key].id}" data-how="{how}"' in page
    assert "quote moved" in page and "similar text" in page and "addressed in version 2" in page
    # The orphan box: the quote, the comment escaped, the answer.
    box = page.split('data-testid="orphaned-comments"', 1)[1].split("</section>", 1)[0]
    assert "No longer in the text" in box and "«penggalian gagasan di dusun»" in box
    assert "&lt;b&gt;Penting&lt;/b&gt; &amp; perlu contoh" in box and "<b>Penting" not in page
    assert "Dihapus dari modul." in box and "declined" in box
    # The diff itself is still there.
    assert "<ins> seluruh</ins>" in page and 'data-change="changed" data-section="materi"' in page


def test_the_diff_page_in_indonesian(module, comments, client, browser):
    from modules_pages_support import INDONESIAN, token_of
    from support import custom_activity

    teacher = token_of(browser.launch_with("instructor", **custom_activity(module["activity"]), **INDONESIAN))
    page = client.get(f"/modules/diff?from=1&to=2&launch={teacher}").get_data(as_text=True)
    assert "Tidak lagi ada di teks" in page and "dipindah" in page and "mirip" in page


def test_a_diff_without_comments_is_shown_as_before(module, client):
    page = client.get(f"/modules/diff?from=1&to=2&launch={module['teacher']}").get_data(as_text=True)
    assert "carried-summary" not in page and "orphaned-comments" not in page and "<mark" not in page
