"""Open answers as the instructor works with them: tags (free words, a default list offered), the search pattern,
and when a list may be shown at all.

**Tags** are lower-case words of letters, digits, spaces and hyphens (``normalise_tag``), at most ``MAX_TAG``
characters; ``DEFAULT_TAGS`` are offered, any other word is allowed.

**Search** is SQL ``LIKE``/``ILIKE`` on the answer's text: ``like_pattern`` escapes ``%``, ``_`` and the escape
character itself, so a query is matched as typed (``100%`` finds "100%", not everything).

**When** (``gate``): a named form's answers are shown at any time; an anonymous form's only after it closes, and only
when at least ``minimum`` people answered (the minimum group size, 5 unless the form sets it; never below 3). Each
item's list is then shown only when it holds at least ``minimum`` answers (``suppression.suppress_texts``'s rule,
decided on the item's whole list: a search that narrows it shows nothing that the whole list did not).
"""
import re

from .suppression import DEFAULT_MINIMUM, SMALL, check_minimum, suppress_texts

DEFAULT_TAGS = ("materi", "fasilitas", "waktu", "pengajar", "metode", "jadwal")
MAX_TAG = 40
MAX_QUERY = 200
ESCAPE = "\\"
_TAG = re.compile(r"^[\w\- ]+$")


class TagError(ValueError):
    def __init__(self, code, **params):
        super().__init__(code)
        self.code, self.params = code, params


def normalise_tag(text):
    """``text`` as a tag: lower case, single spaces; TagError(tag_empty | tag_too_long | tag_invalid)."""
    tag = " ".join(str(text or "").split()).lower()
    if not tag:
        raise TagError("tag_empty")
    if len(tag) > MAX_TAG:
        raise TagError("tag_too_long", max=MAX_TAG)
    if not _TAG.match(tag) or "_" in tag:
        raise TagError("tag_invalid")
    return tag


def like_pattern(query):
    """``%query%`` with LIKE's wildcards escaped (by ``ESCAPE``), or None for an empty query."""
    query = " ".join(str(query or "").split())[:MAX_QUERY]
    if not query:
        return None
    escaped = query.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")
    return f"%{escaped}%"


def minimum_of(value):
    """The form's minimum group size (``None``: the default, 5); ValueError below 3."""
    return DEFAULT_MINIMUM if value is None else check_minimum(value)


def gate(anonymous, closed, responses, minimum):
    """Why a form's open answers cannot be shown (``not_closed``, ``too_few``), or None when they can."""
    if not anonymous:
        return None
    if not closed:
        return "not_closed"
    if responses < minimum:
        return "too_few"
    return None


def item_hidden(anonymous, total, minimum):
    """Whether one item's list of ``total`` answers is withheld (an anonymous form's small group)."""
    return anonymous and suppress_texts(range(total), minimum).reason == SMALL
