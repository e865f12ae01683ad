"""The automatic score of a checked budget. Pure: standard library only.

Automatic score (0..100, Decimal with two places, ROUND_HALF_UP, deterministic):
    earned(k) = 0                                               if check kind k has an ERROR finding
              = max(0, 1 − Σ deduction of k's warnings / 100)   otherwise (deduction: percent of k's weight)
    score     = 100 × Σ weight(k) × earned(k) / Σ weight(k)
Kinds missing from the instructor's weights keep their default (DEFAULT_WEIGHTS, summing to 100); weights need not
sum to 100. SIZE is a gate, not a weight: a budget with no lines or more than max_lines scores 0, as does one whose
weights are all zero.
"""
from decimal import ROUND_HALF_UP, Decimal, localcontext

from .budget import CALC_CONTEXT
from .checks import Severity
from .rules import DEFAULT_WEIGHTS, CheckKind

_WEIGHTED = {kind.value for kind in CheckKind} - {CheckKind.SIZE.value}  # weights may be keyed by kind or its value


def automatic_score(report, weights=None):
    """The automatic score, 0..100 (see the module docstring for the formula)."""
    if any(f.check == CheckKind.SIZE and f.severity == Severity.ERROR for f in report.findings):
        return Decimal("0.00")
    weights = {kind: w for kind, w in {**DEFAULT_WEIGHTS, **(weights or {})}.items() if str(kind) in _WEIGHTED}
    failed = {f.check for f in report.findings if f.severity == Severity.ERROR}
    deducted = {}
    for f in report.findings:
        if f.severity == Severity.WARNING:
            deducted[f.check] = deducted.get(f.check, Decimal(0)) + Decimal(f.deduction)
    with localcontext(CALC_CONTEXT):
        weights = {kind: max(Decimal(0), Decimal(w)) for kind, w in weights.items()}  # a negative weight counts as 0
        total_weight = sum(weights.values(), Decimal(0))
        if total_weight <= 0:
            return Decimal("0.00")
        earned = sum((w * max(Decimal(0), 1 - deducted.get(k, Decimal(0)) / 100)
                      for k, w in weights.items() if k not in failed), Decimal(0))
        return (100 * earned / total_weight).quantize(Decimal("0.01"), ROUND_HALF_UP)
