"""The cohort comparison (bandingkan angkatan): this form and the earlier runs of the same template on the same
platform — any course, any version of the template — item by item, with the change from each run to the next.

**Which runs.** The forms of the platform (issuer) whose ``template_key`` is this form's, ordered by run date (the
close time, else the opening, else the creation), this form and up to ``EARLIER`` runs before it. An anonymous
form takes part only once it is **closed and has at least the minimum of responses** (``suppression.
check_minimum``, 5 by default): before that its figures are not shown anywhere. This form itself too: an open
anonymous form is listed with its figures withheld. A named form takes part with any responses.

**Which items.** Items are matched by their template ``key`` (an item without one, added in the builder, is not
compared); scale items only (the 1–4 preset and the rating per facilitator, Likert, NPS). An item whose scale is
not the one it has in this form (a Likert of 5 points against 7) is left out of that run. Ratings per facilitator
are pooled over the facilitators (the run's figure for the question; facilitators change between runs).

**In SQL** (one query per set of forms): the answers counted ``GROUP BY form, item key, value``, and the responses
``GROUP BY form``. The medians (lower medians), top-2-box shares and the 1–4 items' index (the mean × 25, the
centres' IKM) are worked out exactly from those counts by the domain (``cohorts.compare_runs``): an exact median
needs the whole distribution, which the counts are; a mean of an ordinal scale is shown only as that index.
"""
from dataclasses import dataclass
from datetime import datetime

from ...activities.models import Activity
from ...clock import utcnow
from ...extensions import db
from ...lti.models import Course
from ..domain.cohorts import compare_runs
from ..domain.index import IndexSpec
from ..domain.stats import Scale
from ..domain.suppression import DEFAULT_MINIMUM, check_minimum
from ..models import FeedbackAnswer, FeedbackForm, FeedbackItem, FeedbackResponse

EARLIER = 3
SCALE_TYPES = ("scale14", "person_rating", "likert", "nps")


@dataclass(frozen=True)
class Run:
    form_id: int
    title: str
    course: str
    date: datetime
    version: int
    responses: int
    shown: bool  # False: an anonymous form not closed, or with fewer responses than the minimum
    current: bool


@dataclass(frozen=True)
class Row:
    key: str
    text_id: str
    text_en: str
    type: str
    cells: tuple  # per run: (OrdinalSummary or None, IndexResult or None)
    changes: tuple  # per run: ItemChange against the previous shown run (None for the first, or when not shown)


@dataclass(frozen=True)
class Comparison:
    template_key: str
    runs: tuple
    rows: tuple
    minimum: int


def run_date(form):
    return form.close_at or form.open_at or form.created_at


def _scale_of(item_type, config):
    if item_type in ("scale14", "person_rating"):
        return Scale(4), IndexSpec()
    if item_type == "nps":
        return Scale(11, low=0, box=2), None
    points = int((config or {}).get("points", 5))
    return Scale(points, box=2 if points >= 4 else 1), None


def _signature(item):
    return item.type if item.type != "likert" else f"likert{(item.config or {}).get('points', 5)}"


def _runs(form, issuer, minimum, now):
    rows = (db.session.query(FeedbackForm, Activity.title, Course.title, Course.label)
            .join(Activity, Activity.id == FeedbackForm.activity_id).join(Course, Course.id == Activity.course_id)
            .filter(Course.issuer == issuer, Activity.kind == "feedback",
                    FeedbackForm.template_key == form.template_key).all())
    rows.sort(key=lambda r: (run_date(r[0]), r[0].activity_id))
    at = next(n for n, r in enumerate(rows) if r[0].activity_id == form.activity_id)
    chosen = rows[max(0, at - EARLIER): at + 1]
    ids = [r[0].activity_id for r in chosen]
    counts = dict(db.session.query(FeedbackResponse.form_id, db.func.count(FeedbackResponse.id))
                  .filter(FeedbackResponse.form_id.in_(ids)).group_by(FeedbackResponse.form_id).all())
    runs = []
    for row, title, course_title, course_label in chosen:
        n = counts.get(row.activity_id, 0)
        closed = row.close_at is not None and row.close_at <= now
        shown = n > 0 and (not row.anonymous or (closed and n >= max(minimum, row.report_minimum or 0)))
        runs.append(Run(row.activity_id, title, course_title or course_label or "", run_date(row),
                        row.template_version, n, shown, row.activity_id == form.activity_id))
    return runs


def _counts(form_ids):
    """{(form id, key): {point: count}} of the scale items' answers (not applicable under None): one query."""
    found = {}
    if not form_ids:
        return found
    query = (db.session.query(FeedbackItem.form_id, FeedbackItem.key, FeedbackAnswer.number,
                              db.func.count(FeedbackAnswer.id))
             .join(FeedbackAnswer, FeedbackAnswer.item_id == FeedbackItem.id)
             .filter(FeedbackItem.form_id.in_(form_ids), FeedbackItem.key.is_not(None),
                     FeedbackItem.type.in_(SCALE_TYPES))
             .group_by(FeedbackItem.form_id, FeedbackItem.key, FeedbackAnswer.number))
    for form_id, key, number, count in query:
        cell = found.setdefault((form_id, key), {})
        point = None if number is None else int(number)
        cell[point] = cell.get(point, 0) + count
    return found


def compare(form, issuer, minimum=DEFAULT_MINIMUM, now=None):
    """The Comparison of ``form`` with its earlier runs on the platform ``issuer``."""
    minimum = check_minimum(minimum)
    runs = _runs(form, issuer, minimum, now or utcnow())
    shown_ids = [r.form_id for r in runs if r.shown]
    items = (FeedbackItem.query.filter(FeedbackItem.form_id.in_([r.form_id for r in runs]),
                                       FeedbackItem.key.is_not(None), FeedbackItem.type.in_(SCALE_TYPES)).all())
    signatures = {(i.form_id, i.key): _signature(i) for i in items}
    mine = sorted((i for i in items if i.form_id == form.activity_id), key=lambda i: (i.page, i.position))
    counts = _counts(shown_ids)
    rows = []
    for item in mine:
        scale, spec = _scale_of(item.type, item.config)
        runs_counts = [counts.get((r.form_id, item.key), {}) if r.shown and signatures.get((r.form_id, item.key))
                       == _signature(item) else None for r in runs]
        cells, changes, previous = [], [], None
        for run_counts in runs_counts:
            if run_counts is None:
                cells.append((None, None))
                changes.append(None)
                continue
            before = {item.key: previous} if previous is not None else {}
            (change,) = compare_runs(before, {item.key: run_counts}, scale, spec)
            cells.append((change.after, change.index_after))
            changes.append(change if previous is not None else None)
            previous = run_counts
        rows.append(Row(item.key, item.text_id, item.text_en, item.type, tuple(cells), tuple(changes)))
    return Comparison(form.template_key, tuple(runs), tuple(rows), minimum)
