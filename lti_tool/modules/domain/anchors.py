"""Comments anchored to quoted text (the W3C TextQuote selector), and placed again on any version.

A ``TextQuote`` holds the exact words selected, up to 32 characters of text before and after them, the section,
and where the quote started in that section's reading text (``position``, a hint among equal matches, as the W3C
TextPosition selector). Quotes live in the reading text (``reading.py``): what a reader sees, with whitespace
collapsed; the UI sends the selected text and ``anchor_from_selection`` checks it and makes the anchor. A
``SectionAnchor`` comments on a whole section.

``place`` finds an anchor in a (possibly new) version, in this order:

1. exact, in its own section (its id, or the new id ``renamed`` gives it): ``exact``;
   among several matches, the one whose surrounding text repeats most of prefix and suffix, then the nearest to
   ``position``;
2. exact, in another section (the text moved): ``moved``;
3. fuzzy (the quote was edited a little): the most similar span, own section first, if its similarity reaches
   ``threshold`` (difflib's ratio of the exact words, weighed ¾, and of prefix and suffix, ¼): ``fuzzy``;
4. otherwise ``orphaned``: no longer in the text. An anchor is never dropped: ``place_all`` returns one Placement
   per anchor, in order.

A section anchor follows its section by id (or ``renamed``), then by the most similar title (``title_similarity``
at least ``TITLE_THRESHOLD``): ``section`` / ``retitled``, else ``orphaned``.
"""
from dataclasses import dataclass
from enum import StrEnum

from .problems import ModuleError
from .sections import title_similarity
from .textindex import VersionIndex

CONTEXT = 32  # characters of prefix and suffix
MAX_QUOTE = 2000
FUZZY_THRESHOLD = 0.75
TITLE_THRESHOLD = 0.6


def _collapse(text):
    """Whitespace runs as one space, a space kept at either end (it is context: "a b" before "c")."""
    inner = " ".join(text.split())
    if not inner:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + inner + (" " if text[-1].isspace() else "")


@dataclass(frozen=True)
class TextQuote:
    exact: str
    prefix: str = ""
    suffix: str = ""
    section_id: str = ""
    position: int | None = None

    def __post_init__(self):
        if not all(isinstance(v, str) for v in (self.exact, self.prefix, self.suffix, self.section_id)) \
                or not (self.position is None or (type(self.position) is int and self.position >= 0)):
            raise ModuleError("anchor_malformed")
        exact = " ".join(self.exact.split())
        if not exact:
            raise ModuleError("selection_empty")
        if len(exact) > MAX_QUOTE:
            raise ModuleError("selection_too_long", {"max": MAX_QUOTE})
        object.__setattr__(self, "exact", exact)
        object.__setattr__(self, "prefix", _collapse(self.prefix)[-CONTEXT:])
        object.__setattr__(self, "suffix", _collapse(self.suffix)[:CONTEXT])

    def to_dict(self):
        return {"type": "TextQuoteSelector", "exact": self.exact, "prefix": self.prefix, "suffix": self.suffix,
                "section": self.section_id, "position": self.position}


@dataclass(frozen=True)
class SectionAnchor:
    section_id: str
    title: str = ""

    def to_dict(self):
        return {"type": "Section", "section": self.section_id, "title": self.title}


def anchor_from_dict(data):
    """The TextQuote or SectionAnchor that ``to_dict`` wrote; ModuleError ``anchor_malformed`` otherwise."""
    if not isinstance(data, dict):
        raise ModuleError("anchor_malformed")
    if data.get("type") == "Section" and isinstance(data.get("section"), str) \
            and isinstance(data.get("title", ""), str):
        return SectionAnchor(data["section"], data.get("title", ""))
    if data.get("type") == "TextQuoteSelector":
        return TextQuote(data.get("exact"), data.get("prefix", ""), data.get("suffix", ""),
                         data.get("section", ""), data.get("position"))
    raise ModuleError("anchor_malformed")


class Placed(StrEnum):
    EXACT = "exact"
    MOVED = "moved"
    FUZZY = "fuzzy"
    SECTION = "section"
    RETITLED = "retitled"
    ORPHANED = "orphaned"


@dataclass(frozen=True)
class Placement:
    status: Placed
    section_id: str | None = None
    start: int | None = None  # in the section's reading text (None for a section anchor or an orphan)
    end: int | None = None
    score: float = 0.0  # 1.0 when exact; the similarity when fuzzy or retitled
    found: str = ""  # the text placed on (for a fuzzy placement, what the quote has become)
    body_start: int | None = None  # the same span in the section's Markdown body
    body_end: int | None = None

    @property
    def orphaned(self):
        return self.status == Placed.ORPHANED


ORPHANED = Placement(Placed.ORPHANED)


def make_anchor(sections, section_id, start, end, index=None):
    """The TextQuote of the selection [start, end) of section ``section_id``'s reading text (whitespace at
    either end of the selection is left out)."""
    index = index or VersionIndex(sections)
    if section_id not in index.position:
        raise ModuleError("section_unknown", {"section": str(section_id)[:80]})
    text = index.readings[index.position[section_id]].text
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise ModuleError("selection_invalid")
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return TextQuote(text[start:end], text[max(0, start - CONTEXT):start], text[end:end + CONTEXT], section_id,
                     start)


def anchor_from_selection(sections, section_id, exact, prefix="", suffix="", index=None):
    """The anchor of a selection the browser sends (its text and the text around it, as the DOM has them), checked
    against the version and made again from where it is found there, so that its words, context and position
    are the version's own. ModuleError ``quote_not_found`` unless it is in that section, exactly or fuzzily
    (the rendered text and the reading text may differ a little)."""
    index = index or VersionIndex(sections)
    placed = place(TextQuote(exact, prefix, suffix, section_id), sections, index=index)
    if placed.status not in (Placed.EXACT, Placed.FUZZY) or placed.section_id != section_id:
        raise ModuleError("quote_not_found", {"section": str(section_id)[:80]})
    return make_anchor(sections, section_id, placed.start, placed.end, index=index)


def _placement(index, status, start, end, score):
    n = index.section_at(start)
    offset, reading = index.starts[n], index.readings[n]
    body = reading.source_span(start - offset, end - offset)
    return Placement(status, index.sections[n].id, start - offset, end - offset, round(score, 4),
                     index.text[start:end], *body)


def _place_section(anchor, index, renamed):
    if (section_id := renamed.get(anchor.section_id, anchor.section_id)) in index.position:
        return Placement(Placed.SECTION, section_id, score=1.0)
    if not anchor.title:
        return ORPHANED
    scored = [(title_similarity(anchor.title, s.title), -n, s.id)
              for n, s in enumerate(index.sections) if s.title]
    score, _, section_id = max(scored, default=(0.0, 0, None))
    return Placement(Placed.RETITLED, section_id, score=round(score, 4)) if score >= TITLE_THRESHOLD else ORPHANED


def _place_quote(anchor, index, renamed, threshold):
    own = index.position.get(renamed.get(anchor.section_id, anchor.section_id))
    if own is not None and (at := index.find_exact(anchor, *index.bounds(own))) is not None:
        return _placement(index, Placed.EXACT, at, at + len(anchor.exact), 1.0)
    if (at := index.find_exact(anchor, 0, len(index.text))) is not None:
        return _placement(index, Placed.MOVED, at, at + len(anchor.exact), 1.0)
    ranges = [index.bounds(own)] if own is not None else []
    for lo, hi in ranges + [(0, len(index.text))]:
        found = index.find_fuzzy(anchor, lo, hi)
        if found and found[0] >= threshold:
            return _placement(index, Placed.FUZZY, found[1], found[2], found[0])
    return ORPHANED


def place(anchor, sections, *, renamed=None, threshold=FUZZY_THRESHOLD, index=None):
    """Where ``anchor`` is in ``sections``: a Placement (``orphaned`` when it is no longer there).

    ``renamed`` maps old section ids to the new ids of the same sections (``VersionDiff.renamed``: only those that
    changed need be there); ``index`` reuses a VersionIndex of ``sections``.
    """
    index = index or VersionIndex(sections)
    renamed = renamed or {}
    if isinstance(anchor, SectionAnchor):
        return _place_section(anchor, index, renamed)
    return _place_quote(anchor, index, renamed, threshold)


def place_all(anchors, sections, *, renamed=None, threshold=FUZZY_THRESHOLD):
    """One Placement per anchor, in order, indexing the version once."""
    index = VersionIndex(sections)
    return tuple(place(a, sections, renamed=renamed, threshold=threshold, index=index) for a in anchors)
