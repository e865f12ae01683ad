"""The training centres' satisfaction index (indeks kepuasan): answers on 1–4 as an index on 0–100, with bands.

Level-1 forms score each item 1 Kurang · 2 Cukup · 3 Baik · 4 Sangat Baik (``CENTRE_POINTS``, codes for the UI).

**Conversion** (``Formula``). The default follows the public-service satisfaction survey guideline, PermenPAN-RB
14/2017 (Pedoman Penyusunan Survei Kepuasan Masyarakat), which training centres reuse for *indeks kepuasan*: the
mean score (*nilai interval*, 1–4) times 25 is the *nilai interval konversi*, so 1–4 maps onto 25–100
(``TIMES_25``: mean × 100 / top point, which is × 25 on four points). The other reading, (mean − 1) / 3 × 100 onto
0–100, is ``SPAN``; its figures are lower for the same answers, so the bands below do not fit it.

**Bands** (``IKM_BANDS``), the guideline's table: nilai interval 1.00–2.5996 / konversi 25.00–64.99 D *Tidak Baik*;
2.60–3.064 / 65.00–76.60 C *Kurang Baik*; 3.0644–3.532 / 76.61–88.30 B *Baik*; 3.5324–4.00 / 88.31–100.00 A
*Sangat Baik* (each interval × 25 is the converted one). Its predecessor, Kepmenpan 25/2004, had 25–43.75,
43.76–62.50, 62.51–81.25 and 81.26–100: centres that still use it pass their own bands. A band is the highest whose
minimum the **displayed** index reaches (rounded half-up to ``places``, 2 as in the guideline), so the band printed
next to a figure always agrees with it: an exact 88.305 is shown 88.31 and is *Sangat Baik*; 88.30 is *Baik*.
The centre's target (e.g. 80; none by default) is compared the same way: met when the displayed index ≥ target.

**Combining** items, as the guideline's index (IKM = Σ NRR_i × 1/k, equal weights): the mean of the item means,
each item counting once whatever its number of answers; an item without answers is left out. A facilitator's
index combines their items; the run's combines every (facilitator, item) cell. "Not applicable" (key ``None``)
is counted apart and never scored.
"""
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction

from .stats import checked_counts, round_half_up

CENTRE_POINTS = {1: "kurang", 2: "cukup", 3: "baik", 4: "sangat_baik"}


class Formula(Enum):
    TIMES_25 = "times_25"  # mean × 100 / top point: 1–4 → 25–100 (PermenPAN-RB 14/2017)
    SPAN = "span"  # (mean − 1) / (top point − 1) × 100: 1–4 → 0–100

    def convert(self, mean, points):
        if self is Formula.TIMES_25:
            return mean * 100 / points
        return (mean - 1) * 100 / (points - 1)


@dataclass(frozen=True)
class Band:
    code: str  # a message code, translated when shown
    minimum: Decimal  # the lowest displayed index in the band
    grade: str = ""  # the guideline's letter (mutu pelayanan)


IKM_BANDS = (Band("sangat_baik", Decimal("88.31"), "A"), Band("baik", Decimal("76.61"), "B"),
             Band("kurang_baik", Decimal("65.00"), "C"), Band("tidak_baik", Decimal(0), "D"))


@dataclass(frozen=True)
class IndexSpec:
    points: int = 4  # answers are 1…points
    formula: Formula = Formula.TIMES_25
    bands: tuple = IKM_BANDS  # highest first; an index below the last band's minimum has no band
    target: Decimal | None = None
    places: int = 2

    def __post_init__(self):
        if not (isinstance(self.points, int) and 2 <= self.points <= 11):
            raise ValueError(f"an index scale has 2 to 11 points: {self.points!r}")
        if not isinstance(self.formula, Formula):
            raise ValueError(f"unknown index formula: {self.formula!r}")
        minima = [band.minimum for band in self.bands]
        if not all(isinstance(m, Decimal) and m.is_finite() for m in minima) or minima != sorted(set(minima))[::-1]:
            raise ValueError("bands need Decimal minima, highest band first, no two alike")
        if self.target is not None and not (isinstance(self.target, Decimal) and self.target.is_finite()):
            raise ValueError(f"the target is a Decimal: {self.target!r}")
        if not (isinstance(self.places, int) and 0 <= self.places <= 4):
            raise ValueError(f"an index is shown with 0 to 4 decimals: {self.places!r}")

    def band(self, index):
        """The band of a displayed index: the first (highest) whose minimum it reaches."""
        return next((band for band in self.bands if index >= band.minimum), None)


@dataclass(frozen=True)
class IndexResult:
    n: int  # scored answers (of all the items combined)
    not_applicable: int
    mean: Fraction | None  # mean score (of the item means, when combined)
    exact: Fraction | None  # the index before rounding
    index: Decimal | None  # the index as displayed (half-up to ``places``)
    band: Band | None
    meets_target: bool | None  # None without a target or without answers
    items: int = 1  # items with answers that went into it


def _result(n, not_applicable, mean, spec, items=1):
    if mean is None:
        return IndexResult(n, not_applicable, None, None, None, None, None, items)
    exact = spec.formula.convert(mean, spec.points)
    index = round_half_up(exact, spec.places)
    meets = None if spec.target is None else index >= spec.target
    return IndexResult(n, not_applicable, mean, exact, index, spec.band(index), meets, items)


def index_of(counts, spec=IndexSpec()):
    """The index of one item from its counts per point (1…points; ``None``: not applicable)."""
    counts = checked_counts(counts)
    not_applicable = counts.pop(None, 0)
    if stray := [value for value in counts if value not in range(1, spec.points + 1)]:
        raise ValueError(f"not points of 1–{spec.points}: {stray!r}")
    n = sum(counts.values())
    mean = Fraction(sum(value * count for value, count in counts.items()), n) if n else None
    return _result(n, not_applicable, mean, spec, 1 if n else 0)


def combined_index(item_counts, spec=IndexSpec()):
    """The index of several items (an iterable of counts): the mean of the means of those with answers."""
    results = [index_of(counts, spec) for counts in item_counts]
    scored = [r.mean for r in results if r.n]
    mean = sum(scored, Fraction(0)) / len(scored) if scored else None
    return _result(sum(r.n for r in results), sum(r.not_applicable for r in results), mean, spec, len(scored))


@dataclass(frozen=True)
class IndexRow:
    cells: dict  # item → IndexResult
    overall: IndexResult  # the row's items combined


@dataclass(frozen=True)
class IndexTable:
    rows: dict  # row (a facilitator, or the run for its organisation form) → IndexRow
    items: dict  # item → IndexResult: that item's cells across the rows, combined
    overall: IndexResult  # every cell counts once: the run


def index_table(rows, spec=IndexSpec()):
    """Indices per cell, per row, per item and overall from ``{row: {item: counts}}`` (in that order)."""
    table = {row: IndexRow({item: index_of(counts, spec) for item, counts in cells.items()},
                           combined_index(cells.values(), spec))
             for row, cells in rows.items()}
    items = {}
    for cells in rows.values():
        for item, counts in cells.items():
            items.setdefault(item, []).append(counts)
    every = [counts for cells in rows.values() for counts in cells.values()]
    return IndexTable(table, {item: combined_index(counts, spec) for item, counts in items.items()},
                      combined_index(every, spec))
