"""The reading text of a section: what a reader sees of its Markdown body, each character mapped back to the body.

Comments are anchored in this text, not in the Markdown: a reader selects rendered words, not ``**`` or link
addresses. It is an approximation of the rendered text, close enough for a quote to be found exactly in the
usual case (and fuzzily otherwise): emphasis, strikethrough and code markers, list and quote markers, heading
hashes, table pipes and rules, HTML tags, images, link addresses and reference definitions are dropped; a link
keeps its label, an autolink its address, an escaped character itself, an entity its character; code blocks are
kept as written. Every run of whitespace (line breaks and no-break spaces included) is one space; no space
at either end. ``positions[i]`` is the index in the body of the text's character ``i``.
"""
import html
import re
from dataclasses import dataclass

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


@dataclass(frozen=True)
class ReadingText:
    text: str
    positions: tuple  # for each character of text, its index in the Markdown body

    def source_span(self, start, end):
        """The [start, end) in the Markdown body that covers text[start:end] (markup inside included)."""
        if not 0 <= start < end <= len(self.text):
            raise IndexError((start, end))
        return self.positions[start], self.positions[end - 1] + 1


class _Builder:
    def __init__(self):
        self.chars, self.positions = [], []

    def keep(self, text, offset):
        """Append ``text`` (found at ``offset`` in the body), each run of whitespace as one space."""
        for run in _RUNS.finditer(text):
            if not run[0][0].isspace():
                self.chars.append(run[0])
                self.positions.extend(range(offset + run.start(), offset + run.end()))
            elif self.chars and self.chars[-1] != " ":
                self.chars.append(" ")
                self.positions.append(offset + run.start())

    def keep_char(self, char, offset):
        if char.isspace():
            self.keep(" ", offset)
        else:
            self.chars.append(char)
            self.positions.extend([offset] * len(char))

    def result(self):
        text, positions = "".join(self.chars), self.positions
        if text.endswith(" "):
            text, positions = text[:-1], positions[:-1]
        return ReadingText(text, tuple(positions))


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
