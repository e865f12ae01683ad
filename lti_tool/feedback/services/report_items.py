"""One item of the report from its counts (``report_counts``), through the domain: ``stats`` (distribution, ordinal
summary, NPS, numeric summary), ``index`` (the 1–4 items' 0–100 index) and ``suppression`` (small groups).

**Groups.** An item's answers are a group; so are the answers about one facilitator on a person item. A group of 1 to
minimum − 1 answers (the base: "not applicable" left out) shows no figure. The facilitators of a person item are a
breakdown whose total is shown (the item's overall row), so ``suppress_breakdown`` also hides a complementary
facilitator, and withholds every row when no hiding protects them (``exposed``).
"""
from ..domain.index import IndexSpec, index_of
from ..domain.items import points
from ..domain.stats import Scale, distribution, net_promoter, numeric_summary, ordinal_summary
from ..domain.suppression import suppress_breakdown
from ..report_labels import in_language, option_label, point_label
from .items import domain_item
from .report_data import Group, ItemReport, OptionRow, PersonRow

ORDINAL_TYPES = ("likert", "scale14", "person_rating")
INDEX_TYPES = ("scale14", "person_rating")
CHOICE_TYPES = ("single", "dropdown", "multiple")


def _scale(item):
    return Scale(points=len(points(domain_item(item))), low=1, box=2)


def _rows(item, shares):
    """OptionRows of the domain's Shares, each percentage rounded half-up on its own (two equal counts always show
    the same percentage; a column may then add up to 99 or 101, and its total row says 100%)."""
    label = option_label if item.type in CHOICE_TYPES else point_label
    return tuple(OptionRow(share.value, label(item, share.value), share.count, share.percent) for share in shares)


def _known(item, counts):
    """The counts of values the item can have now (a stray value, from before a change, is left out)."""
    allowed = set(points(domain_item(item))) | {None}
    return {value: count for value, count in counts.items() if value in allowed}


def group_of(item, counts, minimum, spec, respondents=None):
    """The Group of ``counts`` ({value: count}) of ``item``: hidden (``small``) when it has 1…minimum−1 answers."""
    counts = dict(counts)
    not_applicable = counts.get(None, 0)
    base = respondents if item.type == "multiple" else sum(c for v, c in counts.items() if v is not None)
    if 0 < base < minimum:
        return Group(base, not_applicable, "small")
    if item.type in ORDINAL_TYPES:
        counts = _known(item, counts)
        summary = ordinal_summary(counts, _scale(item))
        index = index_of(counts, spec) if item.type in INDEX_TYPES else None
        return Group(summary.n, not_applicable, None, _rows(item, summary.distribution), ordinal=summary, index=index)
    if item.type == "nps":
        counts = _known(item, counts)
        dist = distribution({v: c for v, c in counts.items() if v is not None}, list(range(0, 11)))
        return Group(base, not_applicable, None, _rows(item, dist.options), nps=net_promoter(counts))
    if item.type in CHOICE_TYPES:
        options = [o.get("value") for o in item.options or []]
        dist = distribution({v: c for v, c in counts.items() if v is not None}, options,
                            respondents=respondents if item.type == "multiple" else None)
        return Group(dist.base, not_applicable, None, _rows(item, dist.options))
    if item.type == "numeric":
        return Group(base, not_applicable, None, numeric=numeric_summary(counts))
    return Group(base, not_applicable)


def _persons_of(item, counts, persons):
    """The persons to show for a person item: the listed ones, and hidden ones who were rated."""
    rated = {person for (item_id, person) in counts.values if item_id == item.id and person is not None}
    return [p for p in persons if not p.get("hidden") or p["id"] in rated]


def person_rows(item, counts, persons, minimum, spec):
    """(overall Group, (PersonRow…)) of a person item: facilitators side by side, small ones suppressed."""
    listed = _persons_of(item, counts, persons)
    cells = {p["id"]: counts.values.get((item.id, p["id"]), {}) for p in listed}
    sizes = {pid: sum(c for v, c in cell.items() if v is not None) for pid, cell in cells.items()}
    breakdown = suppress_breakdown(sizes, minimum) if sizes else None
    rows = []
    for person in listed:
        cell = cells[person["id"]]
        if breakdown is not None and breakdown.exposed and sizes[person["id"]]:
            group = Group(sizes[person["id"]], reason="exposed")
        elif breakdown is not None and breakdown.cells[person["id"]].hidden:
            group = Group(sizes[person["id"]], reason=breakdown.cells[person["id"]].reason)
        else:
            group = group_of(item, cell, minimum, spec)
        if group.hidden:  # a hidden group's size is an answer once complementary cells come in: not carried
            group = Group(0, reason=group.reason)
        rows.append(PersonRow(person["id"], person.get("name", ""), bool(person.get("hidden")), group))
    total = {}
    for cell in cells.values():
        for value, count in cell.items():
            total[value] = total.get(value, 0) + count
    return group_of(item, total, minimum, spec), tuple(rows)


def item_report(item, counts, persons, minimum, spec=IndexSpec()):
    """The ItemReport of ``item`` (a FeedbackItem row) from the form's Counts."""
    text = in_language(item.text_id, item.text_en)
    scale_points = len(points(domain_item(item))) if item.type in ORDINAL_TYPES else 0
    common = {"id": item.id, "position": item.position, "page": item.page, "type": item.type, "text": text,
              "hidden": bool(item.hidden), "scale_points": scale_points}
    if item.type == "person_rating":
        overall, rows = person_rows(item, counts, persons, minimum, spec)
        return ItemReport(overall=overall, persons=rows, **common)
    if item.type in ("short_text", "long_text", "date"):
        answers, _responses = counts.totals.get(item.id, (0, 0))
        return ItemReport(overall=Group(answers), answers=answers, **common)
    respondents = counts.totals.get(item.id, (0, 0))[1] if item.type == "multiple" else None
    return ItemReport(overall=group_of(item, counts.values.get((item.id, None), {}), minimum, spec, respondents),
                      **common)

