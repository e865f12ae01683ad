"""The Rincian Belanja of an RKA: lines, koefisien, amounts, totals and account groups.

Pure: standard library only (no Flask, SQLAlchemy or pylti1p3). Money is integer rupiah; unit prices and volumes are
Decimal. Reading typed numbers lives in ``numbers``, what an exercise sets in ``rules``, the checks in ``checks`` and
the automatic score in ``scoring``.

Amount of a line (the exercise states whether reference prices include PPN):
    base   = koefisien.total × unit_price
    amount = base × (1 + ppn_rate)   if the line is subject to PPN and prices exclude PPN
    amount = base                    otherwise (no PPN, or PPN is already inside the price)
PPN is added before rounding. Rounding to whole rupiah is ROUND_HALF_UP, either per line (the norm: the total is
the sum of rounded lines) or once on the total (lines and subtotals are then rounded only for display, so their sum
may differ from the total by up to half a rupiah per line). Arithmetic runs in a 200-digit context: the validated
inputs (volumes and prices up to 10^15) are computed exactly, however absurd.

A line's base (koefisien × unit price) is at most MAX_LINE_AMOUNT (Rp 1 trillion): a BudgetLine beyond it is
refused (InputError ``line_amount_too_large``), so with at most MAX_LINES lines and a PPN rate of at most 100 % no
amount or total reaches what a BIGINT column holds (9.2 × 10^18). Factors of 10^15 each once made a line of 10^25
rupiah, which the checks called absurd but which could be handed in: storing its total answered 500.
"""
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple

from .numbers import MAX_AMOUNT, InputError, fold_digits, format_decimal, parse_number

PPN_RATE = Decimal("0.11")
MAX_FACTORS = 4
MAX_VOLUME_DECIMALS = 4
MAX_PRICE_DECIMALS = 2
MAX_LINES = 2000
MAX_LINE_AMOUNT = 10**12  # rupiah, koefisien × unit price of one line (before PPN)
HEADER_FIELDS = ("urusan", "program", "kegiatan", "sub_kegiatan", "organisasi", "sumber_dana", "lokasi",
                 "waktu_pelaksanaan", "kelompok_sasaran")
# The rest of SIPD's Identitas Sub Kegiatan: shown, stored and printed, never checked (the checks read HEADER_FIELDS)
EXTRA_HEADER_FIELDS = ("bidang_urusan", "alokasi_lalu", "alokasi", "alokasi_depan", "kepala_nama", "kepala_nip")
# The form's order (SIPD): urusan, bidang urusan, programme chain, unit, place, time, target group, funds, allocations
FORM_HEADER_FIELDS = ("urusan", "bidang_urusan", "program", "kegiatan", "sub_kegiatan", "organisasi", "lokasi",
                      "waktu_pelaksanaan", "kelompok_sasaran", "sumber_dana", "alokasi_lalu", "alokasi",
                      "alokasi_depan", "kepala_nama", "kepala_nip")
CALC_CONTEXT = Context(prec=200, rounding=ROUND_HALF_UP)


class Rounding(StrEnum):
    PER_LINE = "per_line"
    ON_TOTAL = "on_total"


class IndicatorKind(StrEnum):
    CAPAIAN = "capaian"
    MASUKAN = "masukan"
    KELUARAN = "keluaran"
    HASIL = "hasil"


def _checked(value, *, allow_zero, decimals, low_code, range_code):
    """``value`` as a Decimal within (0 or more) .. MAX_AMOUNT with at most ``decimals`` decimals, else InputError."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"expected Decimal or int, not {type(value).__name__}")  # a float is a programming error
    value = Decimal(value)
    if not value.is_finite() or value < 0 or (value == 0 and not allow_zero):
        raise InputError(low_code)
    if value > MAX_AMOUNT or (value.as_tuple().exponent < -decimals  # (trailing zeros do not count as decimals)
                              and -value.normalize(CALC_CONTEXT).as_tuple().exponent > decimals):
        raise InputError(range_code, {"limit": MAX_AMOUNT, "max": decimals})
    return value


@dataclass(frozen=True)
class Factor:
    """One volume × unit factor of a koefisien: ``30 orang``. Volume > 0, at most 10^15 and 4 decimals."""

    volume: Decimal
    unit: str

    def __post_init__(self):
        volume = _checked(self.volume, allow_zero=False, decimals=MAX_VOLUME_DECIMALS,
                          low_code="volume_not_positive", range_code="volume_out_of_range")
        object.__setattr__(self, "volume", volume)
        object.__setattr__(self, "unit", "" if self.unit is None else str(self.unit))
        if not self.unit.strip():
            raise InputError("factor_unit_empty")


@dataclass(frozen=True)
class Koefisien:
    """1 to 4 factors: ``30 orang × 2 hari`` = 60; ``abbreviation`` (e.g. ``OH``) names the product's unit."""

    factors: tuple[Factor, ...]
    abbreviation: str = ""

    def __post_init__(self):
        object.__setattr__(self, "factors", tuple(self.factors))
        if not 1 <= len(self.factors) <= MAX_FACTORS:
            raise InputError("factor_count", {"max": MAX_FACTORS})

    @cached_property  # immutable factors; asked for several times per line and check
    def total(self):
        with localcontext(CALC_CONTEXT):
            product = Decimal(1)
            for factor in self.factors:
                product *= factor.volume
            return product

    def label_for(self, locale="id"):
        return " × ".join(f"{format_decimal(f.volume, locale)} {f.unit.strip()}" for f in self.factors)

    @property
    def label(self):
        return self.label_for("id")

    @property
    def unit(self):
        return str(self.abbreviation or "").strip() or " × ".join(f.unit.strip() for f in self.factors)


_FACTOR_SPLIT = re.compile(r"\s*[×✕✖*]\s*|\s+[xX]\s+")
_NUMBER_HEAD = re.compile(r"^\s*([0-9.,+\-]+)\s*(.*)$", re.DOTALL)


def parse_koefisien(text, locale="id", abbreviation=""):
    """``"30 orang × 2 hari"`` (or ``x``, ``*``) → Koefisien; InputError/NumberError with a message code otherwise."""
    text = fold_digits(str(text or ""))
    if not text.strip():
        raise InputError("factor_count", {"max": MAX_FACTORS})
    parts = _FACTOR_SPLIT.split(text.strip())
    if len(parts) > MAX_FACTORS:
        raise InputError("factor_count", {"max": MAX_FACTORS})
    factors = []
    for part in parts:
        match = _NUMBER_HEAD.match(part)
        if not match:
            raise InputError("factor_malformed", {"text": part.strip()[:40]})
        volume = parse_number(match.group(1), locale, max_decimals=MAX_VOLUME_DECIMALS, allow_zero=False)
        factors.append(Factor(volume, match.group(2).strip()))
    return Koefisien(tuple(factors), abbreviation)


@dataclass(frozen=True, kw_only=True)
class BudgetLine:
    """One line of the Rincian Belanja. ``claimed_amount`` is what imported or edited data says the amount is."""

    line_no: int
    account: str
    component: str
    specification: str = ""
    koefisien: Koefisien
    unit: str = ""  # satuan; empty means the koefisien's unit
    unit_price: Decimal
    ppn: bool = False
    reference_code: str | None = None
    claimed_amount: int | None = None
    kelompok: str = ""  # [#] sub-title the line is grouped under within its account (SIPD)
    keterangan: str = ""  # [-] remark under the kelompok

    def __post_init__(self):
        for name in ("account", "component", "specification", "unit", "kelompok", "keterangan"):
            value = getattr(self, name)
            if type(value) is not str:
                object.__setattr__(self, name, "" if value is None else str(value))
        price = _checked(self.unit_price, allow_zero=True, decimals=MAX_PRICE_DECIMALS,
                         low_code="price_negative", range_code="price_out_of_range")
        object.__setattr__(self, "unit_price", price)
        with localcontext(CALC_CONTEXT):
            if self.koefisien.total * price > MAX_LINE_AMOUNT:
                raise InputError("line_amount_too_large", {"limit": MAX_LINE_AMOUNT})

    @property
    def satuan(self):
        return self.unit.strip() or self.koefisien.unit


@dataclass(frozen=True)
class Indicator:
    kind: IndicatorKind
    measure: str  # tolok ukur
    target: str


@dataclass
class Budget:
    """A learner's submission: header fields (HEADER_FIELDS keys), indicators and lines."""

    header: dict = field(default_factory=dict)
    indicators: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    claimed_subtotals: dict = field(default_factory=dict)  # account → int rupiah, from imported data
    claimed_total: int | None = None


def exact_line_amount(line, ppn_rate=PPN_RATE, prices_include_ppn=False):
    """The unrounded amount of a line (Decimal), by the rule in the module docstring."""
    with localcontext(CALC_CONTEXT):
        base = line.koefisien.total * line.unit_price
        return base * (1 + ppn_rate) if line.ppn and not prices_include_ppn else base


def whole_rupiah(value):
    """Decimal → int rupiah, ROUND_HALF_UP."""
    with localcontext(CALC_CONTEXT):
        return int(value.quantize(Decimal(1), ROUND_HALF_UP))


def line_amount(line, ppn_rate=PPN_RATE, prices_include_ppn=False):
    """The amount of a line in whole rupiah (int): what the Jumlah column shows in either rounding mode."""
    return whole_rupiah(exact_line_amount(line, ppn_rate, prices_include_ppn))


def budget_total(lines, ppn_rate=PPN_RATE, prices_include_ppn=False, rounding=Rounding.PER_LINE):
    """The total in whole rupiah: the sum of rounded lines, or the rounded sum of exact lines (ON_TOTAL)."""
    if rounding == Rounding.ON_TOTAL:
        with localcontext(CALC_CONTEXT):
            return whole_rupiah(sum((exact_line_amount(x, ppn_rate, prices_include_ppn) for x in lines), Decimal(0)))
    return sum(line_amount(x, ppn_rate, prices_include_ppn) for x in lines)


class AccountGroup(NamedTuple):
    account: str
    lines: tuple
    subtotal: int


def account_sort_key(code):
    """Kode rekening in natural order (``5.1.02.01.01.0024`` before ``5.1.02.01.01.0052``, ``5.2`` after ``5.1.02``)."""
    parts = str(code).strip().split(".")
    return tuple((0, len(p.lstrip("0")), p) if p.isascii() and p.isdigit() else (1, 0, p) for p in parts)


def group_by_account(lines, ppn_rate=PPN_RATE, prices_include_ppn=False, rounding=Rounding.PER_LINE, amounts=None):
    """Lines grouped by account (accounts in code order, lines in their order), each with its subtotal. ``amounts``:
    the lines' ``line_amount``, in their order, when already computed (per-line rounding sums them)."""
    groups = {}
    for line in lines:
        groups.setdefault(line.account.strip(), []).append(line)
    by_line = ({id(line): amount for line, amount in zip(lines, amounts, strict=True)}
               if amounts is not None and rounding == Rounding.PER_LINE else None)

    def subtotal(group):
        if by_line is None:
            return budget_total(group, ppn_rate, prices_include_ppn, rounding)
        return sum(by_line[id(line)] for line in group)
    return [AccountGroup(code, tuple(group), subtotal(group))
            for code, group in sorted(groups.items(), key=lambda item: account_sort_key(item[0]))]
