"""What the report of a feedback form is: plain frozen dataclasses, built by ``report.form_report`` and read by the
page (``templates/feedback/report.html``) and, later, by the exports (CSV, XLSX, PDF). Everything a reader sees is
here, already suppressed: a hidden group carries its reason and **no figures** (its counts are not in the object, so
no export can print them by mistake).

    FormReport
    ├── form facts: title, anonymous, phase, close_at, template, minimum (group size), target (index)
    ├── responses (int), rate (ResponseRate), non_respondents (NonRespondent…, named forms, staff only)
    ├── withheld: why no figure is shown at all (WITHHELD codes), else None
    ├── items: ItemReport… (the learner's order)
    │     ├── overall: Group — every answer of the item (a person item: every facilitator together)
    │     └── persons: PersonRow… (rating per facilitator: one Group per facilitator, side by side)
    ├── facilitators: FacilitatorIndex… (each facilitator's 0–100 index over the person items)
    └── run_index: the run's 0–100 index (1–4 items and facilitator cells), or None

A ``Group`` holds the domain's results (``domain.stats``, ``domain.index``): ``options`` (count and percentage per
option or point, labels in the reader's language), ``ordinal`` (distribution, median, quartiles, top-2-box, the
diverging bar), ``index`` (1–4 items), ``nps``, ``numeric``. Shares are exact Fractions, percentages Decimals
(each half-up on its own: equal counts show equal percentages; a column may add up to 99 or 101). ``reason``:
``small`` (fewer answers than the minimum), ``complementary`` (hidden so that a small one cannot be worked out from
the total), ``exposed`` (the whole breakdown withheld: no cell-level hiding protects it).

Indices are computed from what is shown: a hidden facilitator's cells count neither in their own nor in the run's
index (else the run's index and the shown cells would give a hidden one away).
"""
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

WITHHELD = ("anonymous_open", "too_few", "no_responses")  # why a report shows no figure at all
REASONS = ("small", "complementary", "exposed")  # why one group is hidden


@dataclass(frozen=True)
class OptionRow:
    value: object  # a point (int), an option's stored value (str), a number; None: "not applicable"
    label: str
    count: int
    percent: Decimal  # of the group's base, half-up


@dataclass(frozen=True)
class Group:
    n: int  # answers counted (the base of the percentages; a multiple choice: the people who ticked something)
    not_applicable: int = 0
    reason: str | None = None  # None: shown; else one of REASONS and nothing below is set
    options: tuple = ()  # OptionRow, in the item's order (points low → high, options as listed)
    ordinal: object = None  # stats.OrdinalSummary: Likert, 1–4 and person items
    index: object = None  # index.IndexResult: 1–4 and person items
    nps: object = None  # stats.NetPromoter
    numeric: object = None  # stats.NumericSummary

    @property
    def hidden(self):
        return self.reason is not None


@dataclass(frozen=True)
class PersonRow:
    person_id: int
    name: str
    hidden: bool  # no longer asked (the form's list), shown because they were rated
    group: Group


@dataclass(frozen=True)
class ItemReport:
    id: int
    position: int
    page: int
    type: str  # domain.items.TYPES
    text: str  # the question, in the reader's language
    hidden: bool  # hidden from learners after answers came in (the report says so)
    overall: Group | None  # None in a facilitator's report (it would hold the other facilitators' answers)
    persons: tuple = ()  # PersonRow: person items only
    answers: int = 0  # text and date items: the answers given (listed on the open-answers page, not here)
    scale_points: int = 0  # ordinal items: points of the scale (the diverging bar's middle)


@dataclass(frozen=True)
class FacilitatorIndex:
    person_id: int
    name: str
    index: object  # index.IndexResult over the facilitator's shown cells; None when every cell is hidden
    items: int  # person items with a shown cell


@dataclass(frozen=True)
class ResponseRate:
    available: bool  # the roster (Names and Roles) was read
    problem: str | None = None  # why not, when the platform failed (None and not available: no roster service)
    learners: int | None = None  # learners on the roster (linked facilitators left out)
    answered: int | None = None  # of them, those who have answered
    percent: Decimal | None = None  # answered / learners, half-up, one decimal


@dataclass(frozen=True)
class NonRespondent:
    user_id: str  # the platform's user id (the LTI ``sub``)
    name: str
    email: str


@dataclass(frozen=True)
class FormReport:
    form_id: int
    title: str
    course: str
    anonymous: bool
    phase: str  # not_open, open, closed
    open_at: datetime | None
    close_at: datetime | None
    template_key: str
    template_version: int
    minimum: int  # the minimum group size
    target: Decimal | None  # the index's target
    viewer: str  # "staff" (every row) or "facilitator" (their own rows of the person items only)
    responses: int
    withheld: str | None  # one of WITHHELD, or None: the figures below are shown
    rate: ResponseRate | None  # None for a facilitator
    non_respondents: tuple | None  # NonRespondent: named forms, staff, roster read; else None
    items: tuple = ()  # ItemReport (empty when withheld)
    facilitators: tuple = ()  # FacilitatorIndex
    run_index: object = None  # index.IndexResult of the whole run (1–4 items and facilitator cells), or None
