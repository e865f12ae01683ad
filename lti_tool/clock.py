"""One clock and one time zone for the whole tool.

Times are stored as naive UTC (``utcnow()``); they are shown in the training centre's zone, configured by
``LATIH_TIMEZONE`` (``Asia/Jakarta`` = WIB by default; ``Asia/Makassar`` = WITA, ``Asia/Jayapura`` = WIT).
"""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Jakarta"
# Indonesians write the zone's abbreviation whatever the page's language.
ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def utcnow():
    """The current time as naive UTC, as every DateTime column stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def zone_name():
    from flask import current_app, has_app_context

    if has_app_context():
        return current_app.config.get("LATIH_TIMEZONE") or DEFAULT_TIMEZONE
    return DEFAULT_TIMEZONE


def zone():
    return ZoneInfo(zone_name())


def zone_abbreviation():
    name = zone_name()
    if name in ABBREVIATIONS:
        return ABBREVIATIONS[name]
    return datetime.now(ZoneInfo(name)).strftime("%Z")


def to_local(moment):
    """A stored naive-UTC (or aware) datetime in the configured zone (aware)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone())


def from_local(moment):
    """A naive datetime typed in the configured zone (a datetime-local field) as naive UTC for storage."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone())
    return moment.astimezone(UTC).replace(tzinfo=None)
