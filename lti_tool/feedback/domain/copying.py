"""Copying a form's items (to a template, to another course's form), pure: keys for items that have none, and
conditions pointed at the copies.

An item is copied as a spec (a dict) with a ``ref`` — what other specs' conditions name it by: its key in a
template, the source item's id in a copy — and a condition ``{"ref": …, "values": […]}``. After the copies exist
(``made``: ref → new id), ``remap_conditions`` gives each copy's stored condition ``{"item": new id, "values": …}``.
A condition whose source is not among the copies is dropped (an item would otherwise wait for an answer that can
never come) and reported, so the caller can say so.
"""
import re

KEY_LIMIT = 40
_KEY = re.compile(r"[^a-z0-9_]+")


def assign_keys(keys):
    """``keys`` (one per item, in order; None or "" for an item without one) with a made-up ``q<n>`` for each
    missing or repeated key (n: the item's place, then the next free number), so that every item of a template
    has a key of its own. Existing keys are kept as they are (the same question keeps its key across runs)."""
    taken, result = set(), []
    wanted = [_KEY.sub("_", str(k).lower())[:KEY_LIMIT] if k else "" for k in keys]
    reserved = {k for k in wanted if k}
    for place, key in enumerate(wanted, start=1):
        if not key or key in taken:
            number = place
            while f"q{number}" in taken or f"q{number}" in reserved:
                number += 1
            key = f"q{number}"
        taken.add(key)
        result.append(key)
    return result


def remap_conditions(specs, made):
    """({new id: stored condition}, [refs of specs whose condition was dropped]) for ``specs`` (dicts with ``ref``
    and ``condition``: None or ``{"ref": …, "values": […]}``) given ``made`` ({ref: new item id})."""
    conditions, dropped = {}, []
    for spec in specs:
        condition = spec.get("condition")
        if not condition or spec["ref"] not in made:
            continue
        source = made.get(condition.get("ref"))
        if source is None or source == made[spec["ref"]]:
            dropped.append(spec["ref"])
            continue
        conditions[made[spec["ref"]]] = {"item": source, "values": sorted(str(v) for v in condition["values"])}
    return conditions, dropped
