"""Small-group suppression: which counts and open answers a report may show without exposing a person.

**Primary** ("small"): a cell counting 1 to ``minimum`` − 1 answers is hidden. ``minimum`` is 5 by default and never
below 3 (survey practice; ``check_minimum`` refuses less with ValueError).

**Zero cells are shown, never hidden, and never used to protect another cell.** A zero says "nobody here answered
this": it is about no one. And a hidden zero would protect nothing against a reader who knows the rules: the
other cells' reasons bound them, so the zero is worked out again (a hidden cell here is always at least 1).

**Complementary** ("complementary"): a line (a 1-D breakdown, or a row or a column of a cross-tab) whose total is
shown gives away its hidden cells when their sum (the total minus the shown cells) pins one of them. The reader is
assumed to see the reason codes too, so a "small" cell is known to hold 1…minimum−1 and a "complementary" one at
least ``minimum``. With a single hidden cell that is always so (it *is* the difference); with two it happens when a
1 hides next to a complementary cell of exactly ``minimum`` (1 + 5 = 6, and a small cell can only be 1). Such a
line gets one more of its shown nonzero cells hidden — one whose other line needs a cell too, if there is one
(two lines mended by one cell: the hidden rectangle of classic cell suppression, rather than a cascade), else the
smallest, then the first — and so on, across rows and columns, until no line with a shown total pins a hidden
cell. Cells of ``minimum`` or more are hidden only so, always with the reason "complementary".

**Exposed** lines: when every nonzero cell of a line is hidden and the line still pins one (a group of one person;
a yes/no line of 1 and 5 out of 6), no cell-level suppression protects it: such lines are returned as ``exposed``
and the report must withhold the whole line (or the table). A shown total is the caller's to show (the size of a
group is not an answer); every line is checked on its own. A full audit of a cross-tab (a linear program over all
rows and columns at once) is not made; the rule above is the classic one (no row or column with a single hidden
cell), tightened by the reason codes.

**Open answers** of a group are shown only when there are at least ``minimum`` of them, sorted, so that the order
of submission (which may match a seating plan or a timestamp) is not kept.
"""
from collections.abc import Mapping
from dataclasses import dataclass

SMALL = "small"
COMPLEMENTARY = "complementary"
DEFAULT_MINIMUM = 5
LOWEST_MINIMUM = 3


def check_minimum(minimum):
    """``minimum``, or ValueError when it is not an integer of at least 3."""
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < LOWEST_MINIMUM:
        raise ValueError(f"the minimum group size is an integer of at least {LOWEST_MINIMUM}: {minimum!r}")
    return minimum


def _check_count(key, count):
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ValueError(f"the count of {key!r} is not a non-negative integer: {count!r}")
    return count


@dataclass(frozen=True)
class Cell:
    count: int | None  # None when hidden: a hidden count is never carried to the report
    reason: str | None = None  # None (shown), SMALL or COMPLEMENTARY

    @property
    def hidden(self):
        return self.reason is not None


def pinned(counts, reasons, minimum):
    """Whether a reader who sees the line's total, its shown cells and the reasons could work out a hidden cell.

    ``counts`` are the true counts of the line's hidden cells, ``reasons`` their reasons (same order). The sum S
    of the hidden cells is known; a small cell lies in 1…minimum−1, a complementary one in minimum…S. A cell is
    pinned when the others' possible sums leave it a single value.
    """
    total = sum(counts)
    bounds = [(1, minimum - 1) if reason == SMALL else (minimum, total) for reason in reasons]
    low_all, high_all = sum(b[0] for b in bounds), sum(b[1] for b in bounds)
    for low, high in bounds:
        least, most = max(low, total - (high_all - high)), min(high, total - (low_all - low))
        if least >= most:
            return True
    return False


def _suppress(counts, lines, minimum):
    """Reasons {key: SMALL | COMPLEMENTARY} of the hidden cells, and the indexes of the exposed lines.

    ``counts`` maps each cell's key to its count (in display order); ``lines`` are tuples of keys whose totals
    are shown.
    """
    reasons = {key: SMALL for key, count in counts.items() if 0 < count < minimum}
    order = {key: i for i, key in enumerate(counts)}

    def needs_more(line):
        hidden = [key for key in line if key in reasons]
        return bool(hidden) and pinned([counts[k] for k in hidden], [reasons[k] for k in hidden], minimum)

    while True:
        needy = [line for line in lines if needs_more(line)]
        helping = {}
        for line in needy:
            for key in line:
                helping[key] = helping.get(key, 0) + 1
        line = next((line for line in needy if any(counts[k] and k not in reasons for k in line)), None)
        if line is None:
            break
        candidates = [key for key in line if counts[key] and key not in reasons]
        reasons[min(candidates, key=lambda k: (-helping[k], counts[k], order[k]))] = COMPLEMENTARY
    return reasons, tuple(i for i, line in enumerate(lines) if needs_more(line))


@dataclass(frozen=True)
class Breakdown:
    cells: dict  # key → Cell, in the order given
    total: int | None  # None when the total is not shown
    exposed: bool  # the total would give a hidden cell away whatever is hidden: withhold the breakdown
    minimum: int


def suppress_breakdown(counts, minimum=DEFAULT_MINIMUM, total_shown=True):
    """A 1-D breakdown (``{key: count}``: a group's answers per option, or respondents per group) made safe to show.

    Without a shown total, only the small cells are hidden (nothing can be worked out from the others).
    """
    check_minimum(minimum)
    if not isinstance(counts, Mapping):
        raise ValueError("counts must map a key to its count")
    counts = {key: _check_count(key, count) for key, count in counts.items()}
    reasons, exposed = _suppress(counts, [tuple(counts)] if total_shown else [], minimum)
    cells = {key: Cell(None, reasons[key]) if key in reasons else Cell(count) for key, count in counts.items()}
    return Breakdown(cells, sum(counts.values()) if total_shown else None, bool(exposed), minimum)


@dataclass(frozen=True)
class CrossTab:
    rows: tuple  # row keys, in order
    columns: tuple  # column keys, in order of first appearance
    cells: dict  # (row, column) → Cell
    row_totals: dict | None  # row → total, None when not shown
    column_totals: dict | None
    total: int
    exposed: tuple  # ("row", key) or ("column", key): lines to withhold
    minimum: int

    def cell(self, row, column):
        return self.cells[(row, column)]


def suppress_crosstab(table, minimum=DEFAULT_MINIMUM, row_totals=True, column_totals=True):
    """A cross-tab ``{row: {column: count}}`` (a missing cell is 0) made safe to show with the totals asked for."""
    check_minimum(minimum)
    if not isinstance(table, Mapping) or not all(isinstance(cells, Mapping) for cells in table.values()):
        raise ValueError("a cross-tab maps each row to {column: count}")
    rows = tuple(table)
    columns = tuple(dict.fromkeys(column for cells in table.values() for column in cells))
    counts = {(r, c): _check_count((r, c), table[r].get(c, 0)) for r in rows for c in columns}
    lines = ([("row", r, tuple((r, c) for c in columns)) for r in rows] if row_totals else []) + \
            ([("column", c, tuple((r, c) for r in rows)) for c in columns] if column_totals else [])
    reasons, exposed = _suppress(counts, [keys for _, _, keys in lines], minimum)
    cells = {key: Cell(None, reasons[key]) if key in reasons else Cell(count) for key, count in counts.items()}
    return CrossTab(rows, columns, cells,
                    {r: sum(counts[(r, c)] for c in columns) for r in rows} if row_totals else None,
                    {c: sum(counts[(r, c)] for r in rows) for c in columns} if column_totals else None,
                    sum(counts.values()), tuple(lines[i][:2] for i in exposed), minimum)


@dataclass(frozen=True)
class TextList:
    texts: tuple  # sorted; empty when hidden
    reason: str | None  # SMALL when there were 1…minimum−1 answers


def suppress_texts(texts, minimum=DEFAULT_MINIMUM):
    """A group's open answers: all of them, sorted, when there are at least ``minimum``; none otherwise."""
    check_minimum(minimum)
    texts = tuple(texts)
    if 0 < len(texts) < minimum:
        return TextList((), SMALL)
    return TextList(tuple(sorted(texts)), None)
