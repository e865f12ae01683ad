"""The one Markdown renderer (lti_tool/richtext.py): CommonMark with tables, then an allow-list; nothing a reader's
browser would run gets through."""
import re
from html.parser import HTMLParser

import pytest

from lti_tool.richtext import render_inline, render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '![x](x" onerror="alert(1))',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![i](data:image/png;base64,iVBORw0KGgo=)",
    "![i](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<div onclick=\"alert(1)\">block</div>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<style>body{display:none}</style>",
    '<svg onload="alert(1)"></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<!-- <script>alert(1)</script> -->",
    '[x]: javascript:alert(1)\n\n[click][x]',
    "<javascript:alert(1)>",
    '<a href="#" style="position:fixed">x</a>',
    "| a |\n|---|\n| <script>alert(1)</script> |",
    "```html\n<script>alert(1)</script>\n```",
    "# <img src=x onerror=alert(1)>",
]


ALLOWED = {"p", "br", "strong", "em", "del", "s", "ul", "ol", "li", "h1", "h2", "h3", "h4", "blockquote", "code",
           "pre", "table", "thead", "tbody", "tr", "th", "td", "a", "hr", "img"}


class _Markup(HTMLParser):
    """The elements and attributes a browser would build from the HTML (text is text, whatever it spells)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED:
            self.problems.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.problems.append(name)
            if name in ("href", "src") and re.match(r"\s*(javascript|vbscript|data|file):", value or "", re.I):
                self.problems.append(value)

    def handle_comment(self, data):
        self.problems.append("<!--")


def _dangerous(html):
    """What a browser would run or load from the markup: tags outside the allow-list, handlers, bad URLs."""
    parser = _Markup()
    parser.feed(str(html))
    parser.close()
    return parser.problems


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("images", [False, True])
def test_no_payload_survives(payload, images):
    html = render_markdown(payload, images=images)
    assert not _dangerous(html), html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_inline(payload):
    assert not _dangerous(render_inline(payload))


def test_raw_html_is_shown_as_typed_never_as_markup():
    html = render_markdown("Lokakarya **dua hari** <script>x()</script>\n\n<div>blok</div>")
    assert "<strong>dua hari</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "<div>" not in html and "&lt;div&gt;blok&lt;/div&gt;" in html


def test_links_get_rel_and_open_in_a_new_tab():
    html = render_markdown("[BPKAD](https://bpkad.example.go.id) and [mail](mailto:a@b.id) and [top](#tujuan)")
    links = re.findall(r"<a [^>]*>", html)
    assert len(links) == 3
    for link in links:
        assert 'rel="noopener noreferrer nofollow"' in link and 'target="_blank"' in link
    assert 'href="https://bpkad.example.go.id"' in html and 'href="#tujuan"' in html


def test_headings_one_to_four_have_unique_ids_deeper_ones_lose_the_tag():
    html = render_markdown("# Tujuan *Umum*\n\n## Tujuan Umum\n\n### Materi\n\n#### Sub\n\n##### Lima\n\nSetext\n===")
    assert '<h1 id="md-tujuan-umum">Tujuan <em>Umum</em></h1>' in html
    assert '<h2 id="md-tujuan-umum-2">' in html and '<h3 id="md-materi">' in html and '<h4 id="md-sub">' in html
    assert "<h5" not in html and "Lima" in html
    assert '<h1 id="md-setext">Setext</h1>' in html
    assert '<h2 id="x-tujuan-umum">' in render_markdown("## Tujuan Umum", id_prefix="x-")


def test_tables_render_with_alignment_classes_not_styles():
    html = render_markdown("| Kode | Harga |\n|:-----|------:|\n| SSH-01 | 50.000 |")
    assert '<table class="table table-sm">' in html
    assert '<th class="text-start">Kode</th>' in html and '<td class="text-end">50.000</td>' in html


def test_images_only_when_asked_and_never_from_data_urls():
    text = "![bagan](/modules/a/1.png) ![x](data:image/png;base64,iVBORw0KGgo=)"
    assert "<img" not in render_markdown(text)
    html = render_markdown(text, images=True)
    assert '<img src="/modules/a/1.png" alt="bagan">' in html and "data:" not in html


def test_urls_are_resolved_or_removed_by_the_caller():
    def resolve(url):
        return "/files/bagan.png?launch=t" if url == "attachment:bagan.png" else None

    html = render_markdown("[unduh](attachment:bagan.png) [lain](attachment:lain.pdf) ![gone](attachment:x.png)",
                           images=True, resolve_url=resolve)
    assert 'href="/files/bagan.png?launch=t"' in html
    assert "lain" in html and "attachment:lain.pdf" not in html
    assert "<img" not in html and "gone" in html


def test_inline_keeps_emphasis_and_drops_links_and_blocks():
    assert render_inline("Tujuan **utama** [x](https://a.b)") == "Tujuan <strong>utama</strong> x"
    assert render_inline("") == ""


def test_nothing_breaks_on_odd_input():
    for text in (None, "", "\x00", "[" * 2000, "*" * 2000, "<" * 500, "|" * 500 + "\n" + "-|" * 250, "\n" * 100):
        assert isinstance(str(render_markdown(text)), str)


def test_the_detector_sees_what_a_browser_would_run():
    assert _dangerous('<a href=" javascript:x()" onclick="y()">a</a><script>z</script><!-- c -->') == [
        " javascript:x()", "onclick", "script", "<!--"]
    assert _dangerous("<p>&lt;img src=x onerror=alert(1)&gt;</p>") == []
