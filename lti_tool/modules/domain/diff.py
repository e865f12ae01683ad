"""What changed between two versions of a module: sections added, removed, moved, changed, unchanged, and the words
within a changed section.

Sections are paired in three passes: identical sections (same title, level and body, whatever their id: when the
first of two "Tujuan" sections goes, the second becomes ``tujuan`` but is the same section); then the same id;
then, among those left, the most similar (``SIMILAR`` at least: the share of runs of three words the bodies have in
common, weighed 0.7, and ``title_similarity``, 0.3), which finds a renamed section.
A paired section is *moved* when it is not in the longest run of pairs kept in the same order.

The word diff of a changed title or body is a list of Op(kind, text) with kind ``equal``, ``insert`` or ``delete``;
a token is a word or a run of punctuation with the whitespace before it, so nothing is lost: the ``equal`` and
``insert`` texts joined give the new text, the ``equal`` and ``delete`` texts the old one. It runs on the Markdown
(what the author wrote), so a new link address or emphasis shows as a change.
"""
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from enum import StrEnum

from .sections import title_similarity

SIMILAR = 0.5
_TOKEN = re.compile(r"\s*(?:[^\W_]+|_+|[^\w\s]+)|\s+")
_WORD = re.compile(r"\w+")


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


class OpKind(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True)
class Op:
    kind: OpKind
    text: str


def tokens(text):
    """Words and punctuation runs, each with the whitespace before it; ``"".join(tokens(t)) == t``."""
    return _TOKEN.findall(text)


def word_diff(old, new):
    """The Ops that turn ``old`` into ``new`` (adjacent ops of a kind merged; a replacement is delete then insert)."""
    a, b = tokens(old), tokens(new)
    ops = []

    def add(kind, parts):
        text = "".join(parts)
        if not text:
            return
        if ops and ops[-1].kind == kind:
            ops[-1] = Op(kind, ops[-1].text + text)
        else:
            ops.append(Op(kind, text))

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add(OpKind.EQUAL, a[i1:i2])
        else:
            add(OpKind.DELETE, a[i1:i2])
            add(OpKind.INSERT, b[j1:j2])
    return tuple(ops)


def op_spans(ops):
    """For each op, ``(old_start, old_end, new_start, new_end)``: where its text is in the old and the new text
    (an insert is empty in the old one, a delete in the new one). To put a comment's ``body_start`` on the diff."""
    spans, old_at, new_at = [], 0, 0
    for op in ops:
        old_len = len(op.text) if op.kind != OpKind.INSERT else 0
        new_len = len(op.text) if op.kind != OpKind.DELETE else 0
        spans.append((old_at, old_at + old_len, new_at, new_at + new_len))
        old_at, new_at = old_at + old_len, new_at + new_len
    return tuple(spans)


@dataclass(frozen=True)
class SectionDiff:
    change: Change
    old: object = None  # Section, None when added
    new: object = None  # Section, None when removed
    moved: bool = False
    title_ops: tuple = ()  # when the title changed
    body_ops: tuple = ()  # when the body changed

    @property
    def renamed(self):
        return self.old is not None and self.new is not None and self.old.id != self.new.id

    @property
    def level_changed(self):
        return self.old is not None and self.new is not None and self.old.level != self.new.level


@dataclass(frozen=True)
class VersionDiff:
    sections: tuple  # SectionDiff: the new version's order, a removed section after the one it followed
    renamed: dict = field(default_factory=dict)  # old id → new id, for paired sections whose id changed

    def _having(self, change):
        return [d for d in self.sections if d.change == change]

    @property
    def added(self):
        return self._having(Change.ADDED)

    @property
    def removed(self):
        return self._having(Change.REMOVED)

    @property
    def changed(self):
        return self._having(Change.CHANGED)

    @property
    def unchanged(self):
        return self._having(Change.UNCHANGED)

    @property
    def moved(self):
        return [d for d in self.sections if d.moved]

    def words(self, kind):
        """How many words the ops of ``kind`` (``insert`` or ``delete``) hold, added and removed sections included."""
        whole = {OpKind.INSERT: Change.ADDED, OpKind.DELETE: Change.REMOVED}[kind]
        count = 0
        for d in self.sections:
            if d.change == whole:
                section = d.new or d.old
                count += len(_WORD.findall(section.title)) + len(_WORD.findall(section.body))
            count += sum(len(_WORD.findall(op.text)) for op in d.title_ops + d.body_ops if op.kind == kind)
        return count


def _content(section):
    return section.level, section.title, section.body


def _shingles(text):
    """The runs of three words of a text (its words, when it has fewer): what two versions of a section share."""
    words = _WORD.findall(text.lower())
    return set(zip(words, words[1:], words[2:], strict=False)) if len(words) >= 3 else {(w,) for w in words}


def _similarity(old, new, old_words, new_words):
    title = title_similarity(old.title, new.title)
    if not old_words and not new_words:
        return title
    if not old_words or not new_words:
        return 0.3 * title
    return 0.7 * len(old_words & new_words) / len(old_words | new_words) + 0.3 * title


def pair_sections(old, new):
    """{old index: new index} of the sections that are the same section in both versions."""
    pairs = {}
    identical = {}
    for j, section in enumerate(new):
        identical.setdefault(_content(section), []).append(j)
    for i, section in enumerate(old):
        if identical.get(_content(section)):
            pairs[i] = identical[_content(section)].pop(0)
    taken = set(pairs.values())
    new_by_id = {s.id: j for j, s in enumerate(new) if j not in taken}
    for i, section in enumerate(old):
        if i not in pairs and (j := new_by_id.pop(section.id, None)) is not None:
            pairs[i] = j
            taken.add(j)
    old_left = [i for i in range(len(old)) if i not in pairs]
    new_left = [j for j in range(len(new)) if j not in taken]
    if old_left and new_left:
        words = {("o", i): _shingles(old[i].body) for i in old_left}
        words |= {("n", j): _shingles(new[j].body) for j in new_left}
        scored = sorted(((_similarity(old[i], new[j], words["o", i], words["n", j]), -i, -j)
                         for i in old_left for j in new_left), reverse=True)
        for score, i, j in scored:
            if score < SIMILAR:
                break
            if -i not in pairs and -j not in taken:
                pairs[-i] = -j
                taken.add(-j)
    return pairs


def _kept_in_order(pairs):
    """The old indices of the longest run of pairs whose order both versions keep (longest increasing subsequence)."""
    sequence = [i for i, _ in sorted(pairs.items(), key=lambda p: p[1])]
    tails, links, tail_at = [], {}, []
    for i in sequence:
        k = bisect_left(tails, i)
        links[i] = tail_at[k - 1] if k else None
        if k == len(tails):
            tails.append(i)
            tail_at.append(i)
        else:
            tails[k], tail_at[k] = i, i
    kept, at = set(), tail_at[-1] if tail_at else None
    while at is not None:
        kept.add(at)
        at = links[at]
    return kept


def diff_versions(old, new):
    """The VersionDiff from the sections ``old`` to the sections ``new``."""
    pairs = pair_sections(old, new)
    kept = _kept_in_order(pairs)
    by_new = {j: i for i, j in pairs.items()}
    removed_after = {}  # new index of the section a removed one follows (-1: the start) → old indices
    last_new = -1
    for i in range(len(old)):
        if i in pairs:
            last_new = pairs[i] if i in kept else last_new
        else:
            removed_after.setdefault(last_new, []).append(i)
    result = [SectionDiff(Change.REMOVED, old=old[i]) for i in removed_after.get(-1, [])]
    for j, section in enumerate(new):
        i = by_new.get(j)
        if i is None:
            result.append(SectionDiff(Change.ADDED, new=section))
        else:
            before = old[i]
            title_ops = word_diff(before.title, section.title) if before.title != section.title else ()
            body_ops = word_diff(before.body, section.body) if before.body != section.body else ()
            same = _content(before) == _content(section)
            result.append(SectionDiff(Change.UNCHANGED if same else Change.CHANGED, before, section,
                                      moved=i not in kept, title_ops=title_ops, body_ops=body_ops))
        result += [SectionDiff(Change.REMOVED, old=old[r]) for r in removed_after.get(j, [])]
    renamed = {old[i].id: new[j].id for i, j in pairs.items() if old[i].id != new[j].id}
    return VersionDiff(tuple(result), renamed)
