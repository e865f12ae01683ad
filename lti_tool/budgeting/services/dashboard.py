"""The instructor's dashboard of a budgeting exercise: learners' states and where they struggle (the export of
every budget: ``io/dashboard_xlsx.py``). Plain values in, dataclasses out; the database is read here, never a request.

- State is that of the latest attempt: ``not_started`` (no budget, or a first draft never saved: opening the
  exercise creates an empty one), ``draft``, ``submitted`` (to be graded by a person) or ``graded``. Total, scores
  and time come from the newest handed-in attempt: a learner on a second attempt keeps the grade Moodle has.
- Struggles and totals against the ceiling count each learner once, by their newest handed-in budget.
"""
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import defer

from ...extensions import db
from ...grades.roster import roster_or_problem
from ...lti.models import LtiUser
from ..domain.budget import whole_rupiah
from ..domain.numbers import normalise_text
from ..findings import finding_text
from ..models import DRAFT, GRADED, SUBMITTED, BudgetExercise, BudgetSubmission
from .variants import variant_at

NOT_STARTED = "not_started"
STATES = (NOT_STARTED, DRAFT, SUBMITTED, GRADED)
HANDED_IN = (SUBMITTED, GRADED)
_FROM_HANDED_IN = ("total", "automatic_score", "final_score", "submitted_at", "id")


@dataclass(frozen=True)
class LearnerState:
    name: str
    email: str
    user_id: str  # the platform's id (sub)
    state: str  # one of STATES
    attempt: int | None
    total: int | None  # whole rupiah
    automatic_score: Decimal | None  # 0..100
    final_score: Decimal | None
    submitted_at: datetime | None  # UTC
    submission_id: int | None  # the newest handed-in budget (for the grading page)
    variant: str = ""  # the label of the learner's scenario variant ("" without one)
    ceiling: int | None = None  # the learner's pagu: their variant's, else the exercise's


@dataclass(frozen=True)
class Struggle:
    code: str  # the finding's message code
    check: str
    severity: str  # "error" when any was an error, else "warning"
    learners: int  # handed-in budgets with this finding: one however many lines repeat it
    example: str  # the most frequent text of this finding, in the reader's language


@dataclass(frozen=True)
class Struggles:
    handed_in: int
    findings: list  # Struggle, most learners first
    ceiling: int | None
    over: int | None  # None without a ceiling
    within: int | None
    median: int | None  # whole rupiah (the mean of the middle two, rounded half up, for an even count)
    lowest: int | None
    highest: int | None
    by_variant: bool = False  # each budget was measured against its learner's variant's pagu


def _members(course, refresh):
    """(roster members, problem): the roster cannot be read → no members and why, as the grades page does."""
    return roster_or_problem(course, refresh=refresh)


def _latest(activity_id):
    """{lti_user.id: (latest attempt, newest handed-in attempt or None)}, without loading the documents."""
    s = BudgetSubmission
    rows = db.session.execute(
        db.select(s.id, s.user_id, s.attempt, s.status, s.revision, s.total, s.automatic_score, s.final_score,
                  s.submitted_at, s.variant).where(s.activity_id == activity_id).order_by(s.user_id, s.attempt)).all()
    latest = {}
    for row in rows:
        handed = latest.get(row.user_id, (None, None))[1]
        latest[row.user_id] = (row, row if row.status in HANDED_IN else handed)
    return latest


def _row(name, email, sub, pair, exercise=None):
    last, handed = pair or (None, None)
    never_saved = last is not None and last.status == DRAFT and last.attempt == 1 and last.revision == 0
    state = NOT_STARTED if last is None or never_saved else last.status
    variant = variant_at(exercise, getattr(last, "variant", None)) if exercise is not None else None
    ceiling = variant.pagu if variant is not None else getattr(exercise, "ceiling", None)
    return LearnerState(name, email, sub, state, getattr(last, "attempt", None),
                        *(getattr(handed, field, None) for field in _FROM_HANDED_IN),
                        variant=variant.label if variant is not None else "", ceiling=ceiling)


def learner_states(activity, course, refresh=False):
    """Every learner on the roster and everyone with a budget, with their state. Returns (rows, problem): when the
    roster cannot be read, the rows hold only those with a budget and ``problem`` says why."""
    latest = _latest(activity.id)
    exercise = db.session.get(BudgetExercise, activity.id)
    users = {u.id: u for u in LtiUser.query.filter(LtiUser.id.in_(latest))} if latest else {}
    by_sub = {u.sub: u for u in users.values()}
    members, problem = _members(course, refresh)
    rows, seen = [], set()
    for member in members:
        if member.is_learner and member.user_id not in seen:
            user = by_sub.get(member.user_id)
            rows.append(_row(member.name or (user.name if user else ""), member.email or (user.email if user else ""),
                             member.user_id, latest.get(user.id) if user else None, exercise))
            seen.add(member.user_id)
    for user_id, pair in latest.items():
        user = users[user_id]
        if user.sub not in seen:
            rows.append(_row(user.name, user.email, user.sub, pair, exercise))
    return sorted(rows, key=lambda r: (normalise_text(r.name or r.user_id), r.user_id)), problem


def filter_rows(rows, state="", q=""):
    """The rows in ``state`` (any when it is not one of STATES) whose name, email or user id contains ``q``."""
    needle = normalise_text(q or "")
    return [r for r in rows if (state not in STATES or r.state == state)
            and (not needle or needle in normalise_text(f"{r.name} {r.email} {r.user_id}"))]


def count_states(rows):
    counts = Counter(r.state for r in rows)
    return {state: counts.get(state, 0) for state in STATES}


def newest_handed_in(activity_id, *options):
    """Every learner's newest handed-in budget."""
    s = BudgetSubmission
    newest = (db.select(s.user_id, db.func.max(s.attempt).label("attempt"))
              .where(s.activity_id == activity_id, s.status.in_(HANDED_IN)).group_by(s.user_id).subquery())
    query = (db.select(s).join(newest, (s.user_id == newest.c.user_id) & (s.attempt == newest.c.attempt))
             .where(s.activity_id == activity_id).options(*options).order_by(s.user_id))
    return db.session.execute(query).scalars().all()


def struggles(activity_id, locale=None, limit=10):
    """The most frequent findings across handed-in budgets (learners counted once per finding), and the totals
    against the exercise's ceiling."""
    budgets = newest_handed_in(activity_id, defer(BudgetSubmission.document))
    learners, severity, check, texts = Counter(), {}, {}, {}
    for budget in budgets:
        learners.update({str(f.get("code") or "?") for f in budget.findings or []})
        for finding in budget.findings or []:
            code = str(finding.get("code") or "?")
            check.setdefault(code, str(finding.get("check") or ""))
            if finding.get("severity") == "error" or code not in severity:  # the worst one seen
                severity[code] = str(finding.get("severity") or "")
            texts.setdefault(code, Counter())[finding_text(finding, locale) or code] += 1
    ranked = sorted(learners, key=lambda c: (-learners[c], c))[:limit]
    findings = [Struggle(code, check[code], severity[code], learners[code], texts[code].most_common(1)[0][0])
                for code in ranked]
    exercise = db.session.get(BudgetExercise, activity_id)
    ceiling = exercise.ceiling if exercise is not None else None
    totals = sorted(b.total for b in budgets if b.total is not None)
    against = [(b.total, _ceiling_of(exercise, b)) for b in budgets if b.total is not None]  # each its own pagu
    over = (sum(total > limit for total, limit in against if limit is not None)
            if ceiling is not None or any(limit is not None for _, limit in against) else None)
    return Struggles(
        handed_in=len(budgets), findings=findings, ceiling=ceiling, over=over,
        within=len(totals) - over if over is not None else None, median=_median(totals),
        lowest=totals[0] if totals else None, highest=totals[-1] if totals else None,
        by_variant=bool(exercise is not None and exercise.variants))


def _ceiling_of(exercise, budget):
    """A budget's pagu: its learner's variant's, else the exercise's (None without either)."""
    if exercise is None:
        return None
    variant = variant_at(exercise, budget.variant)
    return variant.pagu if variant is not None else exercise.ceiling


def _median(ordered):
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return whole_rupiah((Decimal(ordered[middle - 1]) + Decimal(ordered[middle])) / 2)


def summaries(activity, user_ids):
    """{lti_user.id: short text} for the course overview: the learner's state, and the grade once graded."""
    from ...formats import format_number
    from ...i18n import status_label

    latest, wanted, out = _latest(activity.id), set(user_ids), {}
    for user_id, pair in latest.items():
        row = _row("", "", "", pair) if user_id in wanted else None
        if row is None or row.state == NOT_STARTED:
            continue
        text = status_label(row.state)
        if row.state == GRADED and row.final_score is not None:
            text = f"{text} · {format_number(row.final_score)}"
        out[user_id] = text
    return out
