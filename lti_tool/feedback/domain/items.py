"""Items of a feedback form as pure values: the types, what each type's configuration may hold, the values an answer
may take, and conditions (an item shown only when another item was answered with one of given values).

Types: ``likert`` (4, 5 or 7 points, a label per point, optional "not applicable"), ``scale14`` (the 1–4 preset
Kurang/Cukup/Baik/Sangat Baik), ``person_rating`` (the 1–4 preset, one row per person of the form's list), ``single``,
``multiple``, ``dropdown`` (options), ``numeric`` (min/max), ``date``, ``nps`` (0–10), ``short_text``, ``long_text``
(a length limit) and ``info`` (a text to read, no answer).
"""
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

TYPES = ("scale14", "likert", "person_rating", "single", "multiple", "dropdown", "numeric", "date", "nps",
         "short_text", "long_text", "info")
CHOICE_TYPES = ("single", "multiple", "dropdown")
SCALE_TYPES = ("scale14", "likert", "person_rating", "nps")
CONDITION_SOURCES = ("single", "multiple", "dropdown", "likert", "scale14", "nps")
TEXT_TYPES = ("short_text", "long_text")
LIKERT_POINTS = (4, 5, 7)
SCALE14_POINTS = 4
NPS_RANGE = (0, 10)
NOT_APPLICABLE = "na"
TEXT_LIMITS = {"short_text": (200, 500), "long_text": (2000, 5000)}  # (default, largest) characters
MAX_OPTIONS = 30
MAX_LABEL = 200  # characters of an option's or a point's label
MAX_NUMBER = Decimal("1e12")


class ItemError(ValueError):
    """A configuration the domain refuses: a code and its params (the UI translates the code)."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass(frozen=True)
class Option:
    value: str  # stable: answers store it
    label_id: str
    label_en: str = ""


@dataclass(frozen=True)
class Condition:
    item: int  # the item whose answer decides
    values: frozenset  # shown when that answer is one of these (any of them, for multiple choice)


@dataclass(frozen=True)
class Item:
    id: int
    type: str
    required: bool = False
    page: int = 1
    options: tuple = ()  # (Option, …) for single, multiple, dropdown
    config: Mapping = field(default_factory=dict)
    condition: Condition | None = None
    hidden: bool = False

    @property
    def answerable(self):
        return self.type != "info"

    @property
    def per_person(self):
        return self.type == "person_rating"


def points(item):
    """The points of a scale item, lowest first (likert 1…n, scale14 and person_rating 1…4, nps 0…10)."""
    if item.type == "likert":
        return tuple(range(1, int(item.config.get("points", 5)) + 1))
    if item.type in ("scale14", "person_rating"):
        return tuple(range(1, SCALE14_POINTS + 1))
    if item.type == "nps":
        return tuple(range(NPS_RANGE[0], NPS_RANGE[1] + 1))
    return ()


def allows_not_applicable(item):
    return item.type in ("likert", "scale14", "person_rating") and bool(item.config.get("na"))


def answer_values(item):
    """The values (strings) an answer to a scale or choice item may take; empty for other types."""
    if item.type in CHOICE_TYPES:
        return tuple(o.value for o in item.options)
    values = tuple(str(p) for p in points(item))
    return values + ((NOT_APPLICABLE,) if allows_not_applicable(item) else ())


def decimal_or_none(text):
    """A number written with ``.`` or ``,`` as the decimal sign (no thousands separator), else None."""
    text = (text or "").strip().replace(",", ".", 1) if isinstance(text, str) else text
    if text in (None, ""):
        return None
    try:
        value = Decimal(str(text))
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) >= MAX_NUMBER or value.as_tuple().exponent < -4:
        return None
    return value


def check_config(type_, config, options=()):
    """The configuration of an item of ``type_``, normalised; ItemError names what is wrong."""
    if type_ not in TYPES:
        raise ItemError("type_unknown")
    config = dict(config or {})
    if type_ == "likert":
        n = config.get("points")
        if n not in LIKERT_POINTS:
            raise ItemError("likert_points", choices=", ".join(str(p) for p in LIKERT_POINTS))
        labels = [dict(label) for label in config.get("labels") or []]
        if labels and len(labels) != n:
            raise ItemError("likert_labels", points=n)
        return {"points": n, "labels": labels, "na": bool(config.get("na"))}
    if type_ in ("scale14", "person_rating"):
        return {"na": bool(config.get("na"))}
    if type_ in CHOICE_TYPES:
        if not options:
            raise ItemError("options_missing")
        if len(options) > MAX_OPTIONS:
            raise ItemError("too_many_options", max=MAX_OPTIONS)
        if len({o.value for o in options}) != len(options):
            raise ItemError("options_duplicate")
        return {}
    if type_ == "numeric":
        low, high = config.get("min"), config.get("max")
        low_value, high_value = decimal_or_none(low), decimal_or_none(high)
        if (low not in (None, "") and low_value is None) or (high not in (None, "") and high_value is None):
            raise ItemError("bound_not_a_number")
        if low_value is not None and high_value is not None and low_value > high_value:
            raise ItemError("bounds_reversed")
        return {"min": None if low_value is None else str(low_value),
                "max": None if high_value is None else str(high_value)}
    if type_ in TEXT_TYPES:
        default, largest = TEXT_LIMITS[type_]
        limit = config.get("max_length") or default
        if not isinstance(limit, int) or not 1 <= limit <= largest:
            raise ItemError("length_range", max=largest)
        return {"max_length": limit}
    return {}


def text_limit(item):
    return int(item.config.get("max_length") or TEXT_LIMITS[item.type][0])


def check_condition(items: Sequence[Item], item_id, condition):
    """A condition for item ``item_id`` among ``items``: its source is another answerable item whose answers have
    values (choices, scales), the values are among them, and no chain of conditions leads back to the item."""
    if condition is None:
        return None
    by_id = {i.id: i for i in items}
    source = by_id.get(condition.item)
    if source is None or source.id == item_id:
        raise ItemError("condition_source")
    if source.type not in CONDITION_SOURCES:
        raise ItemError("condition_source_type")
    if not condition.values or not set(condition.values) <= set(answer_values(source)):
        raise ItemError("condition_values")
    seen, current = {item_id}, source
    while current is not None and current.condition is not None:
        if current.condition.item in seen:
            raise ItemError("condition_cycle")
        seen.add(current.id)
        current = by_id.get(current.condition.item)
    return condition


def shown(items: Sequence[Item], chosen: Mapping[int, set]):
    """The ids of the items a learner sees given ``chosen`` ({item id: the values answered}): not hidden, and either
    without a condition or with one that is met (its source shown and answered with one of the values)."""
    by_id = {i.id: i for i in items}
    memo = {}

    def visible(item, depth=0):
        if item.id in memo:
            return memo[item.id]
        result = not item.hidden
        if result and item.condition is not None:
            source = by_id.get(item.condition.item)
            result = (source is not None and depth < len(items) and visible(source, depth + 1)
                      and bool(set(chosen.get(source.id, ())) & set(item.condition.values)))
        memo[item.id] = result
        return result

    return {i.id for i in items if visible(i)}


def ordered(items: Sequence[Item]):
    """The items in the learner's order: by page, then as given (the stored position)."""
    return sorted(items, key=lambda i: i.page)
