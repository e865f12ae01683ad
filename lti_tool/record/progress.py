"""Pure arithmetic of the learner's page: a year's total, the share of the target, the totals per category."""
from decimal import Decimal


def year_total(jps):
    """The sum of a year's entries (reversals are negative), never below zero."""
    return max(sum((Decimal(j) for j in jps), Decimal(0)), Decimal(0))


def percent_of_target(total, target):
    """Whole percent of the target reached, 0–100 (a target of 0 or less counts as reached)."""
    if target is None or Decimal(target) <= 0:
        return 100
    return int(min(Decimal(total) * 100 / Decimal(target), Decimal(100)))


def by_category(entries, categories=()):
    """[(category, total)] in the configured order, then any other category met, those with a zero total left out."""
    totals = {}
    for category, jp in entries:
        totals[category] = totals.get(category, Decimal(0)) + Decimal(jp)
    order = [c for c in categories if c in totals] + sorted(c for c in totals if c not in categories)
    return [(c, totals[c]) for c in order if totals[c] != 0]


def display_jp(value):
    """2.00 → "2", 1.50 → "1.5"."""
    text = f"{Decimal(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
