"""The review report's PDF: its line wrapper (``io.pdf_lines``) gives the lines fpdf2's ``multi_cell`` gives, fast,
never wider than the width; and the PDF of a small round still says what the round says, in the reader's language."""
import re
import zlib
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from flask_babel import force_locale
from fpdf import FPDF
from hypothesis import assume, given
from hypothesis import strategies as st
from report_support import pdf_text

from lti_tool.modules.io import pdf_lines
from lti_tool.modules.io.report_pdf import report_pdf
from lti_tool.modules.services.report_rows import (
    CommentRow,
    DecisionRow,
    GroupRow,
    ReplyRow,
    Report,
    ReviewerRow,
    SectionComments,
)

FONTS = Path(__file__).resolve().parents[2] / "static" / "fonts"
SENTENCE = ("Perencanaan pembangunan desa partisipatif melibatkan warga, aparatur desa dan pendamping; "
            "musyawarah dusun – dua JP – menjadi bahan musyawarah desa.")
AT = datetime(2026, 11, 2, 2, 0)


@pytest.fixture(scope="module")
def pdf():
    document = FPDF(unit="mm", format="A4")
    document.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    document.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    document.add_page()
    document.set_font("DejaVu", "", 9)
    return document


def _lines(pdf, text, width, style="", size=9):
    """(the wrapper's lines, multi_cell's lines) of ``text`` in a cell ``width`` wide."""
    pdf.set_font("DejaVu", style, size)
    ours = pdf_lines.wrap(text, width - 2 * pdf.c_margin, pdf_lines.widths_for(pdf, {}))
    return ours, pdf.multi_cell(width, 5, text, align="L", dry_run=True, output="LINES")


@pytest.mark.parametrize("text", ["Jawaban:", SENTENCE, "ā ✓ 中文 “kutipan” — 12,5%", "  dua  spasi  ", "W" * 40])
@pytest.mark.parametrize(("style", "size"), [("", 7.5), ("", 9), ("B", 11), ("B", 14)])
def test_widths_are_fpdfs_own_within_rounding(pdf, text, style, size):
    pdf.set_font("DejaVu", style, size)
    assert pdf_lines.widths_for(pdf, {}).of(text) == pytest.approx(pdf.get_string_width(text), abs=1e-9)


def test_widths_are_cached_per_font_style_and_size(pdf):
    cache = {}
    pdf.set_font("DejaVu", "", 9)
    regular = pdf_lines.widths_for(pdf, cache)
    pdf.set_font("DejaVu", "B", 9)
    bold = pdf_lines.widths_for(pdf, cache)
    assert bold.of("Modul") > 0 and bold is not regular
    with pytest.raises(ValueError):  # measured in the font the pdf is in now: not what it holds
        regular.of("Modul")
    pdf.set_font("DejaVu", "", 9)
    assert pdf_lines.widths_for(pdf, cache) is regular and 0 < regular.of("Modul") < bold.of("Modul")


@pytest.mark.parametrize("text", [
    SENTENCE, SENTENCE * 3, f"{SENTENCE}\n\n{SENTENCE}\n", "satu  dua   tiga    empat " * 8,
    f"{SENTENCE} \n{SENTENCE}", "https://example.org/" + "panjang" * 30 + " akhir", "a\n", "\n", "",
])
@pytest.mark.parametrize("width", [24, 60, 180])
def test_the_lines_are_multi_cells(pdf, text, width):
    ours, theirs = _lines(pdf, text, width)
    assert ours == theirs


def test_a_long_word_is_broken_between_characters(pdf):
    word = "Penyelenggaraanpemerintahandesa" * 6
    lines, theirs = _lines(pdf, f"Lihat {word} ya", 60)
    assert lines == theirs and len(lines) >= 4
    assert lines[0] == "Lihat" and "".join(lines) == f"Lihat{word}ya"  # a break at a space drops it
    assert all(pdf.get_string_width(line) <= 60 - 2 * pdf.c_margin for line in lines)


def test_an_empty_text_is_one_empty_line(pdf):
    assert _lines(pdf, "", 50) == ([""], [""])


def test_newlines_are_kept_and_a_trailing_one_adds_no_line(pdf):
    assert _lines(pdf, "satu\n\ndua\n", 50)[0] == ["satu", "", "dua"]
    assert _lines(pdf, "satu\n\n", 50)[0] == ["satu", ""]


def test_a_soft_hyphen_breaks_a_word_with_a_hyphen_that_fits(pdf):
    text = "Penyelenggara\u00adan pem\u00adbangun\u00adan desa partisi\u00adpatif ber\u00adkelanjut\u00adan"
    lines = _lines(pdf, text, 18)[0]
    assert "pem-" in lines and all("\u00ad" not in line for line in lines)
    assert all(pdf.get_string_width(line) <= 18 - 2 * pdf.c_margin for line in lines)
    assert "".join(line.removesuffix("-") for line in lines).replace(" ", "") == \
        text.replace("\u00ad", "").replace(" ", "")


def test_a_character_wider_than_the_line_stands_alone_instead_of_failing(pdf):
    pdf.set_font("DejaVu", "", 14)
    assert pdf_lines.wrap("中文 ok", 1, pdf_lines.widths_for(pdf, {})) == ["中", "文", "o", "k"]


TEXTS = st.text(st.sampled_from("aiueo kmnrst.,–ā中\n  \u2009"), max_size=300)


@given(text=TEXTS, width=st.sampled_from([20, 31.5, 64, 120, 180]), size=st.sampled_from([7.5, 9, 14]))
def test_any_text_is_wrapped_as_multi_cell_wraps_it(pdf, text, width, size):
    ours, theirs = _lines(pdf, text, width, size=size)
    assert ours == theirs


@given(text=st.text(st.sampled_from("aiueo kmnrstWM.\u00ad\u00a0中👍\n"), max_size=300),
       width=st.sampled_from([3, 12, 40, 180]))
def test_lines_are_never_wider_than_the_width_and_lose_nothing(pdf, text, width):
    pdf.set_font("DejaVu", "", 9)
    lines = pdf_lines.wrap(text, width, pdf_lines.widths_for(pdf, {}))
    assume(text.strip())
    assert all(len(line) == 1 or pdf.get_string_width(line) <= width + 1e-9 for line in lines)

    def letters(value):
        return "".join(c for c in value if c not in " -\u00ad\u00a0\n")
    assert letters("".join(lines)) == letters(text)


def _round(body=SENTENCE, quote="melibatkan warga"):
    reviewer = ReviewerRow(id=1, name="Ani Wulandari", institution="Bappeda", group="pemda",
                           group_name="Pemerintah daerah", external=True, submitted=True, submitted_at=AT,
                           recommendation="approve", recommendation_label="setuju", revoked=False, revoked_at=None)
    comment = CommentRow(id=1, section_id="pendahuluan", section_title="Pendahuluan", reviewer="Ani Wulandari",
                         institution="Bappeda", group_name="Pemerintah daerah", quote=quote, body=body, blocking=True,
                         status="addressed", status_label="ditangani", answer_text="Ditangani di versi 2: Data BPS",
                         answered_by="Pak Guru", answered_at=AT, created_at=AT,
                         replies=(ReplyRow(author="Pak Guru", by_author=True, body="Sudah kami perbaiki.", at=AT),))
    return Report(
        module_title="Perencanaan partisipatif", course="Diklat Desa", version_number=1, version_date=AT,
        version_author="Pak Guru", round_number=1, state="decided", state_label="diputuskan", deadline=AT,
        opened_at=AT, closed_at=AT, decided_at=AT,
        groups=(GroupRow(id="pemda", name="Pemerintah daerah", criteria=("Relevansi",), invited=1, submitted=1,
                         min_reviews=1, recommendations=(("setuju", 1), ("tolak", 0))),),
        reviewers=(reviewer,), scores=(), rule_lines=("Setiap kelompok: paling sedikit 1 tinjauan",), rule_met=True,
        unmet=(), comment_count=1, blocking_count=1, open_blocking=0,
        sections=(SectionComments(section_id="pendahuluan", title="Pendahuluan", in_version=True,
                                  comments=(comment,)),),
        decision=DecisionRow(decided=True, outcome="approved", outcome_label="disetujui", reason="", against_rule=False,
                             text="Disetujui.", decided_by="Pak Guru", decided_at=AT),
        generated_at=AT)


def _printed(app, report, locale):
    with app.test_request_context(), force_locale(locale):
        data = report_pdf(report)
    assert data.startswith(b"%PDF-")
    return data, pdf_text(data)


def test_the_pdf_of_a_small_round_says_what_the_round_says(app):
    data, text = _printed(app, _round(), "id")
    for expected in ("BERITA ACARA HASIL REVIU MODUL", "Perencanaan partisipatif", "Diklat Desa",
                     "5. Komentar dan jawaban penulis", "1. Ani Wulandari, Bappeda · Pemerintah daerah",
                     "PEMBLOKIR · ditangani", "“melibatkan warga”", "Jawaban: Ditangani di versi 2: Data BPS",
                     "Sudah kami perbaiki.", "Disetujui.", "Penulis modul", "Halaman 1 dari"):
        assert expected in text, expected
    assert SENTENCE in text.replace("\n", " ")  # wrapped: a line broken at a space lost that space
    english = _printed(app, _round(), "en")[1]
    assert "MODULE REVIEW REPORT" in english and "5. Comments and the author's answers" in english
    assert "Answer: Ditangani di versi 2: Data BPS" in english and "Page 1 of" in english


def test_a_long_comment_breaks_across_pages_whole_and_in_order(app):
    words = [f"kata{n}" for n in range(2500)]
    long_word = "tautan" * 60  # wider than the page: cut between characters
    report = _round(body=" ".join(words) + f"\n\n{long_word}\nselesai")
    data, text = _printed(app, report, "id")
    assert "Halaman 3 dari" in text
    footer = 25 / 25.4 * 72  # pt above the page's bottom edge: the footer (12 mm) is below, the text (16 mm) above
    assert all(y > 16 / 25.4 * 72 or y < footer for y in _baselines(data)) and min(_baselines(data)) < footer
    assert re.findall(r"kata\d+", text) == words  # the footers come between pages
    assert long_word in text.replace("\n", "") and "selesai" in text
    assert text.index("kata2499") < text.index("Disetujui.")


def _baselines(data):
    """The height (pt above the bottom edge) of every line of text the PDF's content streams draw."""
    found = []
    for match in re.finditer(rb"/Filter /FlateDecode\s*/Length (\d+)\s*>>\s*stream\r?\n", data):
        stream = zlib.decompress(data[match.end():match.end() + int(match.group(1))])
        found += [float(y) for y in re.findall(rb"BT [\d.]+ ([\d.]+) Td", stream)]
    return found


def test_control_characters_are_dropped_and_any_unicode_printed(app):
    report = _round(body="Pemerintah\x07 Daerah – ✓ ā 中文\x1b akhir", quote="")
    text = _printed(app, replace(report, module_title="Modul – ✓ ā"), "id")[1]
    assert "Pemerintah Daerah – ✓ ā" in text and "akhir" in text and "Modul – ✓ ā" in text  # DejaVu has no 中文
