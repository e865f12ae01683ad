"""Word files into Markdown (mammoth → HTML → CommonMark), and the Word files that cannot be read."""
import io
import random
import zipfile

import pytest
from docx_builder import docx, encrypted_word_file, heading, old_word_file, paragraph, run, sample_module

from lti_tool.modules.domain.sections import split_sections
from lti_tool.modules.io.docx import convert
from lti_tool.modules.io.html_markdown import html_to_markdown
from lti_tool.modules.services import ModuleRefused
from lti_tool.richtext import render_markdown

LIMITS = {"max_image_bytes": 10 * 1024 * 1024, "max_unpacked": 100 * 1024 * 1024}


def test_headings_lists_tables_emphasis_links_and_images_survive():
    result = convert(sample_module(), "Modul Desa.docx", **LIMITS)
    md = result.markdown
    assert [(s.level, s.title) for s in split_sections(md)] == [
        (0, ""), (1, "Pendahuluan"), (2, "Tujuan"), (1, "Langkah"), (3, r"Catatan \* penting")]
    assert "Perencanaan **partisipatif** melibatkan *warga*." in md
    assert "[Perda No. 4](https://jdih.example.go.id/perda)" in md
    assert "- Memahami musyawarah desa\n- Menyusun RKP Desa\n  - Termasuk APBDes" in md
    assert "1. Persiapan\n2. Pelaksanaan" in md
    assert "| Tahap | Waktu |\n| --- | --- |\n| Musdes | 2 JP |\n| Pleno \\| akhir | 1 JP |" in md
    assert "![Bagan alur](attachment:Modul-Desa-gambar-1.png)" in md
    assert [(name, kind) for name, kind, _ in result.images] == [("Modul-Desa-gambar-1.png", "image/png")]
    assert result.dropped_images == 1  # the EMF picture: no browser shows it
    html = render_markdown(md)
    assert "<td>Pleno | akhir</td>" in html and "<li>Termasuk APBDes</li>" in html
    assert "<p>1. bukan daftar, # bukan judul, [bukan tautan]</p>" in html  # text stays text


def test_text_that_looks_like_markup_reads_as_typed():
    body = paragraph("*bintang* _garis_ nama_file <b>tag</b> &amp; ~coret~ `kode`") + paragraph("# 2024. Tahun")
    md = convert(docx(body), "a.docx", **LIMITS).markdown
    html = render_markdown(md)
    assert "<p>*bintang* _garis_ nama_file &lt;b&gt;tag&lt;/b&gt; &amp;amp; ~coret~ `kode`</p>" in html
    assert "<h1" not in html


def test_empty_runs_and_blank_paragraphs_leave_no_markers():
    body = paragraph(run("", bold=True), run(" ", italic=True)) + heading(1, "  ") + paragraph("isi", run(" ", True))
    assert convert(docx(body), "a.docx", **LIMITS).markdown == "isi\n"


@pytest.mark.parametrize(("data", "code"), [
    (encrypted_word_file(), "docx_encrypted"),
    (old_word_file(), "docx_old_format"),
    (random.Random(13).randbytes(4096), "docx_not_word"),
    (b"", "docx_not_word"),
    (b"PK\x03\x04 not really a zip", "docx_not_word"),
    (b"%PDF-1.7\n...", "docx_not_word"),
])
def test_files_that_are_not_readable_word_documents_are_refused_with_a_reason(data, code):
    with pytest.raises(ModuleRefused) as refused:
        convert(data, "modul.docx", **LIMITS)
    assert refused.value.code == code


def _zip(files):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return out.getvalue()


def test_a_workbook_or_a_damaged_document_is_refused():
    with pytest.raises(ModuleRefused) as refused:
        convert(_zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}), "a.docx", **LIMITS)
    assert refused.value.code == "docx_not_word"
    broken = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document><not xml"})
    with pytest.raises(ModuleRefused) as refused:
        convert(broken, "a.docx", **LIMITS)
    assert refused.value.code == "docx_unreadable"


def test_a_package_that_unpacks_too_large_is_refused_before_reading():
    bomb = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<a/>",
                 "word/media/big.bin": b"\0" * 3_000_000})
    assert len(bomb) < 100_000
    with pytest.raises(ModuleRefused) as refused:
        convert(bomb, "a.docx", max_image_bytes=1024, max_unpacked=2 * 1024 * 1024)
    assert refused.value.code == "docx_too_large" and refused.value.params == {"max": 2}


def test_images_over_the_size_limit_are_left_out():
    from docx_builder import PNG, image

    data = docx(paragraph(image("rIdImg1", "besar")), images={"rIdImg1": ("image1.png", PNG)})
    result = convert(data, "a.docx", max_image_bytes=10, max_unpacked=LIMITS["max_unpacked"])
    assert result.images == [] and result.dropped_images == 1 and "![" not in result.markdown


def test_html_to_markdown_handles_what_mammoth_makes():
    html = ('<h2>Bab <strong>Dua</strong></h2><p>a<br />b</p><ol><li><p>p1</p><p>p1b</p></li><li>p2</li></ol>'
            '<table><thead><tr><th>K</th></tr></thead><tbody><tr><td><p>x</p><p>y</p></td><td>z</td></tr></tbody>'
            '</table><p><a href="#_Toc1">Daftar isi</a> <a id="bookmark"></a><a href="https://a.id/x y">web</a></p>'
            '<blockquote><p>kutipan</p></blockquote><p><s>lama</s> <sup>2</sup></p>')
    assert html_to_markdown(html) == (
        "## Bab **Dua**\n\na\\\nb\n\n1. p1\n\n   p1b\n2. p2\n\n| K |  |\n| --- | --- |\n| x y | z |\n\n"
        "Daftar isi [web](<https://a.id/x y>)\n\n> kutipan\n\n~~lama~~ 2\n")
    assert html_to_markdown("") == ""
