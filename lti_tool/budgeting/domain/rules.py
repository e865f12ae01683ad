"""What the instructor sets for one exercise: the account and price lists, required and forbidden items, PPN and
rounding, and the weights of the checks. Pure: standard library only."""
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType

from .budget import HEADER_FIELDS, MAX_LINES, PPN_RATE, IndicatorKind, Rounding
from .numbers import MAX_AMOUNT, InputError, normalise_text


class PriceMode(StrEnum):
    CEILING = "ceiling"    # a hard maximum (honoraria, travel, meeting packages)
    ESTIMATE = "estimate"  # may differ within ± tolerance_pct, beyond that with a justification


class TaxTreatment(StrEnum):
    """How a price-list item is taxed. An item whose list says nothing is a PPN object (the import's default)."""

    PPN = "ppn"          # PPN at the exercise's rate: goods, most services bought from a PKP supplier
    NON_PPN = "non_ppn"  # not a PPN object: honoraria, daily allowances (income tax is withheld; the line is gross)
    PBJT = "pbjt"        # regional tax (PBJT) included in the standard price: meals, catering, hotel services


class CheckKind(StrEnum):
    SIZE = "size"  # a gate, not weighted: no lines, or more than max_lines, scores 0
    ARITHMETIC = "arithmetic"
    CEILING = "ceiling"
    ACCOUNT = "account"
    PRICE = "price"
    UNIT = "unit"
    REQUIRED = "required"
    FORBIDDEN = "forbidden"
    DUPLICATE = "duplicate"
    FIELDS = "fields"


DEFAULT_WEIGHTS = MappingProxyType({
    CheckKind.ARITHMETIC: Decimal(5), CheckKind.CEILING: Decimal(20), CheckKind.ACCOUNT: Decimal(15),
    CheckKind.PRICE: Decimal(20), CheckKind.UNIT: Decimal(5), CheckKind.REQUIRED: Decimal(15),
    CheckKind.FORBIDDEN: Decimal(10), CheckKind.DUPLICATE: Decimal(5), CheckKind.FIELDS: Decimal(5),
})


@dataclass(frozen=True)
class Account:
    code: str
    name: str


@dataclass(frozen=True, kw_only=True)
class ReferencePrice:
    """An SSH/SBU item. ``includes_ppn`` None means "as the exercise states"; ``tax``: how its lines are taxed."""

    code: str
    name: str
    specification: str = ""
    unit: str
    price: Decimal
    mode: PriceMode = PriceMode.ESTIMATE
    tolerance_pct: Decimal = Decimal(10)
    accounts: frozenset = frozenset()
    includes_ppn: bool | None = None
    tax: TaxTreatment = TaxTreatment.PPN

    def __post_init__(self):
        object.__setattr__(self, "tax", TaxTreatment(self.tax))
        if not (_is_amount(self.price, MAX_AMOUNT) and _is_amount(self.tolerance_pct, 1000)):
            raise InputError("reference_invalid", {"code": str(self.code)[:40]})
        object.__setattr__(self, "accounts", frozenset(a.strip() for a in self.accounts))


def _is_amount(value, limit):
    return isinstance(value, int | Decimal) and not isinstance(value, bool) and Decimal(value).is_finite() \
        and 0 <= value <= limit


@dataclass(frozen=True)
class RequiredComponent:
    """A component the budget must contain, by reference code or by a name keyword, with an optional volume range."""

    reference_code: str | None = None
    name: str | None = None
    min_volume: Decimal | None = None
    max_volume: Decimal | None = None

    def __post_init__(self):
        if any(v is not None and not _is_amount(v, MAX_AMOUNT) for v in (self.min_volume, self.max_volume)):
            raise InputError("required_invalid", {"item": self.label[:40]})

    @property
    def label(self):
        return self.name or self.reference_code or "?"


@dataclass(frozen=True, kw_only=True)
class ExerciseRules:
    """What the instructor sets for one exercise. Weights are per CheckKind; a warning costs
    ``warning_deduction_pct`` percent of its check's weight."""

    ceiling: int | None = None
    accounts: tuple = ()  # Account
    allowed_accounts: frozenset = frozenset()
    prices: tuple = ()  # ReferencePrice
    required_components: tuple = ()
    forbidden_codes: frozenset = frozenset()
    forbidden_keywords: tuple = ()
    required_header_fields: tuple = HEADER_FIELDS
    required_indicator_kinds: tuple = tuple(IndicatorKind)
    ppn_rate: Decimal = PPN_RATE
    prices_include_ppn: bool = False
    rounding: Rounding = Rounding.PER_LINE
    weights: dict = field(default_factory=dict)  # CheckKind → Decimal; kinds left out keep DEFAULT_WEIGHTS
    warning_deduction_pct: Decimal = Decimal(25)
    max_lines: int = MAX_LINES

    def __post_init__(self):
        if not isinstance(self.ppn_rate, Decimal) or not self.ppn_rate.is_finite() or not 0 <= self.ppn_rate <= 1:
            raise InputError("ppn_rate_invalid")
        if self.ceiling is not None and (isinstance(self.ceiling, bool) or not isinstance(self.ceiling, int)
                                         or not 0 <= self.ceiling <= MAX_AMOUNT):
            raise InputError("ceiling_invalid", {"limit": MAX_AMOUNT})
        if not all(_is_amount(w, 10**6) for w in (*self.weights.values(), self.warning_deduction_pct)):
            raise InputError("weight_invalid")

    @property
    def effective_weights(self):
        return {**DEFAULT_WEIGHTS, **self.weights}

    @cached_property
    def account_index(self):
        return {a.code.strip(): a for a in self.accounts}

    @cached_property
    def price_index(self):
        return {p.code.strip(): p for p in self.prices}

    @cached_property
    def prices_by_name(self):
        """normalise_text(name) → the reference items of that name (an item may come in several specifications)."""
        index = {}
        for price in self.prices:
            index.setdefault(normalise_text(price.name), []).append(price)
        return index


_LINE_CHECKS = (CheckKind.ARITHMETIC, CheckKind.ACCOUNT, CheckKind.PRICE, CheckKind.UNIT, CheckKind.FORBIDDEN,
                CheckKind.DUPLICATE)


def check_units(line_count, rules):
    """How many units each weighted check is scored over (at least one each)."""
    lines = max(1, int(line_count))
    units = {kind.value: lines for kind in _LINE_CHECKS}
    units[CheckKind.CEILING.value] = 1
    units[CheckKind.REQUIRED.value] = max(1, len(rules.required_components))
    units[CheckKind.FIELDS.value] = len(rules.required_header_fields) + len(rules.required_indicator_kinds) + lines
    return units
