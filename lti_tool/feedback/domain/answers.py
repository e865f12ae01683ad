"""What a learner submitted, read against the form: the answer rows to store, the problems (required items left empty,
numbers out of range, texts too long …) and the answers discarded because their item's condition is not met.

Fields are named ``q<item id>`` (``q<item id>_p<person id>`` for a person rating); a multiple choice sends one value
per ticked option. Only the form's own items are read: a field naming any other item is ignored, and so are hidden
items. Answers become rows ``(item id, person, number, text)``: a scale point or a number in ``number``, a choice's
value, a date (ISO) or a text in ``text``, "not applicable" as the text ``na``; one row per ticked option.
"""
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from .items import (
    CHOICE_TYPES,
    NOT_APPLICABLE,
    SCALE_TYPES,
    TEXT_TYPES,
    Item,
    answer_values,
    decimal_or_none,
    shown,
    text_limit,
)

KEPT_CHARACTERS = 20_000  # of a typed value kept to show again (a text over its limit is refused, not cut)


@dataclass(frozen=True)
class AnswerRow:
    item_id: int
    person: int | None = None
    number: object = None  # Decimal or None
    text: str | None = None


@dataclass(frozen=True)
class Problem:
    item_id: int
    code: str  # required, not_an_option, not_a_number, below_min, above_max, not_a_date, too_long
    params: dict = field(default_factory=dict)
    person: int | None = None


@dataclass
class Reading:
    rows: list = field(default_factory=list)  # [AnswerRow]
    problems: list = field(default_factory=list)  # [Problem]
    discarded: list = field(default_factory=list)  # [item id]: answered, but the condition is not met
    typed: dict = field(default_factory=dict)  # {field name: [value, …]} to show again


def field_name(item_id, person=None):
    return f"q{item_id}" if person is None else f"q{item_id}_p{person}"


def _values(submitted, name):
    raw = submitted.get(name) or ()
    if isinstance(raw, str):
        raw = (raw,)
    return [str(v)[:KEPT_CHARACTERS] for v in raw if str(v).strip()]


def _fields(item, persons):
    return [field_name(item.id, p) for p in persons] if item.per_person else [field_name(item.id)]


def read(items: Sequence[Item], persons: Sequence[int], submitted: Mapping) -> Reading:
    """Read ``submitted`` ({field name: value or [values]}) against ``items`` (the form's) and ``persons`` (the ids of
    the persons rated)."""
    reading = Reading()
    raw = {}
    for item in items:
        if item.hidden or not item.answerable:
            continue
        for name in _fields(item, persons):
            values = _values(submitted, name)
            if values:
                raw[name] = values
    chosen = {item.id: {v.strip() for v in raw.get(field_name(item.id), ())} for item in items
              if item.type in CHOICE_TYPES or item.type in SCALE_TYPES}
    visible = shown(items, chosen)
    for item in items:
        if item.hidden or not item.answerable:
            continue
        names = _fields(item, persons)
        if item.id not in visible:
            if any(name in raw for name in names):
                reading.discarded.append(item.id)
            continue
        for name in names:
            if name in raw:
                reading.typed[name] = raw[name]
        person_list = list(persons) if item.per_person else [None]
        for person in person_list:
            _read_one(item, person, raw.get(field_name(item.id, person), []), reading)
    return reading


def _read_one(item, person, values, reading):
    if not values:
        if item.required:
            reading.problems.append(Problem(item.id, "required", person=person))
        return
    if item.type == "multiple":
        allowed = answer_values(item)
        picked = [v.strip() for v in values]
        if any(v not in allowed for v in picked):
            reading.problems.append(Problem(item.id, "not_an_option", person=person))
            return
        reading.rows.extend(AnswerRow(item.id, person, text=v) for v in dict.fromkeys(picked))
        return
    value = values[0].strip()
    if item.type in CHOICE_TYPES:
        if value not in answer_values(item):
            reading.problems.append(Problem(item.id, "not_an_option", person=person))
        else:
            reading.rows.append(AnswerRow(item.id, person, text=value))
    elif item.type in SCALE_TYPES:
        if value not in answer_values(item):
            reading.problems.append(Problem(item.id, "not_an_option", person=person))
        elif value == NOT_APPLICABLE:
            reading.rows.append(AnswerRow(item.id, person, text=NOT_APPLICABLE))
        else:
            reading.rows.append(AnswerRow(item.id, person, number=decimal_or_none(value)))
    elif item.type == "numeric":
        _read_number(item, person, value, reading)
    elif item.type == "date":
        try:
            day = date.fromisoformat(value)
            if not 1900 <= day.year <= 2200:
                raise ValueError(value)
        except ValueError:
            reading.problems.append(Problem(item.id, "not_a_date", person=person))
        else:
            reading.rows.append(AnswerRow(item.id, person, text=day.isoformat()))
    elif item.type in TEXT_TYPES:
        text = values[0].replace("\r\n", "\n").strip()
        limit = text_limit(item)
        if len(text) > limit:
            reading.problems.append(Problem(item.id, "too_long", {"max": limit, "have": len(text)}, person))
        else:
            reading.rows.append(AnswerRow(item.id, person, text=text))


def _read_number(item, person, value, reading):
    number = decimal_or_none(value)
    low, high = decimal_or_none(item.config.get("min")), decimal_or_none(item.config.get("max"))
    if number is None:
        reading.problems.append(Problem(item.id, "not_a_number", person=person))
    elif low is not None and number < low:
        reading.problems.append(Problem(item.id, "below_min", {"min": low}, person))
    elif high is not None and number > high:
        reading.problems.append(Problem(item.id, "above_max", {"max": high}, person))
    else:
        reading.rows.append(AnswerRow(item.id, person, number=number))


def typed_from_rows(items: Sequence[Item], rows: Sequence[AnswerRow]):
    """The fields of a stored response, to show it again for a change ({field name: [value, …]})."""
    by_id = {i.id: i for i in items}
    typed = {}
    for row in rows:
        item = by_id.get(row.item_id)
        if item is None:
            continue
        if row.text is not None:
            value = row.text
        elif row.number is not None:
            value = format(row.number.normalize(), "f") if hasattr(row.number, "normalize") else str(row.number)
        else:
            continue
        typed.setdefault(field_name(row.item_id, row.person), []).append(value)
    return typed
