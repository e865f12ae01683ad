"""An item as the builder's form sends it: common fields (``type``, ``text_id``, ``text_en``, ``page``, ``required``)
and the type's own (``options`` and ``labels`` one per line as ``Indonesian | English``, ``points``, ``na``, ``min``,
``max``, ``max_length``, ``condition`` as ``<item id>:<value>`` ticks). Checked against the domain; a refusal is a
FeedbackRefused whose code the page translates.

Options keep their stored value line by line, so answers keep their meaning when a label is corrected; an item that
has answers can have options renamed or added, never removed, and cannot change its type or its points.
"""
from ..domain.items import (
    CHOICE_TYPES,
    MAX_LABEL,
    MAX_OPTIONS,
    TYPES,
    Condition,
    ItemError,
    Option,
    check_condition,
    check_config,
)
from . import FeedbackRefused

MAX_TEXT = 2000
MAX_PAGE = 50


def _pairs(text, limit):
    """``Indonesian | English`` lines as (Indonesian, English) pairs; an empty English half is allowed."""
    pairs = []
    for line in (text or "").replace("\r", "\n").split("\n"):
        if not line.strip():
            continue
        first, _bar, second = line.partition("|")
        first, second = " ".join(first.split())[:MAX_LABEL], " ".join(second.split())[:MAX_LABEL]
        if not first:
            raise FeedbackRefused("label_missing")
        pairs.append((first, second))
    if len(pairs) > limit:
        raise FeedbackRefused("too_many_options", max=limit)
    return pairs


def _options(fields, current):
    pairs = _pairs(fields.get("options"), MAX_OPTIONS)
    old = list(current or [])
    taken = {o["value"] for o in old}
    number = len(taken) + 1
    options = []
    for n, (label_id, label_en) in enumerate(pairs):
        if n < len(old):
            value = old[n]["value"]
        else:
            while f"o{number}" in taken:
                number += 1
            value = f"o{number}"
            taken.add(value)
        options.append({"value": value, "id": label_id, "en": label_en})
    return options


def _whole(text, default=None):
    text = (text or "").strip()
    if not text:
        return default
    return int(text) if text.isascii() and text.isdigit() and len(text) < 6 else -1


def _config(type_, fields):
    if type_ == "likert":
        labels = [{"id": a, "en": b} for a, b in _pairs(fields.get("labels"), 7)]
        return {"points": _whole(fields.get("points"), 5), "labels": labels, "na": fields.get("na") == "1"}
    if type_ in ("scale14", "person_rating"):
        return {"na": fields.get("na") == "1"}
    if type_ == "numeric":
        return {"min": fields.get("min"), "max": fields.get("max")}
    if type_ in ("short_text", "long_text"):
        return {"max_length": _whole(fields.get("max_length"))}
    return {}


def _condition(fields):
    """The ticked ``<item id>:<value>`` pairs as a Condition (all of one item), or None."""
    ticks = [str(v).partition(":") for v in fields.getlist("condition") if str(v).strip()]
    if not ticks:
        return None
    sources = {source for source, _colon, _value in ticks}
    if len(sources) != 1 or not next(iter(sources)).isdigit():
        raise FeedbackRefused("condition_one_source")
    return Condition(int(next(iter(sources))), frozenset(value for _s, _c, value in ticks))


def parse(fields, others, current=None, answered=False):
    """The item's values from ``fields``: {type, text_id, text_en, page, required, options, config, condition}.
    ``others``: the form's other items (domain Items, for the condition); ``current``: the stored item when editing."""
    try:
        type_ = fields.get("type") or (current.type if current is not None else "")
        if type_ not in TYPES:
            raise FeedbackRefused("type_unknown")
        if answered and current is not None and type_ != current.type:
            raise FeedbackRefused("type_locked")
        text_id = (fields.get("text_id") or "").strip()
        text_en = (fields.get("text_en") or "").strip()
        if not text_id:
            raise FeedbackRefused("text_missing")
        if len(text_id) > MAX_TEXT or len(text_en) > MAX_TEXT:
            raise FeedbackRefused("text_too_long", max=MAX_TEXT)
        page = _whole(fields.get("page"), 1)
        if not 1 <= page <= MAX_PAGE:
            raise FeedbackRefused("page_range", max=MAX_PAGE)
        options = _options(fields, current.options if current is not None else []) if type_ in CHOICE_TYPES else []
        if answered and current is not None and len(options) < len(current.options or []):
            raise FeedbackRefused("options_locked")
        config = check_config(type_, _config(type_, fields), tuple(Option(o["value"], o["id"], o["en"])
                                                                     for o in options))
        if answered and current is not None and type_ == "likert" and config["points"] != current.config.get("points"):
            raise FeedbackRefused("points_locked")
        item_id = current.id if current is not None else 0
        condition = check_condition(others, item_id, _condition(fields))
    except ItemError as exc:
        raise FeedbackRefused(exc.code, **exc.params) from exc
    required = fields.get("required") == "1" and type_ != "info"
    stored_condition = None if condition is None else {"item": condition.item, "values": sorted(condition.values)}
    return {"type": type_, "text_id": text_id, "text_en": text_en, "page": page, "required": required,
            "options": options, "config": config, "condition": stored_condition}
