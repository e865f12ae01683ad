"""The HTML mammoth makes of a Word file, written as CommonMark (with GFM tables and strikethrough).

Only what mammoth produces is handled: paragraphs, headings ``h1``–``h6``, lists (nested), tables, bold, italic,
strikethrough, links, images, line breaks, footnotes (as a list); anything else keeps its text. Text is escaped so
that it reads as typed (a paragraph starting "1." or "#", a ``*`` or a ``[``, stays text). Links inside the
document (Word's bookmarks and table of contents, ``#…``) keep only their text.
"""
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SPACE = re.compile(r"[ \t\n\r\f]+")
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "hr", "div", "body"}


@dataclass
class Node:
    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)


class _Tree(HTMLParser):
    VOID = {"br", "img", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("body")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def escape(text):
    text = re.sub(r"([\\`*\[\]<>~|])", r"\\\1", text)
    text = re.sub(r"(?<!\w)_|_(?!\w)", r"\\_", text)
    return re.sub(r"&(?=#?\w+;)", r"\\&", text)


def _escape_line_starts(text):
    return "\n".join(re.sub(r"^(\s*)([#>+=-]|\d+(?=[.)]))", lambda m: m[1] + "\\" + m[2] if not m[2][0].isdigit()
                            else m[1] + m[2] + "\\", line) for line in text.split("\n"))


def _wrap(marker, inner):
    core = inner.strip(" ")
    if not core.strip():
        return inner
    lead, trail = inner[:len(inner) - len(inner.lstrip(" "))], inner[len(inner.rstrip(" ")):]
    return f"{lead}{marker}{core}{marker}{trail}"


def _url(url):
    url = url.strip()
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def inline(node, in_table=False):
    """The inline Markdown of a node's content."""
    out = []
    for child in node.children:
        if isinstance(child, str):
            out.append(escape(_SPACE.sub(" ", child)))
            continue
        tag, inner = child.tag, None
        if tag == "br":
            out.append(" " if in_table else "\\\n")
        elif tag == "img":
            if child.attrs.get("src"):
                out.append(f"![{escape(child.attrs.get('alt') or '')}]({_url(child.attrs['src'])})")
        else:
            inner = inline(child, in_table)
        if inner is None:
            continue
        if tag in ("strong", "b"):
            out.append(_wrap("**", inner))
        elif tag in ("em", "i"):
            out.append(_wrap("*", inner))
        elif tag in ("s", "del", "strike"):
            out.append(_wrap("~~", inner))
        elif tag == "a" and child.attrs.get("href") and not child.attrs["href"].startswith("#") and inner.strip():
            out.append(f"[{inner.strip()}]({_url(child.attrs['href'])})")
        else:
            out.append(inner if tag not in _BLOCKS else f" {inner} ")
    return "".join(out)


def _paragraph(node, prefix=""):
    text = inline(node).strip()
    text = "\n".join(line.strip() for line in text.split("\n"))
    return prefix + _escape_line_starts(text) if text else ""


def _list(node, depth=0):
    lines, n = [], 0
    for item in node.children:
        if isinstance(item, str) or item.tag != "li":
            continue
        n += 1
        marker = f"{n}. " if node.tag == "ol" else "- "
        indent = " " * len(marker)
        text_part = Node("li", children=[c for c in item.children if isinstance(c, str) or c.tag not in _BLOCKS])
        parts = [("p", _paragraph(text_part))] + [(c.tag, block) for c in item.children
                                                   if not isinstance(c, str) and c.tag in _BLOCKS
                                                   for block in _blocks(c)]
        body = ""
        for kind, part in (p for p in parts if p[1]):  # a nested list follows its text tightly
            body += ("\n" if kind in ("ul", "ol") else "\n\n") + part if body else part
        body = "\n".join((indent + line) if k and line else line for k, line in enumerate(body.split("\n")))
        lines.append(marker + body)
    return "\n".join(lines)


def _table(node):
    rows = []

    def collect(n):
        for child in n.children:
            if isinstance(child, str):
                continue
            if child.tag == "tr":
                rows.append([_cell(c) for c in child.children if not isinstance(c, str) and c.tag in ("td", "th")])
            elif child.tag in ("thead", "tbody", "tfoot"):
                collect(child)

    collect(node)
    rows = [r for r in rows if r]
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def _cell(node):
    return _SPACE.sub(" ", inline(node, in_table=True)).strip()


def _blocks(node):
    tag = node.tag
    if tag in ("p", "div") and not any(not isinstance(c, str) and c.tag in _BLOCKS for c in node.children):
        return [_paragraph(node)]
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        title = _SPACE.sub(" ", inline(node, in_table=True)).strip().replace("#", "\\#")
        return ["#" * int(tag[1]) + " " + title] if title else []
    if tag in ("ul", "ol"):
        return [_list(node)]
    if tag == "table":
        return [_table(node)]
    if tag == "hr":
        return ["---"]
    if tag == "blockquote":
        inner = "\n\n".join(b for c in node.children if not isinstance(c, str) for b in _blocks(c) if b)
        return ["\n".join("> " + line if line else ">" for line in inner.split("\n"))] if inner else []
    blocks, loose = [], []
    for child in node.children:  # a container: its blocks, with loose inline content as paragraphs
        if isinstance(child, str) or child.tag not in _BLOCKS:
            loose.append(child)
            continue
        if loose:
            blocks.append(_paragraph(Node("p", children=loose)))
            loose = []
        blocks.extend(_blocks(child))
    if loose:
        blocks.append(_paragraph(Node("p", children=loose)))
    return blocks


def html_to_markdown(html):
    tree = _Tree()
    tree.feed(html)
    tree.close()
    blocks = [b for b in _blocks(tree.root) if b and b.strip()]
    return "\n\n".join(blocks) + ("\n" if blocks else "")
