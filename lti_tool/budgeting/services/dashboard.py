"""The instructor's dashboard of a budgeting exercise: learners' states, where they struggle, the export of every
budget. Plain values in, dataclasses or bytes out; the database is read here, never a request.

- State is that of the latest attempt: ``not_started`` (no budget, or a first draft never saved: opening the
  exercise creates an empty one), ``draft``, ``submitted`` (to be graded by a person) or ``graded``. Total, scores
  and time come from the newest handed-in attempt: a learner on a second attempt keeps the grade Moodle has.
- Struggles and totals against the ceiling count each learner once, by their newest handed-in budget.
- The export is a summary sheet and one flat sheet of every line of those budgets, not an RKA sheet per learner:
  ``rka_export.export_rka`` returns a whole workbook, a flat sheet can be filtered and pivoted, hundreds of sheets
  cannot be read. Line amounts follow the current rules; summary totals are those computed at submission.
- A budget keeps numbers as typed, not the language they were typed in: it is read in the learner's language, else
  in the other (ambiguous spellings are refused, so at most one reading of a handed-in budget works).
"""
import io
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import requests
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from sqlalchemy.orm import defer, selectinload

from ...extensions import db
from ...grades.ags import ServiceError
from ...grades.roster import roster
from ...grades.tokens import TokenError
from ...lti.models import LtiUser
from ..domain.budget import line_amount, whole_rupiah
from ..domain.numbers import normalise_text, number_locale
from ..io.rka_xlsx import MAX_CELL_TEXT, PERCENT, RUPIAH, RUPIAH_CENTS
from ..models import DRAFT, GRADED, SUBMITTED, BudgetExercise, BudgetSubmission
from .submissions import parse_document, rules_for

NOT_STARTED = "not_started"
STATES = (NOT_STARTED, DRAFT, SUBMITTED, GRADED)
HANDED_IN = (SUBMITTED, GRADED)
WIB = timedelta(hours=7)
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

    @property
    def submitted_at_wib(self):
        return self.submitted_at + WIB if self.submitted_at else None


@dataclass(frozen=True)
class Struggle:
    code: str  # the finding's message code
    check: str
    severity: str  # "error" when any was an error, else "warning"
    learners: int
    occurrences: int
    example: str  # the most frequent text of this finding, in the page's language


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


def _members(course, refresh):
    """(roster members, problem): the roster cannot be read → no members and why, as the grades page does."""
    try:
        return roster(course, refresh=refresh) or [], None
    except (ServiceError, TokenError, requests.RequestException) as exc:
        return [], str(exc) if not isinstance(exc, requests.RequestException) else exc.__class__.__name__


def _latest(activity_id):
    """{lti_user.id: (latest attempt, newest handed-in attempt or None)}, without loading the documents."""
    s = BudgetSubmission
    rows = db.session.execute(
        db.select(s.id, s.user_id, s.attempt, s.status, s.revision, s.total, s.automatic_score, s.final_score,
                  s.submitted_at).where(s.activity_id == activity_id).order_by(s.user_id, s.attempt)).all()
    latest = {}
    for row in rows:
        handed = latest.get(row.user_id, (None, None))[1]
        latest[row.user_id] = (row, row if row.status in HANDED_IN else handed)
    return latest


def _row(name, email, sub, pair):
    last, handed = pair or (None, None)
    never_saved = last is not None and last.status == DRAFT and last.attempt == 1 and last.revision == 0
    state = NOT_STARTED if last is None or never_saved else last.status
    return LearnerState(name, email, sub, state, getattr(last, "attempt", None),
                        *(getattr(handed, field, None) for field in _FROM_HANDED_IN))


def learner_states(activity, course, refresh=False):
    """Every learner on the roster and everyone with a budget, with their state. Returns (rows, problem): when the
    roster cannot be read, the rows hold only those with a budget and ``problem`` says why."""
    latest = _latest(activity.id)
    users = {u.id: u for u in LtiUser.query.filter(LtiUser.id.in_(latest))} if latest else {}
    by_sub = {u.sub: u for u in users.values()}
    members, problem = _members(course, refresh)
    rows, seen = [], set()
    for member in members:
        if member.is_learner and member.user_id not in seen:
            user = by_sub.get(member.user_id)
            rows.append(_row(member.name or (user.name if user else ""), member.email or (user.email if user else ""),
                             member.user_id, latest.get(user.id) if user else None))
            seen.add(member.user_id)
    for user_id, pair in latest.items():
        user = users[user_id]
        if user.sub not in seen:
            rows.append(_row(user.name, user.email, user.sub, pair))
    return sorted(rows, key=lambda r: (normalise_text(r.name or r.user_id), r.user_id)), problem


def filter_rows(rows, state="", q=""):
    """The rows in ``state`` (any when it is not one of STATES) whose name, email or user id contains ``q``."""
    needle = normalise_text(q or "")
    return [r for r in rows if (state not in STATES or r.state == state)
            and (not needle or needle in normalise_text(f"{r.name} {r.email} {r.user_id}"))]


def count_states(rows):
    counts = Counter(r.state for r in rows)
    return {state: counts.get(state, 0) for state in STATES}


def _newest_handed_in(activity_id, *options):
    """Every learner's newest handed-in budget."""
    s = BudgetSubmission
    newest = (db.select(s.user_id, db.func.max(s.attempt).label("attempt"))
              .where(s.activity_id == activity_id, s.status.in_(HANDED_IN)).group_by(s.user_id).subquery())
    query = (db.select(s).join(newest, (s.user_id == newest.c.user_id) & (s.attempt == newest.c.attempt))
             .where(s.activity_id == activity_id).options(*options).order_by(s.user_id))
    return db.session.execute(query).scalars().all()


def struggles(activity_id, locale="id", limit=10):
    """The most frequent findings across handed-in budgets (learners counted once per finding), and the totals
    against the exercise's ceiling."""
    language = number_locale(locale)
    budgets = _newest_handed_in(activity_id, defer(BudgetSubmission.document))
    learners, occurrences, severity, check, texts = Counter(), Counter(), {}, {}, {}
    for budget in budgets:
        learners.update({str(f.get("code") or "?") for f in budget.findings or []})
        for finding in budget.findings or []:
            code, text = str(finding.get("code") or "?"), finding.get("text") or {}
            occurrences[code] += 1
            check.setdefault(code, str(finding.get("check") or ""))
            if finding.get("severity") == "error" or code not in severity:  # the worst one seen
                severity[code] = str(finding.get("severity") or "")
            texts.setdefault(code, Counter())[text.get(language) or text.get("id") or code] += 1
    ranked = sorted(occurrences, key=lambda c: (-learners[c], -occurrences[c], c))[:limit]
    findings = [Struggle(code, check[code], severity[code], learners[code], occurrences[code],
                         texts[code].most_common(1)[0][0]) for code in ranked]
    exercise = db.session.get(BudgetExercise, activity_id)
    ceiling = exercise.ceiling if exercise is not None else None
    totals = sorted(b.total for b in budgets if b.total is not None)
    over = sum(t > ceiling for t in totals) if ceiling is not None else None
    return Struggles(
        handed_in=len(budgets), findings=findings, ceiling=ceiling, over=over,
        within=len(totals) - over if over is not None else None, median=_median(totals),
        lowest=totals[0] if totals else None, highest=totals[-1] if totals else None)


def _median(ordered):
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return whole_rupiah((Decimal(ordered[middle - 1]) + Decimal(ordered[middle])) / 2)


_TEXTS = {  # key → (Indonesian, English), as in rka_export: the workbook follows the page's language
    "summary": ("Ringkasan", "Summary"), "lines": ("Baris belanja", "Budget lines"),
    "summary_columns": (("Nama", "Email", "ID pengguna", "Status", "Percobaan", "Total", "Pagu", "Nilai otomatis",
                         "Nilai akhir", "Dikumpulkan (WIB)"),
                        ("Name", "Email", "User id", "State", "Attempt", "Total", "Ceiling", "Automatic score",
                         "Final score", "Submitted (WIB)")),
    "lines_columns": (("Nama", "Email", "Baris", "Kode Rekening", "Uraian", "Spesifikasi", "Koefisien", "Satuan",
                      "Harga", "PPN", "Jumlah"),
                     ("Name", "Email", "Line", "Account code", "Component", "Specification", "Coefficient", "Unit",
                      "Price", "VAT", "Amount")),
    NOT_STARTED: ("belum mulai", "not started"), DRAFT: ("draf", "draft"),
    SUBMITTED: ("dikumpulkan, menunggu penilaian", "submitted, to be graded"), GRADED: ("dinilai", "graded"),
    "included": ("termasuk", "included"),
}
_BOLD = Font(bold=True)
_SCORE = "0.00"
_DATE = "yyyy-mm-dd hh:mm"


def _put(ws, row, values, formats=(), bold=False):
    """One row; text is written as text, never as a formula, without the characters XLSX cannot hold."""
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column)
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT] if isinstance(value, str) else value
        if isinstance(value, str):
            cell.data_type = "s"
        if column <= len(formats) and formats[column - 1] and value is not None:
            cell.number_format = formats[column - 1]
        if bold:
            cell.font = _BOLD


def _sheet(ws, index, key, widths):
    ws.title = _TEXTS[key][index]
    _put(ws, 1, _TEXTS[key + "_columns"][index], bold=True)
    for column, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + column)].width = width
    ws.freeze_panes = "A2"


def _parsed(budget, language):
    """The stored budget read in the learner's language, else in the other one (see the module docstring)."""
    first = number_locale(budget.user.locale or language)
    parsed = parse_document(budget.document, first)
    return parsed if not parsed.line_errors else parse_document(budget.document, "id" if first == "en" else "en")


def export_all(activity, exercise, locale):
    """Every learner (summary) and every line of every newest handed-in budget, as XLSX bytes."""
    index = 1 if number_locale(locale) == "en" else 0
    rows, _problem = learner_states(activity, activity.course)
    budgets = {b.user.sub: b for b in _newest_handed_in(activity.id, selectinload(BudgetSubmission.user))}
    rules = rules_for(exercise)
    workbook = Workbook()
    summary, lines = workbook.active, workbook.create_sheet()
    _sheet(summary, index, "summary", (28, 30, 14, 26, 10, 18, 18, 14, 14, 18))
    _sheet(lines, index, "lines", (28, 30, 8, 22, 36, 28, 24, 12, 16, 10, 18))
    summary_formats = (None, None, None, None, None, RUPIAH, RUPIAH, _SCORE, _SCORE, _DATE)
    line_row = 1
    for number, row in enumerate(rows, start=2):
        _put(summary, number, (row.name, row.email, row.user_id, _TEXTS[row.state][index], row.attempt, row.total,
                               exercise.ceiling, row.automatic_score, row.final_score, row.submitted_at_wib),
             summary_formats)
        budget = budgets.get(row.user_id)
        for line in _parsed(budget, locale).budget.lines if budget is not None else ():
            line_row += 1
            _put(lines, line_row, *_line(row, line, rules, index))
    for ws, last in ((summary, len(rows) + 1), (lines, line_row)):
        ws.auto_filter.ref = f"A1:{chr(ord('A') + ws.max_column - 1)}{last}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _line(row, line, rules, index):
    """(values, number formats) of one line of the flat sheet."""
    cents = line.unit_price != line.unit_price.to_integral_value()
    ppn = _TEXTS["included"][index] if line.ppn and rules.prices_include_ppn else rules.ppn_rate if line.ppn else 0
    values = (row.name, row.email, line.line_no, line.account, line.component, line.specification,
              line.koefisien.label_for("en" if index else "id"), line.satuan,
              line.unit_price if cents else int(line.unit_price), ppn,
              line_amount(line, rules.ppn_rate, rules.prices_include_ppn))
    return values, (None,) * 8 + (RUPIAH_CENTS if cents else RUPIAH, PERCENT, RUPIAH)
