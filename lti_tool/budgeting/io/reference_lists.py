"""Import of the account-code list and the reference price list (SSH/SBU) from CSV or XLSX.

Pure: standard library and openpyxl only. A file that cannot be read as a table is refused whole (ImportFailed,
from ``tables``); otherwise every row is checked and every reason a row is rejected is reported (RowError: the row
number as the user sees it in the file, a message code, params). Nothing is half-imported: ``items`` is empty
unless no row was rejected.

Decisions:
- Numeric XLSX cells arrive as Decimal (``tables``); CSV cells are text read with the domain's ``parse_number`` in
  the import's locale (``1.250.000`` in ``id``).
- An account code is 1 to 6 dot-separated groups of ASCII digits (``5.1.02``, ``5.1.02.01.01.0024``): the list
  may hold headings, letters are refused.
- A blank mode means ``estimate``; a blank tolerance means 10 % for an estimate and 0 for a ceiling; a blank
  "includes PPN" means "as the exercise states" (None). Price codes are compared case-insensitively.
- The optional tax column (``pajak``) names the item's tax treatment: ``ppn`` (PPN at the exercise's rate),
  ``non_ppn`` (not a PPN object: honoraria, daily allowances; income tax is withheld) or ``pbjt`` (regional tax
  included in the price: meals, catering, hotel services), with Indonesian and English aliases. A blank cell or a
  list without the column means ``ppn``: nothing is guessed from the account or the name, so an instructor whose
  list has no such column sees every item as a PPN object and marks the others in the file.
"""
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, TypeVar

from ..domain.budget import MAX_PRICE_DECIMALS
from ..domain.numbers import MAX_AMOUNT, InputError, NumberError, normalise_text, parse_number
from ..domain.rules import Account, PriceMode, ReferencePrice, TaxTreatment
from .tables import check_header, read_table

MAX_TEXT = {"code": 64, "name": 500, "specification": 1000, "unit": 40}
DEFAULT_TOLERANCE = Decimal(10)
ACCOUNT_CODE = re.compile(r"\d+(?:\.\d+){0,5}")

_MODE_KEY = {**dict.fromkeys("ceiling|batas|batas atas|batas tertinggi|plafon|plafond|pagu|maksimum|maximum|max|"
                             "tertinggi".split("|"), PriceMode.CEILING),
             **dict.fromkeys("estimate|perkiraan|estimasi|taksiran|kisaran".split("|"), PriceMode.ESTIMATE)}
_FLAGS = {**dict.fromkeys("ya|y|yes|1|true|benar|termasuk".split("|"), True),
          **dict.fromkeys("tidak|t|n|no|0|false|salah".split("|"), False)}
_TAX_KEY = {**dict.fromkeys("ppn|ppn 11|ppn 11%|ppn 12%|ppn 12|objek ppn|vat".split("|"), TaxTreatment.PPN),
            **dict.fromkeys("non_ppn|non ppn|non-ppn|nonppn|bukan ppn|bukan objek ppn|tidak kena ppn|tanpa ppn|"
                            "pph|pph 21|pph21|not a ppn object|no ppn|none".split("|"), TaxTreatment.NON_PPN),
            **dict.fromkeys("pbjt|pajak daerah|pajak restoran|pajak hotel|pb1|regional tax|regional tax included|"
                            "pbjt termasuk|termasuk pbjt".split("|"), TaxTreatment.PBJT)}
_LIST_SPLIT = re.compile(r"[;,\s]+")


@dataclass(frozen=True)
class RowError:
    row: int
    code: str
    params: dict = field(default_factory=dict)


T = TypeVar("T")


@dataclass(frozen=True)
class ImportReport(Generic[T]):
    """``items`` only when no row was rejected; ``sha256`` of the file identifies a version of the list."""

    items: tuple = ()
    rejected: tuple = ()
    rows: int = 0
    sha256: str = ""

    @property
    def ok(self):
        return not self.rejected


def _text(value):
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value).strip()


def _check_rows(table, data, check_row):
    """Run ``check_row(number, row, reject) -> item`` over the table; an item counts only if nothing was rejected."""
    items, rejected = [], []
    for number, row in table:
        found = []

        def reject(code, params=None, _found=found, _number=number):
            _found.append(RowError(_number, code, dict(params or {})))

        item = check_row(number, row, reject)
        rejected += found
        if not found:
            items.append(item)
    return ImportReport(() if rejected else tuple(items), tuple(rejected), len(table), hashlib.sha256(data).hexdigest())


def _texts(row, keys, reject):
    values = {key: _text(row.get(key, "")) for key in keys}
    for key, value in values.items():
        if len(value) > MAX_TEXT[key]:
            reject("text_too_long", {"column": key, "max": MAX_TEXT[key]})
        elif not value and key != "specification":
            reject(f"{key}_empty")
    return values


def _unique(number, code, key, seen, reject):
    if key in seen:
        reject("code_duplicate", {"code": code, "first_row": seen[key]})
    seen.setdefault(key, number)


def import_accounts(filename, data):
    """ImportReport[Account]. The usual header ``Kode Rekening | Uraian`` is accepted too."""
    seen, code_key = {}, "code"

    def check_row(number, row, reject):
        values = _texts({**row, "code": row.get(code_key, "")}, ("code", "name"), reject)
        if values["code"] and not ACCOUNT_CODE.fullmatch(values["code"]):
            reject("account_code_invalid", {"code": values["code"][:40]})
        elif values["code"]:
            _unique(number, values["code"], values["code"], seen, reject)
        return Account(values["code"], values["name"])

    table = read_table(filename, data)
    if "code" not in table[0][1] and "accounts" in table[0][1]:  # "Kode Rekening" names an account list's codes
        code_key = "accounts"
    check_header(["code" if key == code_key else key for key in table[0][1]], ("code", "name"))
    return _check_rows(table, data, check_row)


def import_prices(filename, data, locale="id", known_accounts=None):
    """ImportReport[ReferencePrice]; when ``known_accounts`` (codes) is given, every allowed account must be in it."""
    known = None if known_accounts is None else {str(code).strip() for code in known_accounts}
    seen = {}

    def check_row(number, row, reject):
        values = _texts(row, ("code", "name", "specification", "unit"), reject)
        if values["code"]:
            _unique(number, values["code"], values["code"].casefold(), seen, reject)
        parsed = {}
        for key, parse in (("price", _price), ("mode", _mode), ("tolerance", _tolerance),
                           ("accounts", _accounts), ("includes_ppn", _flag), ("tax", _tax)):
            try:
                parsed[key] = parse(row.get(key, ""), locale=locale, known=known, mode=parsed.get("mode"))
            except InputError as err:
                reject(err.code, err.params)
        if len(parsed) < 6:
            return None
        return ReferencePrice(code=values["code"], name=values["name"], specification=values["specification"],
                              unit=values["unit"], price=parsed["price"], mode=parsed["mode"],
                              tolerance_pct=parsed["tolerance"], accounts=parsed["accounts"],
                              includes_ppn=parsed["includes_ppn"], tax=parsed["tax"])

    return _check_rows(read_table(filename, data, ("code", "name", "unit", "price")), data, check_row)


_PRICE_CODES = {"empty": "price_empty", "negative": "price_not_positive", "zero": "price_not_positive",
                "too_large": "price_too_large", "ambiguous": "price_ambiguous",
                "too_many_decimals": "price_too_many_decimals"}


def _price(value, locale, **_):
    params = {"text": _text(value)[:40]}
    try:
        if not isinstance(value, Decimal):
            return parse_number(value, locale, max_decimals=MAX_PRICE_DECIMALS, allow_zero=False)
        if value <= 0:  # a numeric XLSX cell gets the same checks as typed text
            raise NumberError("zero", params)
        if value > MAX_AMOUNT:
            raise NumberError("too_large", {**params, "limit": MAX_AMOUNT})
        if -min(0, value.normalize().as_tuple().exponent) > MAX_PRICE_DECIMALS:
            raise NumberError("too_many_decimals", {**params, "max": MAX_PRICE_DECIMALS})
        return value
    except NumberError as err:
        raise InputError(_PRICE_CODES.get(err.code, "price_not_number"), {**err.params, **params}) from err


def _mode(value, **_):
    text = normalise_text(_text(value)).strip(" ±%0123456789")  # "perkiraan ±10%" names the mode too
    if text and text not in _MODE_KEY:
        raise InputError("mode_unknown", {"text": _text(value)[:40]})
    return _MODE_KEY.get(text, PriceMode.ESTIMATE)


def _tolerance(value, mode, **_):
    text = _text(value).rstrip("% ")
    if not text:
        return Decimal(0) if mode == PriceMode.CEILING else DEFAULT_TOLERANCE
    tolerance = value if isinstance(value, Decimal) else _percentage(text)
    if tolerance is None:
        raise InputError("tolerance_not_number", {"text": text[:40]})
    if not 0 <= tolerance <= 100:
        raise InputError("tolerance_out_of_range", {"text": text[:40]})
    return tolerance


def _percentage(text):
    for locale in ("id", "en"):  # "7,5" or "7.5": a percentage never has thousands
        try:
            return parse_number(text, locale, max_decimals=2, allow_negative=True)
        except NumberError:
            pass
    return None


def _accounts(value, known, **_):
    codes = [code for code in _LIST_SPLIT.split(_text(value)) if code]
    for code in codes:
        if not ACCOUNT_CODE.fullmatch(code):
            raise InputError("account_code_invalid", {"code": code[:40]})
        if known is not None and code not in known:
            raise InputError("account_unknown", {"code": code})
    return frozenset(codes)


def _flag(value, **_):
    text = normalise_text(_text(value))
    if text and text not in _FLAGS:
        raise InputError("ppn_flag_invalid", {"text": _text(value)[:40]})
    return _FLAGS.get(text)


def _tax(value, **_):
    text = normalise_text(_text(value))
    if not text:
        return TaxTreatment.PPN
    if text not in _TAX_KEY:
        raise InputError("tax_unknown", {"text": _text(value)[:40]})
    return _TAX_KEY[text]
