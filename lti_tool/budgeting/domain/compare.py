"""A learner's budget beside the instructor's model answer (pure: standard library only).

Lines are matched first by reference code (the price-list item), then by component name (case, spacing and
punctuation aside); each learner line matches one model line at most. Reported: the model's components the learner
left out, the learner's lines the model does not have, and matched lines whose volume (koefisien total) or unit
price differ from the model's by more than ``threshold`` (a fraction: 0.2 = 20 %, relative to the model's value).
"""
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_THRESHOLD = Decimal("0.2")


@dataclass(frozen=True)
class Pair:
    model: object  # BudgetLine
    learner: object  # BudgetLine
    volume_diff: Decimal  # (learner − model) / model, e.g. Decimal("0.5") for 50 % more
    price_diff: Decimal

    def volume_off(self, threshold=DEFAULT_THRESHOLD):
        return abs(self.volume_diff) > threshold

    def price_off(self, threshold=DEFAULT_THRESHOLD):
        return abs(self.price_diff) > threshold


@dataclass(frozen=True)
class Comparison:
    pairs: tuple  # Pair, in the model's order
    missing: tuple  # model BudgetLines without a learner line
    extra: tuple  # learner BudgetLines without a model line
    threshold: Decimal

    @property
    def large_differences(self):
        return tuple(p for p in self.pairs if p.volume_off(self.threshold) or p.price_off(self.threshold))


def _name(text):
    return " ".join(re.sub(r"[^\w]+", " ", str(text or "").casefold()).split())


def _code(line):
    return str(line.reference_code or "").strip().casefold()


def _diff(learner, model):
    learner, model = Decimal(learner), Decimal(model)
    if model == 0:
        return Decimal(0) if learner == 0 else Decimal(1)
    return ((learner - model) / model).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def compare(model_lines, learner_lines, threshold=DEFAULT_THRESHOLD):
    """Comparison of ``learner_lines`` against ``model_lines`` (sequences of BudgetLine)."""
    free = list(learner_lines)
    matched = {}
    for keyer in (_code, lambda line: _name(line.component)):
        for index, model in enumerate(model_lines):
            key = keyer(model)
            if index in matched or not key:
                continue
            found = next((line for line in free if keyer(line) == key), None)
            if found is not None:
                free.remove(found)
                matched[index] = found
    pairs = tuple(Pair(model, matched[i], _diff(matched[i].koefisien.total, model.koefisien.total),
                       _diff(matched[i].unit_price, model.unit_price))
                  for i, model in enumerate(model_lines) if i in matched)
    missing = tuple(model for i, model in enumerate(model_lines) if i not in matched)
    return Comparison(pairs, missing, tuple(free), Decimal(threshold))
