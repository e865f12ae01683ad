"""Certificate numbers: ``LATIH_CERT_NUMBER_FORMAT`` (default ``{seq:04d}/PLT-PLJ/{year}``) is a Python format
string with the fields ``seq`` (the sequence of the institution's year), ``year`` and ``month``; or a mapping
{institution: format} with ``"*"`` for the others. Checked when the app starts (``check``): a scheme without
``{seq}``, with another field, with attribute or index access, or that does not format, refuses to start."""
import string

DEFAULT_FORMAT = "{seq:04d}/PLT-PLJ/{year}"
FIELDS = frozenset({"seq", "year", "month"})
MAX_NUMBER = 120  # the column's length


class NumberFormatError(ValueError):
    pass


def _check_one(scheme):
    if not isinstance(scheme, str) or not scheme.strip():
        raise NumberFormatError("the scheme is empty")
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(scheme) if name is not None]
    except ValueError as exc:
        raise NumberFormatError(f"it is not a format string ({exc})") from exc
    for name in names:
        if name not in FIELDS:
            raise NumberFormatError(f"{{{name}}} is not one of {{seq}}, {{year}}, {{month}}")
    if "seq" not in names:
        raise NumberFormatError("it has no {seq}: two certificates would get the same number")
    try:
        sample = scheme.format(seq=9999, year=2026, month=12)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise NumberFormatError(f"it does not format ({exc})") from exc
    if len(sample) > MAX_NUMBER:
        raise NumberFormatError(f"a number would be longer than {MAX_NUMBER} characters")


def check(setting):
    """Raise NumberFormatError when ``setting`` (a string or a mapping institution → string) cannot number."""
    if isinstance(setting, dict):
        if not setting:
            raise NumberFormatError("the mapping is empty")
        for institution, scheme in setting.items():
            try:
                _check_one(scheme)
            except NumberFormatError as exc:
                raise NumberFormatError(f"{institution!r}: {exc}") from exc
        return
    _check_one(setting)


def scheme_for(setting, institution):
    if isinstance(setting, dict):
        return setting.get(institution) or setting.get("*") or DEFAULT_FORMAT
    return setting or DEFAULT_FORMAT


def format_number(setting, institution, seq, year, month):
    """The certificate number of ``seq`` in ``year`` at ``institution``."""
    return scheme_for(setting, institution).format(seq=seq, year=year, month=month)
