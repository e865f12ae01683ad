"""A module's Markdown split into sections by its headings, and joined back.

A section starts at an ATX heading of level 1 to 3 (``#`` … ``###``, CommonMark's rules: up to three spaces of
indentation, a space or the end of the line after the hashes, an optional closing run of hashes); deeper headings
(``####`` …) stay in the body of their section. Lines inside a fenced code block (```` ``` ```` or ``~~~``, closed by
the same character at least as long; an unclosed fence runs to the end, as in CommonMark) are never headings.
Setext headings (a line underlined with ``===``) do not split. Text before the first heading is the intro section
(level 0, id ``intro``, no title), present only when it holds more than blank lines.

Each section has an id: the slug of its title (lower case, accents dropped, words joined by ``-``), unique within the
version (the second "Tujuan" is ``tujuan-2``, then ``tujuan-3``; ``intro`` is reserved for the intro). The id is
stable as long as the title and the order of equal titles are (the diff also matches renamed sections by content).

``split_sections(to_markdown(split_sections(text))) == split_sections(text)`` for any text (a property test keeps it).
"""
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from .reading import reading_text

MAX_LEVEL = 3
INTRO_ID = "intro"
MAX_SLUG = 60

_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_FENCE_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})(.*)$")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True)
class Section:
    id: str
    level: int  # 0 for the intro, else 1–3
    title: str  # one line of inline Markdown, as typed ("" for the intro)
    body: str  # Markdown, without leading or trailing blank lines

    @property
    def is_intro(self):
        return self.level == 0

    def heading_markdown(self):
        if self.is_intro:
            return ""
        closing = " #" if self.title.endswith("#") else ""  # "# C#" would lose nothing, "# a #" would lose "#"
        return "#" * self.level + (" " + self.title if self.title else "") + closing


def _fence_closes(line, fence):
    char, length = fence
    stripped = line.lstrip(" ")
    return len(line) - len(stripped) <= 3 and re.fullmatch(rf"{re.escape(char)}{{{length},}}[ \t]*", stripped)


def _fence_opens(line):
    match = _FENCE_OPEN.match(line)
    if not match or (match[1][0] == "`" and "`" in match[2]):  # a backtick fence's info string has no backtick
        return None
    return match[1][0], len(match[1])


def _heading(line):
    """(level, title) when ``line`` is an ATX heading of level 1–3, else None."""
    match = _HEADING.match(line)
    if not match or len(match[1]) > MAX_LEVEL:
        return None
    title = _CLOSING_HASHES.sub("", match[2] or "").strip()
    return len(match[1]), title


def _strip_blank_lines(lines):
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])


def slugify(title):
    """The id part of a title: "Tujuan Pelatihan (JP 2)" → "tujuan-pelatihan-jp-2"; "section" when nothing is left."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^\w\s-]", "", text)
    slug = re.sub(r"[\s_-]+", "-", text).strip("-")[:MAX_SLUG].rstrip("-")
    return slug or "section"


def unique_ids(titles):
    """The ids of headed sections with these titles, in order: slugs made unique with -2, -3 …; never ``intro``."""
    seen, ids = {INTRO_ID}, []
    for title in titles:
        base = slugify(title)
        candidate, n = base, 1
        while candidate in seen:
            n += 1
            candidate = f"{base}-{n}"
        seen.add(candidate)
        ids.append(candidate)
    return ids


def split_sections(markdown):
    """The sections of a Markdown text, in order (a tuple of Section; empty for a blank text)."""
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    parts = [(0, "", [])]  # (level, title, body lines)
    fence = None
    for line in lines:
        if fence:
            if _fence_closes(line, fence):
                fence = None
        elif (opened := _fence_opens(line)) is not None:
            fence = opened
        elif (heading := _heading(line)) is not None:
            parts.append((*heading, []))
            continue
        parts[-1][2].append(line)
    intro_body = _strip_blank_lines(parts[0][2])
    headed = parts[1:]
    ids = unique_ids(title for _, title, _ in headed)
    sections = [Section(INTRO_ID, 0, "", intro_body)] if intro_body else []
    sections += [Section(id_, level, title, _strip_blank_lines(body))
                 for id_, (level, title, body) in zip(ids, headed, strict=True)]
    return tuple(sections)


def _open_fence_at_end(body):
    fence = None
    for line in body.split("\n"):
        if fence:
            if _fence_closes(line, fence):
                fence = None
        else:
            fence = _fence_opens(line)
    return fence


def to_markdown(sections):
    """The Markdown of these sections: each heading, a blank line, its body, a blank line before the next heading.

    A body that leaves a code fence open is closed before the next heading, so that no section swallows the next
    (a body from ``split_sections`` can only do that in the last section, which is left as it is).
    """
    blocks = []
    for n, section in enumerate(sections):
        block = "\n\n".join(part for part in (section.heading_markdown(), section.body) if part)
        fence = _open_fence_at_end(section.body) if n < len(sections) - 1 else None
        if fence:
            block += "\n" + fence[0] * fence[1]
        blocks.append(block)
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def title_similarity(old, new):
    """How alike two titles are, 0–1: difflib's ratio, or 0.8 when every word of the old one is kept in the new
    one ("Tujuan" → "Tujuan Pelatihan"), whichever is more (case does not count)."""
    old, new = old.lower(), new.lower()
    ratio = SequenceMatcher(None, old, new).ratio()
    old_words = words(old)
    return max(ratio, 0.8) if old_words and set(old_words) <= set(words(new)) else ratio


def words(text):
    """The words of a plain text: runs of letters and digits, joined by hyphens or apostrophes ("JP-nya" is one)."""
    return _WORD.findall(text)


def word_count(sections):
    """The words a reader reads: the titles and the reading text of the bodies (no link addresses, no markup)."""
    return sum(len(words(section.title)) + len(words(reading_text(section.body).text)) for section in sections)
