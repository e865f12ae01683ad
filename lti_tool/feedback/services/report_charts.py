"""The data of the report's diverging stacked bars, as JSON for ``static/feedback/report.js`` (the page embeds it in a
``data-chart`` attribute: the CSP allows no inline script). One chart per ordinal item: a bar per shown group (the
item, or each facilitator shown), a segment per point with its share in percent (the domain's ``diverging_bar``:
points below the middle to the left of 0, above it to the right, the neutral point of an odd scale split across 0).
The same numbers are in the table under the chart."""
import json

from .report_items import ORDINAL_TYPES


def _percent(fraction):
    return round(float(fraction) * 100, 1)  # drawing only: the tables print the exact Decimal


def _bar(label, group):
    bar = group.ordinal.bar
    return {"label": label, "n": group.n,
            "segments": [{"point": s.value, "share": _percent(s.share), "start": _percent(s.start),
                          "end": _percent(s.end)} for s in bar.segments],
            "negative": _percent(bar.negative), "neutral": _percent(bar.neutral), "positive": _percent(bar.positive)}


def chart_of(item, overall_label):
    """The chart of an ItemReport (None when it is not ordinal or no group is shown)."""
    if item.type not in ORDINAL_TYPES:
        return None
    groups = []
    if item.overall is not None and not item.overall.hidden and item.overall.ordinal is not None and item.overall.n:
        groups.append((overall_label, item.overall))
    for person in item.persons:
        if not person.group.hidden and person.group.ordinal is not None and person.group.n:
            groups.append((person.name, person.group))
    if not groups:
        return None
    labels = [row.label for row in groups[0][1].options]
    return {"points": labels, "middle": item.scale_points / 2, "odd": item.scale_points % 2 == 1,
            "bars": [_bar(label, group) for label, group in groups]}


def chart_json(item, overall_label):
    chart = chart_of(item, overall_label)
    return None if chart is None else json.dumps(chart, ensure_ascii=False, separators=(",", ":"))
