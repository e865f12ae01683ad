"""Text wrapped into lines for fpdf2, fast: the lines ``multi_cell`` would print, found word by word.

fpdf2's own line breaker measures the whole line again for every character it adds, which made the review report
of a big round (500 comments with their answers) take seconds. Here each character's width is asked of the font
once (``pdf.get_string_width``) and cached per font, style and size; words are measured by summing them; and the
lines are drawn one ``pdf.cell`` each, the way ``multi_cell`` draws them (same position, page breaks before a line
that does not fit, the current position left as ``new_x``/``new_y`` say).

The rules are fpdf2's (left-aligned text): a line breaks at its last space before the word that does not fit (a
space that does not fit is dropped); a word longer than a whole line is cut between characters; a newline ends a
line (a trailing one adds no empty line); an empty text is one empty line. Two departures, both for the better:
a soft hyphen is a break only where the hyphen it prints still fits, and a line always holds at least one
character, where fpdf2 raises an error.
"""
import re

from fpdf.line_break import BREAKING_SPACE_SYMBOLS_STR

NBSP, SOFT_HYPHEN, HYPHEN = "\u00a0", "\u00ad", "-"
_TOKENS = re.compile(f"[{re.escape(BREAKING_SPACE_SYMBOLS_STR)}]|[^{re.escape(BREAKING_SPACE_SYMBOLS_STR)}]+")
_TOLERANCE = 1e-9  # fpdf2's FloatTolerance: a line overflows when wider than the width by more than this


class CharWidths(dict):
    """The width of each character (document units) in the font, style and size the pdf had when this was made;
    a character is measured when first asked for, so the pdf must still be in that font then."""

    def __init__(self, pdf):
        super().__init__()
        self.pdf, self.font = pdf, _font_of(pdf)
        self[SOFT_HYPHEN] = 0.0  # not printed unless the line breaks at it (as a hyphen)

    def __missing__(self, character):
        if _font_of(self.pdf) != self.font:
            raise ValueError(f"widths of {self.font} asked for while the pdf is in {_font_of(self.pdf)}")
        width = self[character] = self.pdf.get_string_width(" " if character == NBSP else character)
        return width

    def of(self, text):
        return sum(map(self.__getitem__, text))


def _font_of(pdf):
    return pdf.font_family, pdf.font_style, pdf.font_size_pt


def widths_for(pdf, cache):
    """The ``CharWidths`` of the pdf's current font, style and size, kept in ``cache`` (a dict)."""
    key = _font_of(pdf)
    found = cache.get(key)
    if found is None:
        found = cache[key] = CharWidths(pdf)
    return found


def wrap(text, width, widths):
    """The lines of ``text`` no wider than ``width`` (``widths``: a ``CharWidths``), as printed: no soft hyphens,
    a hyphen where a word was broken at one, a no-break space printed as a space."""
    paragraphs = text.split("\n")
    lines = []
    for number, paragraph in enumerate(paragraphs, start=1):
        _wrap_paragraph(paragraph, width + _TOLERANCE, widths, lines, number < len(paragraphs))
    return [_printed(line) for line in lines] or [""]


def _printed(line):
    return line.replace(SOFT_HYPHEN, "").replace(NBSP, " ") if SOFT_HYPHEN in line or NBSP in line else line


def _wrap_paragraph(paragraph, limit, widths, lines, ended):
    """Appends the paragraph's lines; its last one, even empty, when a newline ``ended`` it, else only when it has
    a width (a trailing newline adds no empty line, a space dropped before a newline leaves one)."""
    size = widths.of(paragraph)
    if size <= limit:  # most texts: one line
        if ended or size:
            lines.append(paragraph)
        return
    line, used, last_space = [], 0.0, None  # tokens on the line, their width, the index of its last space
    for token in _TOKENS.findall(paragraph):
        size = widths.of(token)
        if token in BREAKING_SPACE_SYMBOLS_STR:
            if used + size > limit:
                lines.append("".join(line))  # the space is dropped
                line, used, last_space = [], 0.0, None
            else:
                last_space = len(line)
                line.append(token)
                used += size
            continue
        while used + size > limit:  # the word does not fit: break the line before it, or in it
            head, token, taken = _hyphenated(token, limit - used, widths)
            if head:
                lines.append("".join(line) + head)
            elif last_space is not None:
                lines.append("".join(line[:last_space]))
            else:  # a word longer than a whole line, alone on its line (a line without a space holds no other)
                head, rest, taken = _cut(token, limit, widths)
                if not rest:  # one character wider than a line: alone on its line, it stays
                    break
                lines.append(head)
                token = rest
            size -= taken
            line, used, last_space = [], 0.0, None
        if token:
            line.append(token)
            used += size
    if ended or used:
        lines.append("".join(line))


def _hyphenated(word, room, widths):
    """(the longest start of ``word`` ending at a soft hyphen that fits in ``room`` with its hyphen, printed with
    it; the rest; the width taken); ("", word, 0) when there is none."""
    if SOFT_HYPHEN not in word:
        return "", word, 0.0
    best, taken, used, hyphen = 0, 0.0, 0.0, widths[HYPHEN]
    for index, character in enumerate(word):
        if used + hyphen > room:
            break
        if character == SOFT_HYPHEN:
            best, taken = index, used
        used += widths[character]
    if not best:
        return "", word, 0.0
    return word[:best] + HYPHEN, word[best + 1:], taken


def _cut(word, limit, widths):
    """(the start of ``word`` that fits in ``limit``, at least one character; the rest; the start's width)."""
    used = 0.0
    for index, character in enumerate(word):
        width = widths[character]
        if used + width > limit and index:
            return word[:index], word[index:], used
        used += width
    return word, "", used


def draw(pdf, lines, width, height, new_x="LMARGIN", new_y="NEXT"):
    """The lines drawn from the current position as ``multi_cell(width, height, …, align="L")`` draws them."""
    last = len(lines) - 1
    for index, line in enumerate(lines):
        if index < last:
            pdf.cell(width, height, line, new_x="LEFT", new_y="NEXT")
        else:
            pdf.cell(width, height, line, new_x=new_x, new_y=new_y)
