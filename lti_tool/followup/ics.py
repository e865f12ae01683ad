"""A session as an iCalendar file (RFC 5545) to add it to a calendar: CRLF line ends, TEXT values escaped
(backslash, ``;``, ``,`` and newlines), lines folded at 75 octets (never inside a UTF-8 character), a stable UID,
DTSTAMP, DTSTART/DTEND in UTC. Pure: no Flask, no database."""
from dataclasses import dataclass
from datetime import datetime

CRLF = "\r\n"
LIMIT = 75  # octets per line, CRLF excluded


@dataclass(frozen=True)
class Event:
    uid: str
    starts_at: datetime  # naive UTC
    ends_at: datetime
    summary: str
    location: str = ""
    url: str = ""
    description: str = ""


def escape(text):
    """A TEXT value: ``\\`` ``;`` ``,`` escaped, newlines as ``\\n`` (CR dropped)."""
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line):
    """Split a content line into lines of at most 75 octets; each continuation starts with one space."""
    parts, current, size, limit = [], [], 0, LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LIMIT - 1  # the leading space counts
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def stamp(moment):
    """A naive-UTC datetime as a UTC DATE-TIME (``20261206T013000Z``)."""
    return moment.strftime("%Y%m%dT%H%M%SZ")


def calendar(event, now):
    """The whole file (str; encode as UTF-8) for one event; ``now``: DTSTAMP (naive UTC)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Latih//Sesi tindak lanjut//ID", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{stamp(now)}",
             f"DTSTART:{stamp(event.starts_at)}", f"DTEND:{stamp(event.ends_at)}",
             f"SUMMARY:{escape(event.summary)}"]
    if event.location:
        lines.append(f"LOCATION:{escape(event.location)}")
    if event.url:
        lines.append(f"URL:{event.url}")  # a URI value: not escaped as TEXT
    if event.description:
        lines.append(f"DESCRIPTION:{escape(event.description)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + CRLF for line in lines)
