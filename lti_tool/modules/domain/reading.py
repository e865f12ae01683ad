"""The reading text of a section: what a reader sees of its Markdown body, each character mapped back to the body.

Comments are anchored in this text, not in the Markdown: a reader selects rendered words, not ``**`` or link
addresses. It is an approximation of the rendered text, close enough for a quote to be found exactly in the
usual case (and fuzzily otherwise): emphasis, strikethrough and code markers, list and quote markers, heading
hashes, table pipes and rules, HTML tags, images, link addresses and reference definitions are dropped; a link
keeps its label, an autolink its address, an escaped character itself, an entity its character; code blocks are
kept as written. Every run of whitespace (line breaks and no-break spaces included) is one space; no space
at either end. ``position(i)`` is the index in the body of the text's character ``i``.
"""
import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_BLOCK_PREFIX = re.compile(
    r"[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?|#{1,6}(?=[ \t]|$))?")
_THEMATIC_BREAK = re.compile(r" {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_TABLE_RULE = re.compile(r"[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?$|[ \t]*:?-+:?[ \t]*\|[ \t|:-]*$")
_REFERENCE_DEFINITION = re.compile(r" {0,3}\[[^\]]+\]:[ \t]*\S+")
_INLINE = re.compile(r"""
    \\(?P<escaped>[!-/:-@\[-`{-~])
  | (?P<ticks>`+)(?P<code>.+?)(?P=ticks)
  | !\[[^\]]*\](?:\([^()]*\)|\[[^\]]*\])?
  | \[(?P<label>[^\[\]]*)\](?:\([^()]*\)|\[[^\]]*\])
  | <(?P<url>(?:https?|mailto|ftp):[^\s<>]*)>
  | </?[A-Za-z][^<>]*> | <!--.*?-->
  | (?P<entity>&(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)
  | \*+ | ~~ | (?<![^\W_])_+ | _+(?![^\W_]) | `+
""", re.X)
_RUNS = re.compile(r"\S+|\s+")
_UNTIDY = re.compile(r"[^\S ]|  ")  # whitespace to tidy: not a single space


@dataclass(frozen=True)
class ReadingText:
    text: str
    breaks: tuple  # (text index, body index) where a run of characters copied one for one from the body starts
    _at: tuple = field(default=(), repr=False, compare=False)

    def position(self, i):
        """The index in the body of the text's character ``i``."""
        n = bisect_right(self._at or tuple(at for at, _ in self.breaks), i) - 1
        at, source = self.breaks[n]
        return source + i - at

    @property
    def positions(self):
        return tuple(self.position(i) for i in range(len(self.text)))

    def source_span(self, start, end):
        """The [start, end) in the Markdown body that covers text[start:end] (markup inside included)."""
        if not 0 <= start < end <= len(self.text):
            raise IndexError((start, end))
        return self.position(start), self.position(end - 1) + 1


class _Builder:
    def __init__(self):
        self.parts, self.breaks, self.length, self.last = [], [], 0, " "

    def _run(self, text, offset):
        """Append ``text`` (no whitespace but single spaces) found at ``offset``; no space after a space."""
        if text[0] == " " and self.last == " ":
            text, offset = text[1:], offset + 1
        if text:
            self.parts.append(text)
            self.breaks.append((self.length, offset))
            self.length += len(text)
            self.last = text[-1]

    def keep(self, text, offset):
        """Append ``text`` (found at ``offset`` in the body), each run of whitespace as one space."""
        if not text:
            return
        if not _UNTIDY.search(text):
            self._run(text, offset)
            return
        for run in _RUNS.finditer(text):
            self._run(" " if run[0][0].isspace() else run[0], offset + run.start())

    def keep_char(self, char, offset):
        for ch in char:  # an entity may stand for two characters: both come from it
            self.keep(" " if ch.isspace() else ch, offset)

    def result(self):
        text = "".join(self.parts)
        breaks = self.breaks
        if text.endswith(" "):
            text = text[:-1]
            breaks = [b for b in breaks if b[0] < len(text)]
        breaks = tuple(breaks) or ((0, 0),)
        return ReadingText(text, breaks, tuple(at for at, _ in breaks))


def _inline(builder, line, offset):
    at = 0
    for match in _INLINE.finditer(line):
        builder.keep(line[at:match.start()], offset + at)
        at = match.end()
        if match["escaped"] is not None:
            builder.keep_char(match["escaped"], offset + match.start("escaped"))
        elif match["code"] is not None:
            builder.keep(match["code"], offset + match.start("code"))
        elif match["label"] is not None:
            _inline(builder, match["label"], offset + match.start("label"))
        elif match["url"] is not None:
            builder.keep(match["url"], offset + match.start("url"))
        elif match["entity"] is not None:
            builder.keep_char(html.unescape(match["entity"]), offset + match.start("entity"))
    builder.keep(line[at:], offset + at)


def reading_text(body):
    """The ReadingText of a Markdown body."""
    builder = _Builder()
    fence, offset = None, 0
    for line in body.split("\n"):
        start = offset
        offset += len(line) + 1
        if fence:
            closing = _FENCE.match(line)
            if closing and closing[1][0] == fence[0] and len(closing[1]) >= len(fence) \
                    and not line[closing.end():].strip():
                fence = None
            else:
                builder.keep(line, start)
            builder.keep(" ", start + len(line))
            continue
        if opening := _FENCE.match(line):
            fence = opening[1]
            continue
        if _THEMATIC_BREAK.match(line) or _TABLE_RULE.match(line) or _REFERENCE_DEFINITION.match(line):
            builder.keep(" ", start)
            continue
        prefix = _BLOCK_PREFIX.match(line).end()
        content = line[prefix:]
        if content.lstrip().startswith("|"):
            content = content.replace("|", " ")  # a table row: its cells, separated by spaces
        _inline(builder, content, start + prefix)
        builder.keep(" ", start + len(line))
    return builder.result()
