"""Markdown written by people (budgeting scenarios, training modules) turned into HTML that is safe to show.

One library for the whole tool: CommonMark through markdown-it-py, with GFM tables and strikethrough, raw HTML
off (a ``<script>`` or a ``<div onclick=…>`` typed into the text is shown as the characters typed, never as
markup), then nh3 (ammonia) with an allow-list of tags, attributes and URL schemes as a second wall:

- headings ``h1``–``h4`` carry an ``id`` (``id_prefix`` + the slug of their text, unique within one rendering),
  so that a table of contents can point at them; ``h5``/``h6`` keep their text without the tag;
- links may be ``http``, ``https``, ``mailto`` or relative (``#tujuan``, ``/modules/…``); ``javascript:``,
  ``data:``, ``vbscript:`` and ``file:`` links are never made; every link gets ``rel="noopener noreferrer
  nofollow"`` and opens in a new tab (the tool runs inside Moodle's iframe, where many sites refuse to be framed);
- images only when the caller asks for them (``images=True``), from the same kinds of URL (never ``data:``);
- a table's column alignment becomes a Bootstrap class (the page's CSP allows no inline style).

``resolve_url(url) -> str | None`` lets a caller rewrite the URLs of links and images before sanitizing (a
module's ``attachment:bagan.png`` becomes the attachment's address); None removes the link (its text stays) or
the image (its alt text stays).
"""
import re
import unicodedata
from functools import cache

import nh3
from markupsafe import Markup

HEADINGS = ("h1", "h2", "h3", "h4")
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"
_BLOCK_TAGS = {"p", "br", "strong", "em", "del", "s", "ul", "ol", "li", *HEADINGS, "blockquote", "code", "pre",
               "table", "thead", "tbody", "tr", "th", "td", "a", "hr"}
_INLINE_TAGS = {"strong", "em", "del", "s", "code", "br"}
_ALIGN = {"text-align:left": "text-start", "text-align:center": "text-center", "text-align:right": "text-end"}
_CELL_CLASSES = set(_ALIGN.values())


@cache
def _parser():
    from markdown_it import MarkdownIt  # loaded once per process, on first use

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}) \
        .enable("table").enable("strikethrough")


def slug(text):
    """A heading's id part: lower case, accents dropped, words joined by ``-`` ("section" when nothing is left)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^\w\s-]", "", text)
    return re.sub(r"[\s_-]+", "-", text).strip("-")[:60].rstrip("-") or "section"


def _plain(inline):
    return "".join(child.content for child in inline.children or () if child.type in ("text", "code_inline"))


def _prepare(tokens, id_prefix, resolve_url):
    """Heading ids, table alignment classes, rewritten or removed URLs: on the token stream, before rendering."""
    seen = set()
    for n, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in HEADINGS:
            base = id_prefix + slug(_plain(tokens[n + 1]))
            candidate, k = base, 1
            while candidate in seen:
                k += 1
                candidate = f"{base}-{k}"
            seen.add(candidate)
            token.attrSet("id", candidate)
        elif token.type in ("th_open", "td_open"):
            style = token.attrGet("style")
            token.attrs.pop("style", None)
            if style in _ALIGN:
                token.attrSet("class", _ALIGN[style])
        elif token.type == "table_open":
            token.attrSet("class", "table table-sm")
        elif token.type == "inline" and token.children and resolve_url is not None:
            _resolve(token.children, resolve_url)


def _resolve(children, resolve_url):
    from markdown_it.token import Token

    for n, child in enumerate(children):
        if child.type == "link_open":
            url = resolve_url(child.attrGet("href") or "")
            if url is None:
                child.attrs.pop("href", None)
            else:
                child.attrSet("href", url)
        elif child.type == "image":
            url = resolve_url(child.attrGet("src") or "")
            if url is None:
                alt = Token("text", "", 0)
                alt.content = "".join(c.content for c in child.children or ()) or child.content
                children[n] = alt
            else:
                child.attrSet("src", url)


def _clean(html, tags, images=False):
    attributes = {"a": {"href", "title"}, "ol": {"start"}, **{h: {"id"} for h in HEADINGS}}
    if images:
        tags = tags | {"img"}
        attributes["img"] = {"src", "alt", "title"}
    return nh3.clean(html, tags=tags, attributes=attributes, url_schemes=URL_SCHEMES, link_rel=LINK_REL,
                     allowed_classes={"th": _CELL_CLASSES, "td": _CELL_CLASSES, "table": {"table", "table-sm"}},
                     set_tag_attribute_values={"a": {"target": "_blank"}}, strip_comments=True)


def render_markdown(text, *, id_prefix="md-", images=False, resolve_url=None):
    """The sanitized HTML of a Markdown text (``Markup``: a template shows it as it is)."""
    md = _parser()
    tokens = md.parse(text or "")
    _prepare(tokens, id_prefix, resolve_url)
    return Markup(_clean(md.renderer.render(tokens, md.options, {}), _BLOCK_TAGS, images))


def render_inline(text):
    """One line of inline Markdown (a heading's title): emphasis, code and strikethrough; no links, no images."""
    md = _parser()
    return Markup(_clean(md.renderInline(text or ""), _INLINE_TAGS))
