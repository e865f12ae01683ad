"""The printed fields of a certificate, as text: the NIP masked for the public page, dates the Indonesian way, JP,
and the template's placeholders filled in (plain names only: no attribute or index access from a template)."""
import string
from decimal import Decimal

MISSING = "—"
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
PLACEHOLDERS = frozenset({
    "institution", "training", "dates", "place", "jp", "number", "name", "nip", "rank", "position", "result",
    "signatory_name", "signatory_title", "issued_on", "verify_url", "code",
})


def mask_nip(nip):
    """``198703152010121004`` → ``1987**********1004``: the first and last four digits of a long NIP, two of a
    short one, nothing of a very short one; ``—`` when there is none."""
    nip = (nip or "").strip()
    if not nip:
        return MISSING
    keep = 4 if len(nip) >= 12 else 2 if len(nip) >= 6 else 0
    if not keep:
        return "*" * len(nip)
    return nip[:keep] + "*" * (len(nip) - 2 * keep) + nip[-keep:]


def indonesian_date(day):
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else ""


def date_range(start, end):
    """``3–7 Maret 2026``, ``28 Februari – 3 Maret 2026``, ``30 Desember 2025 – 2 Januari 2026``, one day, or ""."""
    start, end = start or end, end or start
    if start is None:
        return ""
    if end < start:
        start, end = end, start
    if start == end:
        return indonesian_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {MONTHS[end.month - 1]} {end.year}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} – {indonesian_date(end)}"
    return f"{indonesian_date(start)} – {indonesian_date(end)}"


def display_jp(value):
    if value is None:
        return ""
    text = f"{Decimal(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def placeholders_of(text):
    """The placeholder names a template text uses; ValueError for a malformed one or an unknown name."""
    names = []
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            raise ValueError(f"{{{name}}} is not a placeholder of certificates (known: "
                             f"{', '.join(sorted(PLACEHOLDERS))})")
        if spec or conversion:
            raise ValueError(f"{{{name}}}: no format specification or conversion")
        names.append(name)
    return names


def fill(text, values):
    """``text`` with each ``{name}`` replaced by its value ("" when the value is missing); ``{{``/``}}`` stay
    literal braces."""
    out = []
    for literal, name, _, _ in string.Formatter().parse(text):
        out.append(literal)
        if name is not None:
            value = values.get(name)
            out.append("" if value is None else str(value))
    return "".join(out)


def values_of(cert, verify_url):
    """The placeholders' values of a certificate (its snapshot), as text."""
    return {
        "institution": cert.institution, "training": cert.training_name,
        "dates": date_range(cert.started_on, cert.ended_on) or MISSING, "place": cert.place or MISSING,
        "jp": display_jp(cert.jp) or MISSING, "number": cert.number, "name": cert.name,
        "nip": cert.nip or MISSING, "rank": cert.rank or "", "position": cert.position or "",
        "result": cert.result, "signatory_name": cert.signatory_name, "signatory_title": cert.signatory_title,
        "issued_on": indonesian_date(cert.issued_on), "verify_url": verify_url, "code": cert.code,
    }
