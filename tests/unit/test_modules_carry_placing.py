"""services.carryover on crafted versions, without a database: comments (their stored rows faked) placed on the next
version, and a section's text cut at the placed comments for highlighting."""
from types import SimpleNamespace

from lti_tool.modules.domain.anchors import TextQuote
from lti_tool.modules.domain.diff import Op, OpKind, diff_versions
from lti_tool.modules.domain.sections import split_sections
from lti_tool.modules.services.carryover import marked_pieces, place_comments, section_pieces

OLD = split_sections("# Alat\n\nPeta desa dibuat bersama warga.\n\n# Cara\n\nWarga berkumpul di balai desa pada "
                     "hari Minggu pagi.\n\n# Catatan\n\nCatatan ini akan dihapus seluruhnya.\n")
NEW = split_sections("# Alat dan Bahan\n\nPeta desa dibuat bersama warga.\n\n# Cara\n\nWarga berkumpul di balai "
                     "dusun pada hari Minggu pagi.\n\n# Penutup\n\nPeta desa dibuat bersama warga. Selesai.\n")


def _row(n, section, body, quote=None, prefix="", blocking=False):
    anchor = TextQuote(quote, prefix, "", section).to_dict() if quote else None
    reviewer = SimpleNamespace(name=f"R{n}", institution="Bappeda", group="pemda")
    comment = SimpleNamespace(id=n, section_id=section, anchor=anchor, body=body, blocking=blocking, status="open",
                              answer="", answered_in=None, reviewer=reviewer)
    return comment, 1


def test_each_kind_of_placement():
    rows = [_row(1, "cara", "Di mana?", "balai desa pada hari Minggu"),
            _row(2, "alat", "Siapa?", "dibuat bersama warga"),
            _row(3, "catatan", "Mengapa?", "akan dihapus seluruhnya"),
            _row(4, "alat", "Bagian ini penting."),
            _row(5, "catatan", "Bagian ini kosong."),
            _row(6, "cara", "Rusak", quote=None)]
    rows[5][0].anchor = {"type": "nonsense"}  # an anchor that no longer reads follows its section
    carried = place_comments(rows, OLD, NEW)
    by_id = {c.id: c for items in carried.placed.values() for c in items} | {c.id: c for c in carried.orphaned}
    assert len(by_id) == carried.total == 6
    assert (by_id[1].how, by_id[1].placement.section_id) == ("fuzzy", "cara")
    assert (by_id[2].how, by_id[2].placement.section_id) == ("exact", "alat-dan-bahan")  # renamed, not "penutup"
    assert by_id[3].how == "orphaned" and by_id[3].quote == "akan dihapus seluruhnya"
    assert (by_id[4].how, by_id[4].placement.section_id) == ("section", "alat-dan-bahan")
    assert by_id[5].how == "orphaned" and by_id[5].old_section_title == "Catatan"
    assert (by_id[6].how, by_id[6].placement.section_id) == ("section", "cara")
    assert [c.id for c in carried.orphaned] == [3, 5]
    assert sorted(c.number for c in by_id.values()) == [1, 2, 3, 4, 5, 6]


def test_moved_when_the_own_section_no_longer_has_it():
    old = split_sections("# A\n\nsatu dua tiga empat\n\n# B\n\nlima enam tujuh\n")
    new = split_sections("# A\n\nsatu dua\n\n# B\n\nlima enam tujuh tiga empat\n")
    carried = place_comments([_row(1, "a", "x", "tiga empat")], old, new)
    (placed,) = carried.placed["b"]
    assert placed.how == "moved" and new[1].body[placed.placement.body_start:placed.placement.body_end] == "tiga empat"


def test_pieces_mark_the_placed_spans_on_the_word_diff():
    old = split_sections("# A\n\nWarga **desa** berkumpul di balai.\n")
    new = split_sections("# A\n\nSeluruh warga **desa** berkumpul di balai.\n")
    changes = diff_versions(old, new)
    carried = place_comments([_row(1, "a", "x", "warga desa"), _row(2, "a", "y", "desa berkumpul")], old, new,
                             changes.renamed)
    pieces = section_pieces(changes.sections[0], carried.placed["a"])
    assert "".join(p.text for p in pieces if p.kind != "delete") == new[0].body  # nothing lost
    assert "".join(p.text for p in pieces if p.marked) == "warga **desa** berkumpul"
    assert [p.text for p in pieces if p.comments == (1, 2)] == ["desa"]  # where the two overlap
    assert [p.markers for p in pieces if p.markers] == [((1, 1),), ((2, 2),)]
    assert any(p.kind == "delete" and not p.marked for p in pieces)


def test_pieces_without_comments_are_the_ops_as_they_are():
    ops = (Op(OpKind.EQUAL, "a b"), Op(OpKind.DELETE, " c"), Op(OpKind.INSERT, " d"))
    assert [(p.kind, p.text, p.marked) for p in marked_pieces(ops, [])] == [
        ("equal", "a b", False), ("delete", " c", False), ("insert", " d", False)]
