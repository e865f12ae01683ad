"""Record ids that come from the browser (URL parts and form fields): a whole number an integer primary key can
hold, or nothing. Anything else — words, Unicode digits, ``-1``, 40 digits — would otherwise reach the database
and fail there (SQLite: OverflowError; PostgreSQL: "integer out of range") as a 500 instead of a 404."""
import re

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # PostgreSQL's integer
_DIGITS = re.compile(r"[0-9]{1,10}", re.ASCII)


def record_id(value):
    """``value`` as an id (1 … MAX_ID), else None."""
    text = str(value if value is not None else "").strip()
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


class IdConverter(IntegerConverter):
    """``<id:name>`` in a route: like ``<int:name>`` but ASCII digits only and 1 … MAX_ID (anything else is a
    404; werkzeug's ``<int:…>`` takes any script's digits)."""

    regex = r"[0-9]{1,10}"

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)


def init_app(app):
    app.url_map.converters["id"] = IdConverter
