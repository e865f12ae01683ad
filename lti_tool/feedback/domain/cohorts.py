"""Comparing two runs (angkatan) of the same form: per item, the change of median, top box and index.

Each change is *after − before*. The median change is between the lower medians (points of the scale). The top-box
change is a difference of exact shares (``stats.percent`` shows it in percentage points). The index change is the
difference of the **displayed** indices, so the printed change always equals the difference of the printed figures.
An item found in one run only is listed with the changes left empty (None).
"""
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .index import IndexResult, index_of
from .stats import OrdinalSummary, Scale, ordinal_summary


@dataclass(frozen=True)
class ItemChange:
    item: object
    before: OrdinalSummary | None  # None when the item is not in that run
    after: OrdinalSummary | None
    median: int | None  # after's lower median − before's
    top_box: Fraction | None  # after's top-box share − before's
    index_before: IndexResult | None  # only with an index spec
    index_after: IndexResult | None
    index: Decimal | None  # after's displayed index − before's


def _change(old, new, field):
    """``new.field − old.field``; None when either run or either value is missing."""
    old, new = (None if run is None else getattr(run, field) for run in (old, new))
    return None if old is None or new is None else new - old


def compare_runs(before, after, scale=Scale(4), index_spec=None, places=0):
    """One ItemChange per item of ``before`` and then of ``after`` ({item: counts} each), in that order.

    With ``index_spec`` the centres' index is compared too; its points must be those of ``scale`` (1…points).
    """
    if index_spec is not None and (scale.low, scale.points) != (1, index_spec.points):
        raise ValueError(f"the index counts 1–{index_spec.points}; the scale is {scale.low}–{scale.values[-1]}")
    changes = []
    for item in list(before) + [item for item in after if item not in before]:
        old, new = (ordinal_summary(run[item], scale, places) if item in run else None for run in (before, after))
        old_index, new_index = (index_of(run[item], index_spec) if index_spec and item in run else None
                                for run in (before, after))
        changes.append(ItemChange(
            item, old, new,
            _change(old, new, "median"), _change(old, new, "top_box"),
            old_index, new_index, _change(old_index, new_index, "index")))
    return tuple(changes)
