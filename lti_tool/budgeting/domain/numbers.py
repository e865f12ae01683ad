"""Reading what people type, printing rupiah, and the texts of every message (Indonesian and English).

Numbers as people type them (``1.250.000``, ``Rp 1.250.000,50``, ``1,250,000.50``), text compared loosely
(case, width, spaces), and ``message(item, locale)`` for any Finding or InputError. Pure: standard library only.

Two number locales: ``id`` (dot thousands, comma decimals: the default) and ``en`` (comma thousands, point
decimals); any locale not starting with ``en`` is read as ``id``, and messages follow the same rule.

Decisions:
- Digits of any script (Arabic-Indic, full-width, Devanagari …) are read as the same digits; full-width
  punctuation and the minus sign ``−`` are folded to ASCII; spaces of every kind (NBSP, thin space) count as
  spaces; invisible format characters (zero-width space, BOM) are dropped. Other characters (``²``, ``½``,
  ``∞``, letters) make the text "not a number".
- ``Rp``, ``Rp.`` and ``IDR`` may prefix the number; a sign may stand before or after it. ``Rp 50.000,-`` (the
  Indonesian "no cents" dash) is read in the ``id`` locale.
- Exponents, ``NaN`` and ``Infinity`` are refused: Decimal would accept them, a budget never needs them.
- A lone separator followed by exactly three digits, with no thousands groups (``1,500`` in ``id``, ``1.500``
  in ``en``), is refused as ambiguous: it is the classic paste from the other convention, and reading it
  silently would be off by a factor of a thousand. The message offers both spellings (``1.500`` or ``1,5``;
  ``1,1250`` for a three-decimal volume), or only the thousands one when the decimal reading is not allowed.
- Anything beyond ``MAX_AMOUNT`` (10^15) is an absurd amount and refused.
"""
import functools
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, localcontext

MAX_AMOUNT = 10**15
MAX_TEXT = 64  # characters: far more than any number a person types

_ASCII_SIGNS = {"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-", "\ufe62": "+"}
_CURRENCY = re.compile(r"^([+-]?)\s*(?:rp\.?|idr)?\s*([+-]?)\s*(.*?)\s*$", re.IGNORECASE)
_EXAMPLE = {"id": "1.250.000,50", "en": "1,250,000.50"}


class InputError(ValueError):
    """A value a person entered (or an instructor loaded) that the domain refuses; ``code`` names its message."""

    def __init__(self, code, params=None):
        super().__init__(code)
        self.code = code
        self.params = dict(params or {})

    @property
    def message_code(self):
        return self.code


class NumberError(InputError):
    """Text that cannot be read as the number asked for."""


def number_locale(locale):
    """``en`` for locales starting with ``en`` (``en``, ``en_US``, ``en-GB``), otherwise ``id``."""
    return "en" if str(locale or "").lower().startswith("en") else "id"


@functools.lru_cache(maxsize=4096)
def _fold_char(ch):
    if ch.isdecimal():
        digit = unicodedata.decimal(ch, None)
        return ch if digit is None else str(digit)
    if ch.isspace():
        return " "
    if ch in _ASCII_SIGNS:
        return _ASCII_SIGNS[ch]
    if unicodedata.category(ch) == "Cf":
        return ""
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) == 1 and folded.isascii() and (folded.isalpha() or folded in ".,+-"):
        return folded
    return ch


# For ASCII text (nearly every number typed) folding only turns ASCII whitespace into spaces.
_ASCII_SPACES = str.maketrans({ch: " " for ch in map(chr, range(128)) if ch.isspace()})


def fold_digits(text):
    """``text`` with digits of every script as ASCII digits and look-alike punctuation as ASCII."""
    if text.isascii():
        return text.translate(_ASCII_SPACES)
    return "".join(_fold_char(ch) for ch in text)


def _patterns(locale):
    group, point = (",", ".") if locale == "en" else (".", ",")
    g, p = re.escape(group), re.escape(point)
    return re.compile(rf"(?:[1-9]\d{{0,2}}(?:{g}\d{{3}})+|\d+)(?:{p}(\d+))?"), group, point


_GRAMMAR = {loc: _patterns(loc) for loc in ("id", "en")}


def parse_number(text, locale="id", *, max_decimals=2, allow_negative=False, allow_zero=True, limit=MAX_AMOUNT):
    """The Decimal written in ``text``, or NumberError with a message code; never any other exception.

    Codes: ``empty``, ``too_long``, ``not_a_number``, ``malformed``, ``ambiguous``, ``wrong_separator``,
    ``too_many_decimals``, ``negative``, ``zero``, ``too_large``. Trailing zeros after the decimal separator do
    not count as decimals.
    """
    locale = number_locale(locale)
    raw = "" if text is None else str(text)
    shown = raw.strip()[:MAX_TEXT]
    if len(raw) > MAX_TEXT:
        raise NumberError("too_long", {"max": MAX_TEXT})
    match = _CURRENCY.match(fold_digits(raw))
    sign1, sign2, body = match.groups()
    if not body and not sign1 and not sign2:
        raise NumberError("empty")
    if locale == "id" and body.endswith(",-"):
        body = body[:-2]
    params = {"text": shown, "example": _EXAMPLE[locale]}
    if not body or not re.fullmatch(r"[0-9., ]+", body):
        raise NumberError("not_a_number", params)
    grammar, group, point = _GRAMMAR[locale]
    if (sign1 and sign2) or not grammar.fullmatch(body):
        raise NumberError("malformed", params)
    whole, _, fraction = body.partition(point)
    whole = whole.replace(group, "")
    decimals = len(fraction.rstrip("0"))
    if group not in body and len(fraction) == 3 and whole != "0" and len(whole) <= 3:
        thousands = f"{whole}{group}{fraction}"
        if decimals > max_decimals:
            raise NumberError("wrong_separator", {**params, "thousands": thousands})
        decimal = f"{whole}{point}{fraction.rstrip('0') or '0'}" if decimals < 3 else f"{whole}{point}{fraction}0"
        raise NumberError("ambiguous", {**params, "thousands": thousands, "decimal": decimal})
    if decimals > max_decimals:
        raise NumberError("too_many_decimals", {**params, "max": max_decimals})
    value = Decimal(f"{whole}.{fraction}" if fraction else whole)
    if "-" in (sign1, sign2) and value:
        if not allow_negative:
            raise NumberError("negative", params)
        value = -value
    if not value and not allow_zero:
        raise NumberError("zero", params)
    if abs(value) > limit:
        raise NumberError("too_large", {**params, "limit": limit})
    return value


def _swap(text, locale):
    return text.translate(str.maketrans(",.", ".,")) if locale == "id" else text


def format_decimal(value, locale="id"):
    """``Decimal('1500.50')`` → ``1.500,5`` (id) or ``1,500.5`` (en): thousands grouped, no trailing zeros."""
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    text = format(value, ",f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return _swap(text, number_locale(locale))


def format_rupiah(amount, locale="id"):
    """``1250000`` → ``Rp 1.250.000``; ``-1250000`` → ``-Rp 1.250.000``; a Decimal with cents keeps two decimals.

    Amounts are integer rupiah (or Decimal unit prices); a float is refused (money is never a float).
    """
    if isinstance(amount, bool) or not isinstance(amount, int | Decimal):
        raise TypeError(f"rupiah must be int or Decimal, not {type(amount).__name__}")
    amount = Decimal(amount)
    if not amount.is_finite():
        raise ValueError(f"not a finite amount: {amount}")
    if amount == amount.to_integral_value():
        text = f"{int(abs(amount)):,}"
    else:
        with localcontext(prec=200):
            text = format(abs(amount).quantize(Decimal("0.01"), ROUND_HALF_UP), ",f")
    return f"{'-' if amount < 0 else ''}Rp {_swap(text, number_locale(locale))}"


def normalise_text(text):
    """Text compared case- and width-insensitively: NFKC, casefolded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


def is_blank(text):
    """True when ``text`` has nothing visible (only spaces, controls, zero-width characters)."""
    return all(unicodedata.category(ch)[0] in "ZC" for ch in str(text or ""))


_UNIT_ALIASES = {"orang×hari": "oh", "orang×jam": "oj", "orang×kali": "ok", "orang×bulan": "ob"}
_UNIT_SPLIT = re.compile(r"[\s×✕*\-]+|\bx\b")


def unit_key(text):
    """A satuan for comparison: ``OH``, ``orang × hari``, ``Orang-Hari`` and ``orang x hari`` all give ``oh``."""
    key = "×".join(part for part in _UNIT_SPLIT.split(normalise_text(text)) if part)
    return _UNIT_ALIASES.get(key, key)


def keyword_pattern(keywords):
    """One regex finding any of ``keywords`` as whole words in normalise_text output; None without keywords."""
    words = sorted({normalise_text(k) for k in keywords if not is_blank(k)} - {""}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)") if words else None


MESSAGES = {  # code → (Indonesian, English); params are formatted by message()
    # reading numbers
    "empty": ("Isian masih kosong; masukkan angka.", "The field is empty; enter a number."),
    "too_long": ("Isian terlalu panjang untuk sebuah angka (paling banyak {max} karakter).",
                 "This is too long to be a number (at most {max} characters)."),
    "not_a_number": ("“{text}” bukan angka. Tulis angka seperti {example}.",
                     "“{text}” is not a number. Write a number like {example}."),
    "malformed": ("“{text}” tidak dapat dibaca sebagai angka. Tulis seperti {example}.",
                  "“{text}” cannot be read as a number. Write it like {example}."),
    "ambiguous": ("“{text}” bisa dibaca dua cara: tulis {thousands} jika maksudnya ribuan, atau {decimal} jika "
                  "maksudnya pecahan desimal.",
                  "“{text}” can be read two ways: write {thousands} if you mean thousands, or {decimal} if you "
                  "mean a decimal fraction."),
    "wrong_separator": ("“{text}” tampaknya angka ribuan dengan pemisah yang keliru; tulis {thousands}.",
                        "“{text}” looks like thousands written the other way; write {thousands}."),
    "too_many_decimals": ("“{text}” memiliki terlalu banyak angka desimal; paling banyak {max} angka di belakang "
                          "koma.", "“{text}” has too many decimals; use at most {max} decimal places."),
    "negative": ("“{text}” negatif; angka ini tidak boleh negatif.", "“{text}” is negative; this cannot be negative."),
    "zero": ("Angka ini harus lebih dari nol.", "This number must be greater than zero."),
    "too_large": ("“{text}” di luar batas wajar (paling besar {limit}).",
                  "“{text}” is beyond the plausible limit (at most {limit})."),
    # domain objects (domain.py)
    "volume_not_positive": ("Volume harus lebih dari nol.", "A volume must be greater than zero."),
    "volume_out_of_range": ("Volume paling besar {limit}, dengan paling banyak {max} angka desimal.",
                            "A volume can be at most {limit}, with at most {max} decimals."),
    "price_negative": ("Harga satuan tidak boleh negatif.", "The unit price cannot be negative."),
    "price_out_of_range": ("Harga satuan paling besar Rp {limit}, dengan paling banyak {max} angka desimal.",
                           "The unit price can be at most Rp {limit}, with at most {max} decimals."),
    "factor_count": ("Koefisien terdiri dari 1 sampai {max} faktor, misalnya 30 orang × 2 hari.",
                     "A koefisien has 1 to {max} factors, for example 30 orang × 2 hari."),
    "factor_unit_empty": ("Setiap volume perlu satuan, misalnya 30 orang.", "Each volume needs a unit, e.g. 30 orang."),
    "factor_malformed": ("“{text}” harus berupa angka diikuti satuan, misalnya 30 orang.",
                         "“{text}” must be a number followed by a unit, e.g. 30 orang."),
    "reference_invalid": ("Standar harga {code}: harga (paling besar Rp 10^15) dan toleransi (paling besar 1000%) "
                          "harus angka yang tidak negatif.", "Reference price {code}: the price (at most Rp 10^15) "
                          "and the tolerance (at most 1000%) must be non-negative numbers."),
    "required_invalid": ("Komponen wajib {item}: volume minimum dan maksimum harus angka yang tidak negatif.",
                         "Required component {item}: the minimum and maximum volumes must be non-negative numbers."),
    "ppn_rate_invalid": ("Tarif PPN harus antara 0 dan 1 (misalnya 0,11).",
                         "The PPN rate must be between 0 and 1 (e.g. 0.11)."),
    "ceiling_invalid": ("Pagu harus rupiah bulat antara 0 dan Rp {limit}.",
                        "The ceiling must be whole rupiah between 0 and Rp {limit}."),
    "weight_invalid": ("Bobot dan potongan nilai harus angka yang tidak negatif.",
                       "Weights and deductions must be non-negative numbers."),
    # checks (domain_checks.py)
    "no_lines": ("Anggaran belum memiliki baris belanja.", "The budget has no lines yet."),
    "too_many_lines": ("Anggaran berisi {count} baris, padahal paling banyak {max} baris; baris tidak diperiksa.",
                       "The budget has {count} lines but at most {max} are allowed; the lines were not checked."),
    "amount_mismatch": ("Jumlah tertulis {claimed}, padahal koefisien × harga satuan (+PPN) = {expected}.",
                        "The amount reads {claimed}, but koefisien × unit price (+PPN) = {expected}."),
    "amount_absurd": ("Jumlah baris ini {amount} melebihi batas wajar Rp {limit}; periksa volume dan harga.",
                      "This line's amount, {amount}, is beyond the plausible Rp {limit}; check volumes and price."),
    "subtotal_mismatch": ("Subtotal rekening {account} tertulis {claimed}, seharusnya {expected}.",
                          "The subtotal of account {account} reads {claimed}; it should be {expected}."),
    "total_mismatch": ("Total tertulis {claimed}, seharusnya {expected}.",
                       "The total reads {claimed}; it should be {expected}."),
    "total_absurd": ("Total anggaran {amount} melebihi batas wajar Rp {limit}.",
                     "The budget total, {amount}, is beyond the plausible Rp {limit}."),
    "over_ceiling": ("Total anggaran {total} melebihi pagu {ceiling} sebesar {excess}.",
                     "The total of {total} is over the ceiling of {ceiling} by {excess}."),
    "account_empty": ("Kode rekening belum diisi.", "The account code is empty."),
    "account_unknown": ("Kode rekening {account} tidak ada dalam daftar rekening.",
                        "Account {account} is not in the list of accounts."),
    "account_not_allowed": ("Rekening {account} tidak boleh digunakan dalam latihan ini.",
                            "Account {account} may not be used in this exercise."),
    "account_not_for_item": ("{item} tidak dapat dibebankan ke rekening {account}; gunakan {accounts}.",
                             "{item} cannot be charged to account {account}; use {accounts}."),
    "reference_unknown": ("Kode standar harga {code} tidak ditemukan, sehingga harga dan satuan baris ini tidak dapat "
                          "diperiksa.", "Reference price {code} was not found, so this line's price and unit cannot "
                          "be checked."),
    "reference_by_name": ("{item} ada dalam daftar standar harga dengan kode {code}; isi kode itu. Harga dan satuan "
                          "baris ini diperiksa terhadap {code}.", "{item} is in the reference price list as {code}; "
                          "fill in that code. This line's price and unit are checked against {code}."),
    "reference_ambiguous": ("{item} ada beberapa kali dalam daftar standar harga ({codes}); isi kode yang sesuai "
                            "agar harga dan satuannya dapat diperiksa.", "{item} is in the reference price list more "
                            "than once ({codes}); fill in the matching code so its price and unit can be checked."),
    "reference_none": ("{item} tidak ada dalam daftar standar harga, sehingga harganya tidak dapat dibandingkan "
                       "dengan standar.", "{item} is not in the reference price list, so its price cannot be "
                       "compared with a standard."),
    "price_above_ceiling": ("Harga satuan {price} melebihi batas tertinggi {reference} untuk {item}.",
                            "The unit price {price} is above the maximum of {reference} for {item}."),
    "price_outside_tolerance": ("Harga satuan {price} di luar rentang {low} – {high} (perkiraan {reference} ± "
                                "{tolerance}%) untuk {item}; jelaskan alasannya pada spesifikasi.",
                                "The unit price {price} is outside {low} – {high} (estimate {reference} ± "
                                "{tolerance}%) for {item}; explain why in the specification."),
    "unit_mismatch": ("Satuan {unit} tidak sesuai dengan satuan standar {expected} untuk {item}.",
                      "The unit {unit} does not match the reference unit {expected} for {item}."),
    "required_missing": ("Komponen wajib {item} belum dianggarkan.", "The required component {item} is missing."),
    "required_volume_low": ("Volume {item} seluruhnya {volume}, kurang dari minimum {min}.",
                            "{item} has a total volume of {volume}, below the minimum of {min}."),
    "required_volume_high": ("Volume {item} seluruhnya {volume}, melebihi maksimum {max}.",
                             "{item} has a total volume of {volume}, above the maximum of {max}."),
    "forbidden_item": ("{item} tidak boleh dianggarkan dalam latihan ini.",
                       "{item} may not be budgeted in this exercise."),
    "duplicate_line": ("Baris ini sama dengan baris {first_line} (rekening, komponen, dan spesifikasinya sama).",
                       "This line repeats line {first_line} (same account, component and specification)."),
    "header_empty": ("{field} pada kepala formulir belum diisi.", "The header field {field} is empty."),
    "indicator_missing": ("Indikator {kind} belum diisi.", "The {kind} indicator is missing."),
    "indicator_empty": ("Tolok ukur dan target indikator {kind} harus diisi.",
                        "The {kind} indicator needs both a measure and a target."),
    "component_empty": ("Uraian komponen belum diisi.", "The component is empty."),
}
HEADER_LABELS = {
    "urusan": ("Urusan", "Government affair"), "program": ("Program", "Programme"),
    "kegiatan": ("Kegiatan", "Activity"), "sub_kegiatan": ("Sub Kegiatan", "Sub-activity"),
    "organisasi": ("Organisasi/Unit", "Organisation/unit"), "sumber_dana": ("Sumber Dana", "Source of funds"),
    "lokasi": ("Lokasi", "Location"), "waktu_pelaksanaan": ("Waktu Pelaksanaan", "Timing"),
    "kelompok_sasaran": ("Kelompok Sasaran", "Target group"),
}
INDICATOR_LABELS = {
    "capaian": ("Capaian Program", "programme achievement"), "masukan": ("Masukan", "input"),
    "keluaran": ("Keluaran", "output"), "hasil": ("Hasil", "outcome"),
}

_MONEY = {"claimed", "expected", "amount", "total", "ceiling", "excess", "price", "reference", "low", "high"}


def _shown(key, value, locale):
    index = 1 if locale == "en" else 0
    if key == "field":
        return HEADER_LABELS.get(value, (value, value))[index]
    if key == "kind" and value in INDICATOR_LABELS:
        return INDICATOR_LABELS[value][index]
    if key in _MONEY and isinstance(value, int | Decimal) and not isinstance(value, bool):
        return format_rupiah(value, locale)
    if isinstance(value, int | Decimal) and not isinstance(value, bool) and key != "first_line":
        return format_decimal(value, locale)
    return value


def message(item, locale="id"):
    """The text of a Finding or an InputError/NumberError in ``locale`` (``id`` by default, or ``en``)."""
    locale = number_locale(locale)
    texts = MESSAGES.get(item.message_code)
    if texts is None:
        return item.message_code
    params = _Params((key, _shown(key, value, locale)) for key, value in item.params.items())
    return texts[1 if locale == "en" else 0].format_map(params)


class _Params(dict):
    def __missing__(self, key):
        return "?"
