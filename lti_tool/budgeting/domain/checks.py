"""Checks of a budget against the rules of its exercise (their texts: ``labels.py``; the score: ``scoring``).

Pure: standard library only. ``check_budget`` never raises on a Budget built from valid domain objects, whatever
text they hold; each Finding names its check, severity, line (None for the whole budget), message code and params.
"""
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

from .budget import CALC_CONTEXT, IndicatorKind, Rounding, budget_total, group_by_account, line_amount
from .numbers import MAX_AMOUNT, is_blank, keyword_pattern, normalise_text, prefix_pattern, unit_key
from .rules import CheckKind, PriceMode, TaxTreatment, check_units

_MAX_PARAM_TEXT = 80


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    check: CheckKind
    severity: Severity
    line_no: int | None
    message_code: str
    params: dict = field(default_factory=dict)
    deduction: Decimal = Decimal(0)  # percent of the check's weight that a warning costs


@dataclass(frozen=True)
class CheckReport:
    findings: tuple
    line_amounts: tuple  # int rupiah, in the order of budget.lines
    groups: tuple  # AccountGroup(account, lines, subtotal)
    total: int
    units: dict = field(default_factory=dict)  # check kind (value) → how many units it is scored over (scoring)

    def for_line(self, line_no):
        return [f for f in self.findings if f.line_no == line_no]

    @property
    def errors(self):
        return [f for f in self.findings if f.severity == Severity.ERROR]

    @property
    def warnings(self):
        return [f for f in self.findings if f.severity == Severity.WARNING]


def _short(text):
    text = " ".join(str(text).split())
    return text if len(text) <= _MAX_PARAM_TEXT else text[: _MAX_PARAM_TEXT - 1] + "…"


class _Findings(list):
    def __init__(self, rules):
        super().__init__()
        self.deduction = Decimal(rules.warning_deduction_pct)

    def error(self, check, message_code, line_no=None, /, **params):
        self.append(Finding(check, Severity.ERROR, line_no, message_code, params))

    def warning(self, check, message_code, line_no=None, deduct=True, /, **params):
        deduction = self.deduction if deduct else Decimal(0)
        self.append(Finding(check, Severity.WARNING, line_no, message_code, params, deduction))


def check_budget(budget, rules):
    """Every check of ``budget`` against ``rules``; amounts computed by the rules' PPN and rounding settings."""
    out = _Findings(rules)
    lines = list(budget.lines)
    if len(lines) > rules.max_lines:
        out.error(CheckKind.SIZE, "too_many_lines", count=len(lines), max=rules.max_lines)
        _check_fields(budget, [], rules, out)
        return CheckReport(tuple(out), (), (), 0)
    if not lines:
        out.error(CheckKind.SIZE, "no_lines")
    pricing = (rules.ppn_rate, rules.prices_include_ppn)
    amounts = tuple(line_amount(line, *pricing) for line in lines)
    groups = tuple(group_by_account(lines, *pricing, rules.rounding, amounts))  # each line's amount once
    total = sum(amounts) if rules.rounding == Rounding.PER_LINE else budget_total(lines, *pricing, rules.rounding)
    _check_arithmetic(budget, lines, amounts, groups, total, out)
    if rules.ceiling is not None and total > rules.ceiling:
        out.error(CheckKind.CEILING, "over_ceiling", total=total, ceiling=rules.ceiling, excess=total - rules.ceiling)
    forbidden = keyword_pattern(rules.forbidden_keywords)
    refs = [_check_line(line, rules, forbidden, out) for line in lines]
    _check_required(lines, refs, rules, out)
    _check_duplicates(lines, out)
    _check_fields(budget, lines, rules, out)
    return CheckReport(tuple(out), amounts, groups, total, check_units(len(lines), rules))



def _check_arithmetic(budget, lines, amounts, groups, total, out):
    for line, amount in zip(lines, amounts, strict=True):
        if line.claimed_amount is not None and line.claimed_amount != amount:
            out.error(CheckKind.ARITHMETIC, "amount_mismatch", line.line_no, claimed=line.claimed_amount,
                      expected=amount)
        if amount > MAX_AMOUNT:
            out.error(CheckKind.ARITHMETIC, "amount_absurd", line.line_no, amount=amount, limit=MAX_AMOUNT)
    claimed = budget.claimed_subtotals or {}
    for group in groups:
        if claimed.get(group.account) is not None and claimed[group.account] != group.subtotal:
            out.error(CheckKind.ARITHMETIC, "subtotal_mismatch", account=_short(group.account),
                      claimed=claimed[group.account], expected=group.subtotal)
    if budget.claimed_total is not None and budget.claimed_total != total:
        out.error(CheckKind.ARITHMETIC, "total_mismatch", claimed=budget.claimed_total, expected=total)
    if total > MAX_AMOUNT:
        out.error(CheckKind.ARITHMETIC, "total_absurd", amount=total, limit=MAX_AMOUNT)


def _check_line(line, rules, forbidden, out):
    """The line's own checks; returns the reference item it was checked against (by its code or its name), if any."""
    no, code, item = line.line_no, line.account.strip(), _short(line.component)
    ref_code = (line.reference_code or "").strip()
    ref = rules.price_index.get(ref_code) if ref_code else None
    if ref is None and is_blank(ref_code) and rules.prices and not is_blank(line.component):
        ref = _reference_by_name(line, rules, out)
    if is_blank(code):
        out.error(CheckKind.ACCOUNT, "account_empty", no)
    elif (rules.account_index or rules.allowed_accounts) and code not in rules.account_index \
            and code not in rules.allowed_accounts:
        out.error(CheckKind.ACCOUNT, "account_unknown", no, account=_short(code))
    elif rules.allowed_accounts and code not in rules.allowed_accounts:
        out.error(CheckKind.ACCOUNT, "account_not_allowed", no, account=_short(code))
    elif ref is not None and ref.accounts and code not in ref.accounts:
        out.error(CheckKind.ACCOUNT, "account_not_for_item", no, account=_short(code), item=item,
                  accounts=_some(ref.accounts))
    if ref is None:
        if ref_code and not is_blank(ref_code):
            out.warning(CheckKind.PRICE, "reference_unknown", no, False, code=_short(ref_code))
    else:
        _check_price(line, ref, rules, out)
        _check_tax(line, ref, rules, out)
        if unit_key(line.satuan) != unit_key(ref.unit):
            out.warning(CheckKind.UNIT, "unit_mismatch", no, unit=_short(line.satuan), expected=_short(ref.unit),
                        item=item)
    used_code = ref.code.strip() if ref is not None else ref_code
    if (used_code and used_code in rules.forbidden_codes) or (
            forbidden and forbidden.search(normalise_text(f"{line.component} {line.specification}"))):
        out.error(CheckKind.FORBIDDEN, "forbidden_item", no, item=item)
    return ref


def _some(codes, shown=5):
    return ", ".join(sorted(codes)[:shown]) + (", …" if len(codes) > shown else "")


def _reference_by_name(line, rules, out):
    """A line without a reference code whose component is named as in the price list is checked against that item
    (and told its code), so leaving the code out does not escape the price check; a component the list does not
    name is said to be unchecked. Neither note costs points by itself."""
    no, item = line.line_no, _short(line.component)
    named = rules.prices_by_name.get(normalise_text(line.component), ())
    if len(named) > 1:
        spec = normalise_text(line.specification)
        named = [p for p in named if normalise_text(p.specification) == spec] or named
    if not named:
        out.warning(CheckKind.PRICE, "reference_none", no, False, item=item)
        return None
    if len(named) > 1:
        out.warning(CheckKind.PRICE, "reference_ambiguous", no, False, item=item,
                    codes=_some([p.code.strip() for p in named]))
        return None
    out.warning(CheckKind.PRICE, "reference_by_name", no, False, item=item, code=_short(named[0].code.strip()))
    return named[0]


def _check_price(line, ref, rules, out):
    """Compare like with like: a reference price stated with (without) PPN is converted when the exercise's
    prices are without (with) PPN and the line is subject to PPN. A converted reference is whole rupiah, and so are
    the bounds of an estimate's tolerance (the low one rounded up, the high one down): what the message shows is
    what was compared."""
    with localcontext(CALC_CONTEXT):
        reference = Decimal(ref.price)
        if line.ppn and ref.tax == TaxTreatment.PPN and ref.includes_ppn is not None \
                and ref.includes_ppn != rules.prices_include_ppn:
            reference = reference / (1 + rules.ppn_rate) if ref.includes_ppn else reference * (1 + rules.ppn_rate)
        reference = reference.quantize(Decimal(1), ROUND_HALF_UP)
        params = {"price": line.unit_price, "reference": reference, "item": _short(line.component)}
        if ref.mode == PriceMode.CEILING:
            if line.unit_price > reference:
                out.error(CheckKind.PRICE, "price_above_ceiling", line.line_no, **params)
            return
        margin = reference * Decimal(ref.tolerance_pct) / 100
        low = max(Decimal(0), reference - margin).quantize(Decimal(1), ROUND_CEILING)
        high = (reference + margin).quantize(Decimal(1), ROUND_FLOOR)
        if not low <= line.unit_price <= high:
            out.warning(CheckKind.PRICE, "price_outside_tolerance", line.line_no, low=low, high=high,
                        tolerance=Decimal(ref.tolerance_pct), **params)


def _check_tax(line, ref, rules, out):
    """A line's PPN follows its item's tax treatment: PPN on an item that is no PPN object, or whose regional tax
    (PBJT) is in its price, is an error; a PPN object without PPN is a warning."""
    item = _short(line.component)
    if line.ppn and ref.tax == TaxTreatment.NON_PPN:
        out.error(CheckKind.PRICE, "ppn_on_non_ppn", line.line_no, item=item)
    elif line.ppn and ref.tax == TaxTreatment.PBJT:
        out.error(CheckKind.PRICE, "ppn_on_pbjt", line.line_no, item=item)
    elif not line.ppn and ref.tax == TaxTreatment.PPN:
        out.warning(CheckKind.PRICE, "ppn_missing", line.line_no, item=item, rate=rules.ppn_rate * 100)


def _check_required(lines, refs, rules, out):
    """A required component is found on a line by its reference code, else by its name: first in the name of the
    price-list item the line uses, then in the line's component text, by word prefixes (``prefix_pattern``)."""
    texts = [normalise_text(line.component) for line in lines]
    ref_names = [normalise_text(ref.name) if ref is not None else "" for ref in refs]
    ref_codes = [(line.reference_code or "").strip() or (ref.code.strip() if ref else "")
                 for line, ref in zip(lines, refs, strict=True)]
    for req in rules.required_components:
        pattern = prefix_pattern(req.name) if req.name else None
        code = (req.reference_code or "").strip()
        with localcontext(CALC_CONTEXT):
            matched = [line.koefisien.total for line, text, ref_name, ref_code
                       in zip(lines, texts, ref_names, ref_codes, strict=True)
                       if (code and ref_code == code)
                       or (pattern and (pattern.search(ref_name) or pattern.search(text)))]
            volume = sum(matched, Decimal(0))
        item = _short(req.label)
        if not matched:
            out.error(CheckKind.REQUIRED, "required_missing", item=item)
        elif req.min_volume is not None and volume < req.min_volume:
            out.warning(CheckKind.REQUIRED, "required_volume_low", item=item, volume=volume, min=req.min_volume)
        elif req.max_volume is not None and volume > req.max_volume:
            out.warning(CheckKind.REQUIRED, "required_volume_high", item=item, volume=volume, max=req.max_volume)


def _check_duplicates(lines, out):
    seen = {}
    for line in lines:
        key = (line.account.strip(), normalise_text(line.component), normalise_text(line.specification))
        if key in seen:
            out.warning(CheckKind.DUPLICATE, "duplicate_line", line.line_no, first_line=seen[key])
        else:
            seen[key] = line.line_no


def _check_fields(budget, lines, rules, out):
    header = budget.header or {}
    for name in rules.required_header_fields:
        if is_blank(header.get(name, "")):
            out.error(CheckKind.FIELDS, "header_empty", field=name)
    present = {i.kind for i in budget.indicators}
    for kind in IndicatorKind:
        if kind in rules.required_indicator_kinds and kind not in present:
            out.error(CheckKind.FIELDS, "indicator_missing", kind=kind)
    for indicator in budget.indicators:
        if indicator.kind in rules.required_indicator_kinds and (is_blank(indicator.measure)
                                                                 or is_blank(indicator.target)):
            out.error(CheckKind.FIELDS, "indicator_empty", kind=indicator.kind)
    for line in lines:
        if is_blank(line.component):
            out.error(CheckKind.FIELDS, "component_empty", line.line_no)
