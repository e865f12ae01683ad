"""Statistics of feedback answers from counts (value → number of answers): exact, pure, no floats.

The app aggregates in SQL (``GROUP BY value``) and hands over the counts; nothing here sees a response or a person.
Shares are ``Fraction`` (exact); what a report prints is a ``Decimal`` from ``percent`` (half-up), never a float.

- **Not applicable** is the key ``None`` (the NULL of the GROUP BY): counted apart, outside every base.
- **Percentages**: ``percent`` rounds one share half-up, so a column of them may add up to 99 or 101;
  ``balanced_percents`` (largest remainder) always adds up to exactly 100 — for a column or a stacked bar.
- **Ordinal items** (Likert 4/5/7 points, the centres' 1–4): never a mean. The median is the lower median, as in
  ``modules.domain.approval`` (``median_high`` the upper; ``median_text`` "3" or "3–4"). Quartiles are points of the
  scale: the smallest point with at least a quarter (three quarters) of the answers at or below it (the inverse of
  the empirical distribution, Hyndman–Fan type 1, of which the lower median is the middle case).
- **Numeric items**: the usual median (the mean of the two middle values) and quartiles interpolated between the
  ordered values (Hyndman–Fan type 7, as Excel's QUARTILE.INC), exact in ``Decimal``.
- **NPS**: 0–10; promoters 9–10, passives 7–8, detractors 0–6; the score is 100 × (promoters − detractors) / n
  rounded once, half away from zero (so −12.5 → −13 mirrors 12.5 → 13), an integer in −100…100.

The training centres' 0–100 index is in ``index``; the comparison of two runs in ``cohorts``.
"""
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

DASH = "\u2013"  # en dash: "3–4"
NPS_POINTS = range(0, 11)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def checked_counts(counts):
    """``counts`` as a dict, or ValueError when a count is not a non-negative integer."""
    if not isinstance(counts, Mapping):
        raise ValueError("counts must map a value to its number of answers")
    for value, count in counts.items():
        if not _is_int(count) or count < 0:
            raise ValueError(f"the count of {value!r} is not a non-negative integer: {count!r}")
    return dict(counts)


def round_half_up(value, places=0):
    """``value`` (a Fraction, int or Decimal) rounded half away from zero to ``places`` decimals, exactly."""
    value = Fraction(value)
    scaled = abs(value) * 10**places
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    return Decimal(-whole if value < 0 else whole).scaleb(-places)


def percent(share, places=0):
    """A share (0…1, or a change of shares −1…1) as a percentage for display, half-up: 2/3 → ``Decimal("67")``."""
    return None if share is None else round_half_up(Fraction(share) * 100, places)


def balanced_percents(counts, places=0):
    """Percentages of ``counts`` (a sequence) that add up to exactly 100 (largest remainder, Hamilton's method).

    Each is its exact value rounded down or up; the units left over go to the largest remainders (ties: the larger
    count, then the earlier one). A zero count stays 0. Without any count every percentage is 0.
    """
    counts = list(counts)
    total, unit = sum(counts), 100 * 10**places
    if not total:
        return tuple(Decimal(0).scaleb(-places) for _ in counts)
    exact = [Fraction(count * unit, total) for count in counts]
    floors = [e.numerator // e.denominator for e in exact]
    ranked = sorted(range(len(counts)), key=lambda i: (floors[i] - exact[i], -counts[i], i))
    for i in ranked[: unit - sum(floors)]:
        floors[i] += 1
    return tuple(Decimal(f).scaleb(-places) for f in floors)


@dataclass(frozen=True)
class Share:
    value: object  # the option (or scale point)
    count: int
    share: Fraction  # of the base; 0 without a base
    percent: Decimal  # share × 100, half-up
    percent_balanced: Decimal | None  # largest remainder: the column adds up to 100 (None for multi-answer items)


@dataclass(frozen=True)
class Distribution:
    base: int  # answers counted (respondents, for an item that takes several answers)
    not_applicable: int
    options: tuple  # Share, in the order of the options


def distribution(counts, options=None, *, respondents=None, places=0):
    """Count and share of every option of ``options`` (in that order; zeros included), then of any other value of
    ``counts`` (in its order). The base is the answers given, or ``respondents`` for an item where one person
    may pick several options (the shares then add up to more than 1 and there are no balanced percentages).
    """
    counts = checked_counts(counts)
    not_applicable = counts.pop(None, 0)
    order = list(options or ()) + [value for value in counts if value not in set(options or ())]
    numbers = [counts.get(value, 0) for value in order]
    answered = sum(numbers)
    base = answered if respondents is None else respondents
    if not _is_int(base) or base < 0 or (respondents is not None and max(numbers, default=0) > base):
        raise ValueError(f"respondents must be a count at least as large as any option's: {respondents!r}")
    balanced = balanced_percents(numbers, places) if base == answered else (None,) * len(order)
    shares = [Fraction(count, base) if base else Fraction(0) for count in numbers]
    return Distribution(base, not_applicable, tuple(Share(value, count, share, percent(share, places), even)
                                                    for value, count, share, even
                                                    in zip(order, numbers, shares, balanced, strict=True)))


@dataclass(frozen=True)
class Scale:
    """An ordinal scale of ``points`` consecutive integers from ``low``; ``box`` points make the top and bottom box."""
    points: int = 5
    low: int = 1
    box: int = 2

    def __post_init__(self):
        if not (_is_int(self.points) and 2 <= self.points <= 11 and _is_int(self.low)):
            raise ValueError(f"a scale has 2 to 11 integer points: {self.points!r} from {self.low!r}")
        if not (_is_int(self.box) and 1 <= self.box <= self.points // 2):
            raise ValueError(f"the box of a {self.points}-point scale is 1 to {self.points // 2} points: {self.box!r}")

    @property
    def values(self):
        return range(self.low, self.low + self.points)

    @property
    def neutral(self):
        """The middle point of an odd scale (None on an even one)."""
        return self.low + self.points // 2 if self.points % 2 else None


@dataclass(frozen=True)
class Segment:
    value: int
    share: Fraction
    start: Fraction  # the bar runs from −1 (left) to 1 (right); the neutral segment straddles 0
    end: Fraction


@dataclass(frozen=True)
class DivergingBar:
    """A diverging stacked bar: the points below the middle to the left of 0, those above it to the right, the
    neutral point of an odd scale split half and half across 0."""
    segments: tuple  # Segment, low → high
    negative: Fraction  # share below the middle
    neutral: Fraction
    positive: Fraction


def diverging_bar(scale, shares):
    """The bar for ``shares`` (one Fraction per point of ``scale``, low → high, adding up to 1 or all 0)."""
    half = scale.points // 2
    negative, positive = sum(shares[:half], Fraction(0)), sum(shares[scale.points - half:], Fraction(0))
    neutral = shares[half] if scale.neutral is not None else Fraction(0)
    start, segments = -(negative + neutral / 2), []
    for value, share in zip(scale.values, shares, strict=True):
        segments.append(Segment(value, share, start, start + share))
        start += share
    return DivergingBar(tuple(segments), negative, neutral, positive)


def _at_rank(pairs, rank):
    """The value of rank ``rank`` (1-based) in the ascending (value, count) ``pairs``."""
    seen = 0
    for value, count in pairs:
        seen += count
        if seen >= rank:
            return value
    raise ValueError(f"no value of rank {rank}")


@dataclass(frozen=True)
class OrdinalSummary:
    n: int  # answers on the scale
    not_applicable: int
    distribution: tuple  # Share per point, low → high
    median: int | None  # the lower median
    median_high: int | None
    q1: int | None
    q3: int | None
    top_box: Fraction | None  # share of the top ``scale.box`` points
    bottom_box: Fraction | None
    bar: DivergingBar

    @property
    def median_text(self):
        """"3", or "3–4" when the two middle answers differ; None without answers."""
        if self.median is None:
            return None
        return str(self.median) if self.median == self.median_high else f"{self.median}{DASH}{self.median_high}"


def ordinal_summary(counts, scale=Scale(), places=0):
    """The summary of a Likert-type item from its counts per point (``None``: not applicable). A value that is not
    a point of ``scale`` is refused (ValueError): a changed scale must not be summarised as if it were this one."""
    counts = checked_counts(counts)
    not_applicable = counts.pop(None, 0)
    if stray := [value for value in counts if value not in scale.values]:
        raise ValueError(f"not points of the {scale.points}-point scale: {stray!r}")
    pairs = [(value, counts.get(value, 0)) for value in scale.values]
    n = sum(count for _, count in pairs)
    dist = distribution(dict(pairs), list(scale.values), places=places)
    shares = [s.share for s in dist.options]
    if not n:
        return OrdinalSummary(0, not_applicable, dist.options, None, None, None, None, None, None,
                              diverging_bar(scale, shares))
    box = scale.box
    return OrdinalSummary(n, not_applicable, dist.options, _at_rank(pairs, (n + 1) // 2), _at_rank(pairs, n // 2 + 1),
                          _at_rank(pairs, (n + 3) // 4), _at_rank(pairs, (3 * n + 3) // 4),
                          sum(shares[-box:], Fraction(0)), sum(shares[:box], Fraction(0)), diverging_bar(scale, shares))


@dataclass(frozen=True)
class NetPromoter:
    n: int
    not_applicable: int
    promoters: int  # 9–10
    passives: int  # 7–8
    detractors: int  # 0–6
    score: int | None  # −100…100, None without answers
    exact: Fraction | None  # 100 × (promoters − detractors) / n, before rounding

    def share(self, group):
        """The share of ``"promoters"``, ``"passives"`` or ``"detractors"`` (None without answers)."""
        return Fraction(getattr(self, group), self.n) if self.n else None


def net_promoter(counts):
    """The Net Promoter Score of a 0–10 item from its counts per point (``None``: not applicable)."""
    counts = checked_counts(counts)
    not_applicable = counts.pop(None, 0)
    if stray := [value for value in counts if value not in NPS_POINTS]:
        raise ValueError(f"not points of 0–10: {stray!r}")
    promoters = sum(counts.get(v, 0) for v in (9, 10))
    passives = sum(counts.get(v, 0) for v in (7, 8))
    detractors = sum(counts.get(v, 0) for v in range(0, 7))
    n = promoters + passives + detractors
    if not n:
        return NetPromoter(0, not_applicable, 0, 0, 0, None, None)
    exact = Fraction(100 * (promoters - detractors), n)
    return NetPromoter(n, not_applicable, promoters, passives, detractors, int(round_half_up(exact)), exact)


@dataclass(frozen=True)
class NumericSummary:
    n: int
    not_applicable: int
    minimum: Decimal | int | None
    q1: Decimal | int | None
    median: Decimal | int | None
    q3: Decimal | int | None
    maximum: Decimal | int | None


def _interpolated(pairs, n, quarters):
    """The type-7 quantile at ``quarters``/4: between the values of 0-based index ⌊h⌋ and ⌊h⌋+1, h = (n−1)·q/4."""
    index, rest = divmod((n - 1) * quarters, 4)
    low = _at_rank(pairs, index + 1)
    if not rest:
        return low
    high = _at_rank(pairs, index + 2)
    return Decimal(low) + (Decimal(high) - Decimal(low)) * rest / 4


def numeric_summary(counts):
    """Minimum, quartiles, median and maximum of a numeric item from its counts per value (int or Decimal; a float
    is refused: its binary value is not the number the person typed). ``None``: not applicable."""
    counts = checked_counts(counts)
    not_applicable = counts.pop(None, 0)
    if bad := [v for v in counts if not (_is_int(v) or isinstance(v, Decimal)) or not Decimal(v).is_finite()]:
        raise ValueError(f"numeric answers are integers or Decimals: {bad!r}")
    pairs = sorted((value, count) for value, count in counts.items() if count)
    n = sum(count for _, count in pairs)
    if not n:
        return NumericSummary(0, not_applicable, None, None, None, None, None)
    return NumericSummary(n, not_applicable, pairs[0][0], _interpolated(pairs, n, 1), _interpolated(pairs, n, 2),
                          _interpolated(pairs, n, 3), pairs[-1][0])
