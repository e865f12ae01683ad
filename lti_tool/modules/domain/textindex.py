"""One version's reading text, indexed once, for finding many quotes in it (exactly, then fuzzily).

The reading texts of the sections (``reading.py``) are joined by a line break, which no reading text and no
normalised quote contains, so no match crosses two sections. The word index for the fuzzy search is built on
first use: most anchors are found exactly.
"""
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from difflib import SequenceMatcher
from os.path import commonprefix

from .reading import reading_text

MAX_OCCURRENCES = 2000  # of one quote, considered for its context
CANDIDATES = 3  # alignments of a fuzzy quote checked closely
_WORD = re.compile(r"\w+")
_LEADING_PUNCTUATION = re.compile(r"[^\w\s]*")
_TRAILING_PUNCTUATION = re.compile(r"[^\w\s]*$")


class VersionIndex:
    def __init__(self, sections):
        self.sections = tuple(sections)
        self.position = {s.id: n for n, s in enumerate(self.sections)}
        self.readings = [reading_text(s.body) for s in self.sections]
        self.starts, pieces, at = [], [], 0
        for reading in self.readings:
            self.starts.append(at)
            pieces.append(reading.text)
            at += len(reading.text) + 1
        self.text = "\n".join(pieces)
        self._words = None

    def bounds(self, n):
        """[start, end) of section ``n`` in the joined text."""
        return self.starts[n], self.starts[n] + len(self.readings[n].text)

    def section_at(self, offset):
        return bisect_right(self.starts, offset) - 1

    # --- exact ------------------------------------------------------------------------------------------------

    def context_score(self, start, end, prefix, suffix):
        """How many characters of ``prefix`` and ``suffix`` the text around [start, end) repeats."""
        lo, hi = self.bounds(self.section_at(start))
        before = self.text[max(lo, start - len(prefix)):start]
        after = self.text[end:min(hi, end + len(suffix))]
        return len(commonprefix([prefix[::-1], before[::-1]])) + len(commonprefix([suffix, after]))

    def find_exact(self, quote, lo, hi):
        """The best occurrence of quote.exact in [lo, hi) as its start, or None: most context repeated, then the
        nearest to the quote's position (relative to the start of the section it is found in)."""
        best, best_key = None, None
        at, seen = self.text.find(quote.exact, lo, hi), 0
        while at != -1 and seen < MAX_OCCURRENCES:
            section_start = self.starts[self.section_at(at)]
            distance = abs(at - section_start - quote.position) if quote.position is not None else 0
            key = (-self.context_score(at, at + len(quote.exact), quote.prefix, quote.suffix), distance)
            if best_key is None or key < best_key:
                best, best_key = at, key
            at, seen = self.text.find(quote.exact, at + 1, hi), seen + 1
        return best

    # --- fuzzy ------------------------------------------------------------------------------------------------

    def _word_index(self):
        if self._words is None:
            spans = [(m.start(), m.end()) for m in _WORD.finditer(self.text.lower())]
            postings = {}
            lowered = self.text.lower()
            for n, (start, end) in enumerate(spans):
                postings.setdefault(lowered[start:end], []).append(n)
            self._words = ([s for s, _ in spans], [e for _, e in spans], postings)
        return self._words

    def _clip(self, first, last, word):
        """Words [first, last) clipped to the section that holds ``word``."""
        starts, _, _ = self._word_index()
        lo, hi = self.bounds(self.section_at(starts[word]))
        return max(first, bisect_left(starts, lo)), min(last, bisect_left(starts, hi))

    def _aligned_spans(self, quote_words, a, b):
        """Spans [start, end) of the window's words [a, b) that line up with the quote's words: from the first to
        the last word in common, and that widened by the quote's words before and after them (edited words)."""
        starts, ends, _ = self._word_index()
        lowered = [self.text[starts[n]:ends[n]].lower() for n in range(a, b)]
        blocks = [m for m in SequenceMatcher(None, quote_words, lowered, autojunk=False).get_matching_blocks()
                  if m.size]
        if not blocks:
            return set()
        first, last = blocks[0].b, blocks[-1].b + blocks[-1].size
        wide_first = max(0, first - blocks[0].a)
        wide_last = min(b - a, last + len(quote_words) - blocks[-1].a - blocks[-1].size)
        return {(starts[a + f], ends[a + t - 1]) for f in (first, wide_first) for t in (last, wide_last)}

    def _with_punctuation(self, exact, start, end):
        """The span widened by the punctuation the quote starts or ends with, where the text has it too."""
        lead = len(_LEADING_PUNCTUATION.match(exact)[0])
        trail = len(_TRAILING_PUNCTUATION.search(exact)[0])
        if lead and self.text[start - lead:start] == exact[:lead]:
            start -= lead
        if trail and self.text[end:end + trail] == exact[len(exact) - trail:]:
            end += trail
        return start, end

    def similarity(self, quote, start, end):
        """How like the quote [start, end) is: difflib's ratio of the exact words (¾) and of the context (¼)."""
        lo, hi = self.bounds(self.section_at(start))
        before = self.text[max(lo, start - len(quote.prefix)):start]
        after = self.text[end:min(hi, end + len(quote.suffix))]
        context = (SequenceMatcher(None, quote.prefix, before, autojunk=False).ratio()
                   + SequenceMatcher(None, quote.suffix, after, autojunk=False).ratio()) / 2
        return 0.75 * SequenceMatcher(None, quote.exact, self.text[start:end], autojunk=False).ratio() \
            + 0.25 * context

    def find_fuzzy(self, quote, lo, hi):
        """(similarity, start, end) of the span in [lo, hi) most like the quote, or None.

        Alignments are voted for by the quote's words found in the text (at least half of them must be); the
        best few are lined up word by word and compared character by character, their context too.
        """
        quote_words = _WORD.findall(quote.exact.lower())
        if not quote_words:
            return None
        starts, ends, postings = self._word_index()
        first, last = bisect_left(starts, lo), bisect_left(starts, hi)
        votes = Counter()
        for i, word in enumerate(quote_words):
            found = postings.get(word, ())
            for n in found[bisect_left(found, first):bisect_left(found, last)]:
                votes[n - i] += 1
        best = None
        slack = max(2, len(quote_words) // 4)
        for align, count in votes.most_common(CANDIDATES):
            if 2 * count < len(quote_words):
                break
            anchor_word = min(max(align, first), last - 1)
            a, b = self._clip(max(first, align - slack), min(last, align + len(quote_words) + slack), anchor_word)
            for span in self._aligned_spans(quote_words, a, b) if a < b else ():
                start, end = self._with_punctuation(quote.exact, *span)
                score = self.similarity(quote, start, end)
                if best is None or score > best[0]:
                    best = (score, start, end)
        return best
