"""The automatic score of a checked budget, with partial credit per check. Pure: standard library only.

Each weighted check kind k is scored over its *units*: the budget's lines for the checks of lines (arithmetic,
accounts, prices and taxes, units, forbidden items, duplicates), the required components for ``required``, the
required header fields and indicators plus the lines for ``fields``, and one unit for ``ceiling``
(``rules.check_units``).
A unit loses (Decimal, two places, ROUND_HALF_UP, deterministic):
    1                                    for a line with an ERROR of k, or for each ERROR of k about no line
    min(1, Σ deduction of its warnings / 100)   for a line with only warnings of k (deduction: percent of a unit)
    deduction / 100                      for each WARNING of k about no line
    earned(k) = max(0, 1 − lost(k) / units(k))       e.g. 9 of 10 lines within price: 0.9 of the price check
    score     = 100 × Σ weight(k) × earned(k) / Σ weight(k)
Kinds missing from the instructor's weights keep their default (DEFAULT_WEIGHTS, summing to 100); weights need not
sum to 100. SIZE is a gate, not a weight: a budget with no lines or more than max_lines scores 0, as does one whose
weights are all zero. ``ignored`` (indices into the findings) are findings the instructor overrode: they cost nothing.
Findings are domain Findings or anything with ``check``, ``severity``, ``line_no`` and ``deduction``.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from .budget import CALC_CONTEXT
from .checks import Severity
from .rules import DEFAULT_WEIGHTS, CheckKind, check_units  # noqa: F401  (check_units: part of the score's API)

_WEIGHTED = {kind.value for kind in CheckKind} - {CheckKind.SIZE.value}  # weights may be keyed by kind or its value
TWO = Decimal("0.01")


@dataclass(frozen=True)
class CheckScore:
    """One check's part of the score: its weight, its units and how many of them were lost, the share earned."""

    kind: str
    weight: Decimal
    units: int
    lost: Decimal
    earned: Decimal  # 0..1

    @property
    def percent(self):
        return (100 * self.earned).quantize(TWO, ROUND_HALF_UP)

    @property
    def points(self):
        return self.weight * self.earned


def _value(kind):
    return getattr(kind, "value", kind)


def breakdown(findings, units, weights=None, ignored=()):
    """Every weighted check's CheckScore, in the order of CheckKind."""
    weights = {str(_value(k)): w for k, w in {**DEFAULT_WEIGHTS, **(weights or {})}.items()
               if str(_value(k)) in _WEIGHTED}
    ignored = set(ignored)
    line_loss, general_loss = {}, {}
    for index, f in enumerate(findings):
        if index in ignored:
            continue
        kind, severity = str(_value(f.check)), str(_value(f.severity))
        cost = Decimal(1) if severity == Severity.ERROR.value else Decimal(f.deduction) / 100
        if f.line_no is None:
            general_loss[kind] = general_loss.get(kind, Decimal(0)) + cost
        else:
            key = (kind, f.line_no)
            line_loss[key] = min(Decimal(1), line_loss.get(key, Decimal(0)) + cost)
    scores = []
    with localcontext(CALC_CONTEXT):
        lines_lost = {}  # kind → the sum of its lines' losses (exact: the order of the sum does not matter)
        for (kind, _line), loss in line_loss.items():
            lines_lost[kind] = lines_lost.get(kind, Decimal(0)) + loss
        for kind in CheckKind:
            if kind.value not in weights:
                continue
            count = max(1, int((units or {}).get(kind.value, 1)))
            lost = general_loss.get(kind.value, Decimal(0)) + lines_lost.get(kind.value, Decimal(0))
            earned = max(Decimal(0), 1 - lost / count)
            weight = max(Decimal(0), Decimal(weights[kind.value]))  # a negative weight counts as 0
            scores.append(CheckScore(kind.value, weight, count, lost, earned))
    return scores


def score_of(findings, units, weights=None, ignored=()):
    """The automatic score, 0..100 (see the module docstring for the formula)."""
    ignored = set(ignored)
    kept = [f for index, f in enumerate(findings) if index not in ignored]
    if any(str(_value(f.check)) == CheckKind.SIZE.value and str(_value(f.severity)) == Severity.ERROR.value
           for f in kept):
        return Decimal("0.00")
    scores = breakdown(findings, units, weights, ignored)
    with localcontext(CALC_CONTEXT):
        total_weight = sum((s.weight for s in scores), Decimal(0))
        if total_weight <= 0:
            return Decimal("0.00")
        earned = sum((s.points for s in scores), Decimal(0))
        return (100 * earned / total_weight).quantize(TWO, ROUND_HALF_UP)


def automatic_score(report, weights=None):
    """The automatic score of a CheckReport."""
    return score_of(report.findings, report.units, weights)
