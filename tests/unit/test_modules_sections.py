"""Sections of a module's Markdown (split by headings, ids, joined back) and the reading text comments anchor in."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lti_tool.modules.domain.reading import reading_text
from lti_tool.modules.domain.sections import (
    INTRO_ID,
    Section,
    slugify,
    split_sections,
    to_markdown,
    unique_ids,
    word_count,
)

MODULE = """Modul ini disusun bersama Pemda.

# Tujuan Pelatihan

Peserta **mampu** menyusun RKA.

## Materi ##

```markdown
# bukan judul, di dalam kode
```

#### Sub-bagian tetap di badan

### Tujuan Pelatihan
Kedua kalinya.
"""


def test_headings_of_level_one_to_three_split_and_the_text_before_them_is_the_intro():
    sections = split_sections(MODULE)
    assert [(s.id, s.level, s.title) for s in sections] == [
        (INTRO_ID, 0, ""), ("tujuan-pelatihan", 1, "Tujuan Pelatihan"), ("materi", 2, "Materi"),
        ("tujuan-pelatihan-2", 3, "Tujuan Pelatihan")]
    assert sections[0].body == "Modul ini disusun bersama Pemda."
    assert sections[1].body == "Peserta **mampu** menyusun RKA."
    assert sections[2].body == ("```markdown\n# bukan judul, di dalam kode\n```\n\n#### Sub-bagian tetap di badan")
    assert sections[3].body == "Kedua kalinya."


@pytest.mark.parametrize("line, heading", [
    ("# Judul", (1, "Judul")), ("   ### Judul ###", (3, "Judul")), ("#", (1, "")), ("## C#", (2, "C#")),
    ("# Judul # ", (1, "Judul")), ("#\tTab", (1, "Tab")), ("#Judul", None), ("    # kode", None),
    ("#### Empat", None), ("\\# lolos", None), ("> # kutipan", None),
])
def test_what_counts_as_a_heading(line, heading):
    sections = split_sections("x\n" + line + "\ny")
    found = [(s.level, s.title) for s in sections if not s.is_intro]
    assert found == ([heading] if heading else [])


def test_fences_hide_headings_until_closed_by_the_same_character_at_least_as_long():
    text = "~~~~\n# a\n~~~\n# b\n```\n# c\n~~~~~\n# d"
    assert [s.id for s in split_sections(text)] == [INTRO_ID, "d"]
    assert [s.id for s in split_sections("```py\n# a\n```\n# b\n``` not`fence\n# c")] == [INTRO_ID, "b", "c"]
    assert [s.title for s in split_sections("# a\n```\n# never closed\n# b")] == ["a"]


def test_no_intro_without_text_before_the_first_heading_and_nothing_for_a_blank_text():
    assert [s.id for s in split_sections("\n  \n# A\nx")] == ["a"]
    assert split_sections("") == () == split_sections("\n\n")
    assert split_sections("just text") == (Section(INTRO_ID, 0, "", "just text"),)


def test_ids_are_slugs_unique_within_the_version_and_never_the_intro():
    assert slugify("Tujuan Pelatihan (JP 2)") == "tujuan-pelatihan-jp-2"
    assert slugify("Évaluasi — Kegiatan_Lapangan") == "evaluasi-kegiatan-lapangan"
    assert slugify("**!!**") == "section" == slugify("")
    assert len(slugify("kata " * 40)) <= 60
    assert unique_ids(["A", "a", "A 2", "Intro", "", ""]) == ["a", "a-2", "a-2-2", "intro-2", "section", "section-2"]


def test_markdown_is_written_back_with_headings_and_blank_lines():
    sections = split_sections(MODULE)
    assert to_markdown(sections).startswith("Modul ini disusun bersama Pemda.\n\n# Tujuan Pelatihan\n\nPeserta")
    assert split_sections(to_markdown(sections)) == sections
    assert to_markdown([]) == ""


def test_a_title_ending_in_a_hash_keeps_it_and_an_open_fence_does_not_swallow_the_next_section():
    sections = (Section("c", 1, "C#", ""), Section("x", 2, "a #", ""))
    assert [s.title for s in split_sections(to_markdown(sections))] == ["C#", "a #"]
    sections = (Section("a", 1, "A", "```\ncode"), Section("b", 1, "B", "text"))
    assert [(s.title, s.body) for s in split_sections(to_markdown(sections))] == [("A", "```\ncode\n```"),
                                                                                   ("B", "text")]


def test_word_count_counts_what_a_reader_reads():
    sections = split_sections("# Dua kata\nLihat [laman ini](https://contoh.go.id/a/b/c) — JP-nya 2.")
    assert word_count(sections) == 2 + 5  # Lihat laman ini JP-nya 2


def test_reading_text_drops_markup_and_maps_back_to_the_body():
    body = ("Peserta **mampu** menyusun [RKA](https://x.go.id/rka \"judul\") &amp; \\*tidak\\* lupa <b>tag</b>.\n\n"
            "- butir satu\n1. butir  dua\n> kutipan ![gambar](g.png)\n\n| a | b |\n|---|:-:|\n\n---\n"
            "[rka]: https://x.go.id\nsnake_case dan _miring_ dan `kode *x*`\n```\n  kode  blok\n```")
    reading = reading_text(body)
    assert reading.text == ("Peserta mampu menyusun RKA & *tidak* lupa tag. butir satu butir dua kutipan a b "
                            "snake_case dan miring dan kode *x* kode blok")
    assert len(reading.positions) == len(reading.text)
    start = reading.text.index("menyusun RKA")
    assert body[slice(*reading.source_span(start, start + len("menyusun RKA")))] == "menyusun [RKA"
    with pytest.raises(IndexError):
        reading.source_span(3, 3)


def test_whitespace_of_every_kind_is_one_space():
    assert reading_text("  a\u00a0\u00a0b\t\n\n c  ").text == "a b c"
    assert reading_text("").text == ""


# --- properties -------------------------------------------------------------------------------------------------

words = st.sampled_from(["Tujuan", "pelatihan", "Pemda", "RKA", "**tebal**", "`kode`", "[tautan](u)", "#", "##",
                         "~~~", "```", "C#", "_x_", "&amp;", "\\*", "-", "|"])
lines = st.one_of(
    st.lists(words, max_size=6).map(" ".join),
    st.tuples(st.sampled_from(["#", "##", "###", "####", " #", "   ##"]), st.lists(words, max_size=4))
    .map(lambda t: t[0] + " " + " ".join(t[1])),
    st.sampled_from(["", "  ", "```", "~~~~", "```py", "    # kode", "---", "> kutipan"]),
)
markdowns = st.lists(lines, max_size=30).map("\n".join)


@given(markdowns)
def test_sections_to_markdown_to_sections_is_stable(markdown):
    sections = split_sections(markdown)
    assert split_sections(to_markdown(sections)) == sections


@given(markdowns)
def test_splitting_loses_no_line_and_gives_unique_ids(markdown):
    sections = split_sections(markdown)
    assert len({s.id for s in sections}) == len(sections)
    assert all(s.is_intro == (n == 0 and s.id == INTRO_ID) for n, s in enumerate(sections))
    kept = [line for s in sections for line in [s.heading_markdown()] + s.body.split("\n") if line.strip()]
    assert len(kept) == len([line for line in markdown.split("\n") if line.strip()])


@given(st.text(alphabet=st.characters(blacklist_characters="&", blacklist_categories=("Cs",)), max_size=200))
def test_every_reading_character_comes_from_the_same_character_of_the_body(body):
    reading = reading_text(body)
    assert len(reading.positions) == len(reading.text)
    assert list(reading.positions) == sorted(set(reading.positions))
    assert all(ch == " " or body[pos] == ch for ch, pos in zip(reading.text, reading.positions, strict=True))
    assert "  " not in reading.text and reading.text == reading.text.strip()
