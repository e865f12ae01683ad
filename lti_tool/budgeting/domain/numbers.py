"""Reading what people type, printing numbers back for editing, and comparing text loosely.

Numbers as people type them (``1.250.000``, ``Rp 1.250.000,50``, ``1,250,000.50``) and text compared loosely
(case, width, spaces). Pure: standard library only. A value refused raises InputError (or NumberError) with a
message code and params; the texts of those codes are in ``labels.py``.

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
import re
import unicodedata
from decimal import Decimal

MAX_AMOUNT = 10**15
MAX_TEXT = 64  # characters: far more than any number a person types

_ASCII_SIGNS = {"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-", "\ufe62": "+"}
_CURRENCY = re.compile(r"^([+-]?)\s*(?:rp\.?|idr)?\s*([+-]?)\s*(.*?)\s*$", re.IGNORECASE)
_EXAMPLE = {"id": "1.250.000,50", "en": "1,250,000.50"}
_NUMBER_CHARS = re.compile(r"[0-9., ]+")


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


class _Folding(dict):
    """``str.translate``'s table of ``_fold_char``, filled as characters are met (at most ``_MAX_FOLDED`` kept, so
    text full of rare characters cannot grow it without bound); ASCII is in it from the start."""

    def __missing__(self, code):
        folded = _fold_char(chr(code))
        if len(self) < _MAX_FOLDED:
            self[code] = folded
        return folded


_MAX_FOLDED = 4096
_FOLDING = _Folding({code: _fold_char(chr(code)) for code in range(128)})


def fold_digits(text):
    """``text`` with digits of every script as ASCII digits and look-alike punctuation as ASCII (one
    ``str.translate``: a koefisien's ``×`` made this a loop over every character)."""
    return text.translate(_FOLDING)


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
    if not body or not _NUMBER_CHARS.fullmatch(body):
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


def normalise_text(text):
    """Text compared case- and width-insensitively: NFKC, casefolded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


def is_blank(text):
    """True when ``text`` has nothing visible (only spaces, controls, zero-width characters)."""
    text = str(text or "")
    if text.isprintable():  # (no separator or "other" character but the ASCII space: the usual text, at C speed)
        return not text.strip(" ")
    return all(unicodedata.category(ch)[0] in "ZC" for ch in text)


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


def prefix_pattern(name):
    """A regex finding ``name`` in normalise_text output as word beginnings, without stemming: each word of the name
    begins a word of the text, in order and consecutively ("makan" finds "makanan rapat", "makan siang" finds
    "makanan siang", neither finds "pemakaman"); None for a blank name."""
    words = normalise_text(name).split()
    if not words or is_blank(name):
        return None
    return re.compile(r"(?<!\w)" + r"\w*\W+".join(map(re.escape, words)))
