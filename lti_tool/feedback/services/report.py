"""The report of one feedback form (a ``report_data.FormReport``), for a viewer: the course's staff see every item and
row; a facilitator (a person of the form linked to their Moodle account) sees only the rows about themselves on the
person items.

Order of the rules, each said on the page:

1. An anonymous form shows no figure before it closes (``anonymous_open``; the page says when it closes).
2. No response yet (``no_responses``), or fewer responses than the minimum group size (``too_few``): no figure.
3. Otherwise every item through ``report_items`` (small groups hidden, facilitators' complementary cells), counted
   in SQL by ``report_counts`` — a fixed number of statements whatever the number of responses.

The response count is always shown (the size of a group is not an answer); staff also get the rate against the roster
and, for a named form, who has not answered (``report_people``).
"""
from dataclasses import dataclass, replace

from ..domain.index import IndexSpec, combined_index, index_table
from ..domain.suppression import DEFAULT_MINIMUM, LOWEST_MINIMUM
from .forms import phase
from .items import item_rows
from .report_counts import response_count, value_counts
from .report_data import FacilitatorIndex, FormReport
from .report_items import item_report
from .report_people import roll

SCORED = (1, 2, 3, 4, None)  # the 1–4 points and "not applicable": what an index reads


@dataclass(frozen=True)
class Viewer:
    staff: bool
    persons: frozenset = frozenset()  # a facilitator: the ids of the persons they are on the form


def minimum_of(form):
    """The form's minimum group size, never below 3 (a value stored before the check still reads safely)."""
    value = form.report_minimum if isinstance(form.report_minimum, int) else DEFAULT_MINIMUM
    return max(LOWEST_MINIMUM, value)


def withheld_reason(form, responses, minimum, now=None):
    if form.anonymous and phase(form, now) != "closed":
        return "anonymous_open"
    if responses == 0:
        return "no_responses"
    if responses < minimum:
        return "too_few"
    return None


def _cell(counts, item_id, person):
    cell = counts.values.get((item_id, person), {})
    return {value: count for value, count in cell.items() if value in SCORED}


def _indices(rows, reports, counts, spec, persons):
    """(FacilitatorIndex…, the run's IndexResult or None) from the shown cells only."""
    by_id = {row.id: row for row in rows}
    table, run_cells = {}, []
    for report in reports:
        if report.type == "scale14" and report.overall is not None and not report.overall.hidden and report.overall.n:
            run_cells.append(_cell(counts, report.id, None))
        for person in report.persons:
            if not person.group.hidden and person.group.n:
                cell = _cell(counts, report.id, person.person_id)
                table.setdefault(person.person_id, {})[report.id] = cell
                run_cells.append(cell)
    names = {p["id"]: p.get("name", "") for p in persons}
    person_items = [r for r in reports if by_id[r.id].type == "person_rating"]
    indexed = index_table(table, spec) if table else None
    facilitators = []
    for pid in dict.fromkeys(p.person_id for r in person_items for p in r.persons):
        row = indexed.rows.get(pid) if indexed else None
        facilitators.append(FacilitatorIndex(pid, names.get(pid, ""), row.overall if row else None,
                                             len(row.cells) if row else 0))
    run = combined_index(run_cells, spec) if run_cells else None
    return tuple(facilitators), run


def _visible(rows, counts):
    """The items a report lists: answerable, and hidden ones only when they have answers."""
    answered = {item_id for item_id, _person in counts.values} | set(counts.totals)
    return [r for r in rows if r.type != "info" and (not r.hidden or r.id in answered)]


def staff_items(form):
    """(minimum, ItemReport…) as staff see them, without the roster: what the exports print (``services.exports``)."""
    minimum, rows = minimum_of(form), item_rows(form)
    counts = value_counts(rows)
    spec, persons = IndexSpec(target=form.index_target), list(form.persons or [])
    return minimum, tuple(item_report(row, counts, persons, minimum, spec) for row in _visible(rows, counts))


def form_report(form, activity, course, viewer, now=None):
    """The FormReport of ``form`` (a FeedbackForm) for ``viewer``; ``course`` is the launch's (for the roster)."""
    minimum = minimum_of(form)
    responses = response_count(form.activity_id)
    facts = {"form_id": form.activity_id, "title": activity.title, "course": course.title or course.label,
             "anonymous": bool(form.anonymous), "phase": phase(form, now), "open_at": form.open_at,
             "close_at": form.close_at, "template_key": form.template_key,
             "template_version": form.template_version, "minimum": minimum, "target": form.index_target,
             "viewer": "staff" if viewer.staff else "facilitator", "responses": responses}
    rate = waiting = None
    if viewer.staff:
        people = roll(form, course)
        rate = people.rate
        waiting = people.waiting if rate.available and not form.anonymous else None
    withheld = withheld_reason(form, responses, minimum, now)
    if withheld is not None:
        return FormReport(withheld=withheld, rate=rate, non_respondents=waiting, **facts)
    rows = item_rows(form)
    counts = value_counts(rows)
    spec = IndexSpec(target=form.index_target)
    persons = list(form.persons or [])
    rows = _visible(rows, counts)
    reports = [item_report(row, counts, persons, minimum, spec) for row in rows]
    if not viewer.staff:  # their own rows only: not even the item's overall row (it holds the others')
        reports = [replace(r, overall=None, persons=tuple(p for p in r.persons if p.person_id in viewer.persons))
                   for r in reports if r.type == "person_rating"]
    facilitators, run = _indices(rows, reports, counts, spec, persons)
    if not viewer.staff:
        run = None
    return FormReport(withheld=None, rate=rate, non_respondents=waiting, items=tuple(reports),
                      facilitators=facilitators, run_index=run, **facts)

