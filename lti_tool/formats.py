"""Dates, numbers and money in the reader's language: one style per language, through Babel.

Indonesian: ``1 Des 2026, 18.36 WIB``, ``1.250.000``, ``12,5``, ``Rp1.250.000``; English: ``1 Dec 2026, 18:36 WIB``,
``1,250,000``. Templates use the filters registered by ``init_app``: ``|datetime``, ``|date``, ``|time``,
``|number``, ``|rupiah``. XLSX exports use ``XLSX_*`` number formats so that cells stay numbers.
"""
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation, localcontext

from babel import dates, numbers
from flask_babel import get_locale

from . import clock

_DATETIME = {"id": "d MMM y, HH.mm", "en": "d MMM y, HH:mm"}
_DATE = {"id": "d MMM y", "en": "d MMM y"}
_DATE_LONG = {"id": "d MMMM y", "en": "d MMMM y"}
_TIME = {"id": "HH.mm", "en": "HH:mm"}

# Excel number formats; Excel shows the separators of the reader's own system settings.
XLSX_INTEGER = "#,##0"
XLSX_DECIMAL = "#,##0.##"
XLSX_RUPIAH = '"Rp"#,##0'
XLSX_DATETIME = "dd/mm/yyyy hh:mm"


def language(locale=None):
    """``id`` or ``en`` for a locale (default: the current request's)."""
    locale = locale if locale is not None else (get_locale() or "id")
    return "en" if str(locale).lower().startswith("en") else "id"


def format_datetime(moment, locale=None, *, zone=True):
    """A stored (naive UTC) time in the configured zone: ``1 Des 2026, 18.36 WIB``."""
    if moment is None:
        return ""
    lang = language(locale)
    text = dates.format_datetime(clock.to_local(moment), _DATETIME[lang], locale=lang)
    return f"{text} {clock.zone_abbreviation()}" if zone else text


def format_date(moment, locale=None, *, long=False):
    if moment is None:
        return ""
    lang = language(locale)
    if hasattr(moment, "hour"):
        moment = clock.to_local(moment)
    return dates.format_date(moment, (_DATE_LONG if long else _DATE)[lang], locale=lang)


def format_time(moment, locale=None, *, zone=True):
    if moment is None:
        return ""
    lang = language(locale)
    text = dates.format_time(clock.to_local(moment), _TIME[lang], locale=lang)
    return f"{text} {clock.zone_abbreviation()}" if zone else text


_SEPARATORS = {"id": (".", ","), "en": (",", ".")}  # (group, decimal): Babel's for these two languages


def _plain_number(value, lang, places):
    """What Babel's ``format_decimal`` writes for a finite, non-negative Decimal in ``id``/``en`` (same rounding,
    half to even), in a fraction of its time: a 500-line budget's pages format thousands of numbers. None when
    the value is outside that (Babel then writes it)."""
    if value.is_signed() or not value.is_finite():
        return None
    try:
        if places is None:
            text = format(value.normalize(), "f")
        else:
            text = format(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN), "f")
    except InvalidOperation:
        return None
    whole, _, fraction = text.partition(".")
    group, point = _SEPARATORS[lang]
    whole = f"{int(whole):,}".replace(",", group)
    return f"{whole}{point}{fraction}" if fraction else whole


def format_number(value, locale=None, *, places=None):
    """``1.250.000`` / ``12,5`` in Indonesian, ``1,250,000`` / ``12.5`` in English; ``places`` fixes the decimals."""
    if value is None or value == "":
        return ""
    lang = language(locale)
    if type(value) is int and value >= 0 and not places:  # (most numbers shown: amounts are whole rupiah)
        return f"{value:,}".replace(",", _SEPARATORS[lang][0])
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    with localcontext(prec=max(28, value.adjusted() + 10)):  # an absurd 10^30 must still print, not raise
        plain = _plain_number(value, lang, places)
        if plain is not None:
            return plain
        if places is None:
            return numbers.format_decimal(value, format="#,##0.###", locale=lang, decimal_quantization=False)
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return numbers.format_decimal(value, format=pattern, locale=lang)


def format_rupiah(value, locale=None):
    """``Rp1.250.000`` (whole rupiah; sen shown only when there are any); a negative amount is ``-Rp4.000.000``."""
    if value is None or value == "":
        return ""
    if type(value) is int:  # whole rupiah, as every amount is: no Decimal needed
        return ("-" if value < 0 else "") + "Rp" + format_number(abs(value), locale)
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    places = 0 if value == value.to_integral_value() else 2
    if places == 0 and value.is_finite() and value.adjusted() < 28:  # a whole unit price, as most are
        return format_rupiah(int(value), locale)
    return ("-" if value < 0 else "") + "Rp" + format_number(abs(value), locale, places=places)


def format_percent(value, locale=None):
    """``11 %`` style written as Indonesians do: ``11%``, ``12,5%``: at most two decimals, no trailing zeros (a
    rate stored as ``0.1100`` or computed from a float ``0.07 × 100`` still reads ``11%``, ``7%``)."""
    if value is None or value == "":
        return ""
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    with localcontext(prec=max(28, value.adjusted() + 10)):
        value = value.quantize(Decimal("0.01")).normalize()
    return format_number(value if value.as_tuple().exponent <= 0 else value.quantize(Decimal(1)), locale) + "%"


def init_app(app):
    app.config.setdefault("LATIH_TIMEZONE", clock.DEFAULT_TIMEZONE)
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["LATIH_TIMEZONE"]
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_time, "time")
    app.add_template_filter(format_number, "number")
    app.add_template_filter(format_rupiah, "rupiah")
    app.add_template_filter(format_percent, "percent")
    app.add_template_global(clock.utcnow, "now")  # ``now()|datetime``: the time a page was made, in the zone
