"""Units of work imported from a CSV (the regional HR agency's list): ``NIP;unit`` or ``NIP,unit`` per line, an
optional heading line, UTF-8 (with or without a byte-order mark) or Windows-1252 (Excel's "CSV" on Indonesian
Windows). ``read`` checks every row and says what is wrong with each bad one; the admin sees a preview (each NIP,
the unit it gets, the learners it names and their unit now) and confirms before ``apply`` overwrites the units.

A platform that sends the unit with every launch (``LATIH_UNIT_PARAM``) overwrites an imported unit at the next
launch of that learner: the platform is the fresher source."""
import csv
import io
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from ..extensions import db
from ..lti.models import LtiUser

MAX_ROWS = 50_000
MAX_NIP = 50
MAX_UNIT = 255


@dataclass
class Reading:
    pairs: list = field(default_factory=list)  # [(nip, unit)] of the good rows
    errors: list = field(default_factory=list)  # [(line number, message)]
    problem: str = ""  # the file as a whole cannot be read


def decode(data):
    """The text of the file: by its BOM, else UTF-8, else Windows-1252 (as charset-normalizer confirms); None when
    it is not text."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252"]).best()
    return None if best is None else str(best)


def _is_heading(cells):
    first = cells[0].strip().lower() if cells else ""
    return first in ("nip", "no", "nomor induk pegawai") or (first and not any(ch.isdigit() for ch in first))


def read(data):
    """A Reading of the uploaded bytes."""
    text = decode(data)
    if text is None or any(ch in text for ch in "\x00\x01\x02\x03\x04\x05\x06\x07\x08"):
        return Reading(problem=_("The file is not a text file (CSV). Save it from the spreadsheet as CSV."))
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    reading, seen = Reading(), {}
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if not reading.pairs and not reading.errors and not seen and _is_heading(cells):
            seen[None] = number  # the heading line
            continue
        if number > MAX_ROWS:
            reading.errors.append((number, _("Too many rows: at most %(n)s are read.", n=MAX_ROWS)))
            break
        message = _check(cells, seen)
        if message:
            reading.errors.append((number, message))
            continue
        nip, unit = cells[0].replace(" ", ""), " ".join(cells[1].split())
        seen[nip] = number
        reading.pairs.append((nip, unit))
    if not reading.pairs and not reading.errors:
        reading.problem = _("The file has no rows.")
    return reading


def _check(cells, seen):
    if len(cells) < 2 or any(cells[2:]):
        return _("Expected two columns, NIP and unit of work, separated by ; or ,.")
    nip, unit = cells[0].replace(" ", ""), cells[1]
    if not nip:
        return _("The NIP is missing.")
    if len(nip) > MAX_NIP or not nip.isalnum():
        return _("“%(nip)s” is not a NIP (digits, at most %(n)s characters).", nip=nip[:60], n=MAX_NIP)
    if not unit:
        return _("The unit of work is missing.")
    if len(unit) > MAX_UNIT:
        return _("The unit of work is longer than %(n)s characters.", n=MAX_UNIT)
    if nip in seen:
        return _("The NIP %(nip)s is on line %(line)s already.", nip=nip, line=seen[nip])
    return ""


@dataclass(frozen=True)
class PreviewRow:
    nip: str
    unit: str
    learners: int  # the users with this NIP
    current: str  # their units now, joined
    changes: bool


def preview(pairs):
    """[PreviewRow] per pair: who it names and whether their unit changes."""
    known = {}
    nips = [nip for nip, _unit in pairs]
    for start in range(0, len(nips), 1000):
        for nip, unit in db.session.execute(sa.select(LtiUser.nip, LtiUser.unit).where(
                LtiUser.nip.in_(nips[start:start + 1000]))).all():
            known.setdefault(nip, []).append(unit)
    rows = []
    for nip, unit in pairs:
        now = known.get(nip, [])
        rows.append(PreviewRow(nip, unit, len(now), ", ".join(sorted(set(u for u in now if u))),
                               any(u != unit for u in now)))
    return rows


def apply(pairs):
    """Overwrite the unit of every user with a NIP of ``pairs``; the number of users whose unit changed."""
    table = LtiUser.__table__
    changed = 0
    statement = table.update().where(table.c.nip == sa.bindparam("n")).values(unit=sa.bindparam("u"))
    for start in range(0, len(pairs), 1000):
        part = pairs[start:start + 1000]
        wanted = dict(part)
        changed += sum(1 for nip, unit in db.session.execute(sa.select(LtiUser.nip, LtiUser.unit).where(
            LtiUser.nip.in_(list(wanted)))).all() if unit != wanted[nip])
        db.session.execute(statement, [{"n": nip, "u": unit} for nip, unit in part])
    db.session.commit()
    return changed
