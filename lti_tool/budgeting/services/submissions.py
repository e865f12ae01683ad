"""Between the database and the pure budgeting domain: documents, rules, drafts, submission and grading."""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.exc import IntegrityError

from ...clock import utcnow
from ...extensions import db
from ...grades.models import FULLY_GRADED, PENDING_MANUAL
from ...grades.outbox import record_score
from ..domain.budget import (
    HEADER_FIELDS,
    MAX_LINES,
    Account,
    Budget,
    BudgetLine,
    ExerciseRules,
    Indicator,
    IndicatorKind,
    PriceMode,
    ReferencePrice,
    RequiredComponent,
    Rounding,
    account_sort_key,
    parse_koefisien,
)
from ..domain.checks import automatic_score, check_budget
from ..domain.numbers import InputError, format_decimal, message, number_locale, parse_number
from ..models import DRAFT, GRADED, SUBMITTED, BudgetSubmission

LINE_FIELDS = ("account", "component", "specification", "koefisien", "abbreviation", "unit", "unit_price", "ppn",
               "reference_code")


class SubmissionRefused(Exception):
    """Why a draft cannot be saved or submitted; ``code`` names a translated message in the views."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code, self.params = code, params


# --- documents --------------------------------------------------------------------------------------------


def empty_document():
    return {"header": {name: "" for name in HEADER_FIELDS},
            "indicators": [{"kind": k.value, "measure": "", "target": ""} for k in IndicatorKind],
            "lines": []}


def clean_line(raw):
    """A line as typed, reduced to known fields and bounded lengths (any Unicode is kept)."""
    line = {name: str(raw.get(name) or "")[:500] for name in LINE_FIELDS if name != "ppn"}
    line["ppn"] = bool(raw.get("ppn")) and raw.get("ppn") not in ("0", "false", "off")
    return line


def in_account_order(lines):
    """The typed lines grouped by account as in the RKA (code order, the learner's order within an account); lines
    without an account stay last. A stable sort: only a plain save reorders, so the page shown is the order stored."""
    return sorted(lines, key=lambda line: (not str(line.get("account") or "").strip(),
                                           account_sort_key(str(line.get("account") or "").strip())))


def parse_line(raw, line_no, locale):
    """The typed line as a domain BudgetLine, or InputError naming what is wrong."""
    koefisien = parse_koefisien(raw["koefisien"], locale, raw.get("abbreviation", ""))
    price = parse_number(raw["unit_price"], locale, max_decimals=2)
    return BudgetLine(line_no=line_no, account=raw["account"].strip(), component=raw["component"],
                      specification=raw["specification"], koefisien=koefisien, unit=raw["unit"],
                      unit_price=price, ppn=raw["ppn"], reference_code=raw["reference_code"].strip() or None)


def in_locale(document, locale):
    """The draft as a page in ``locale`` shows it for editing. Numbers typed while the page was in the other
    language are rewritten in this one (``50.000`` typed in Indonesian shows as ``50,000`` in English), because a
    save from this page reads every number in this page's language; text that does not read as a number stays as
    typed (and its line keeps its message). The stored draft is not changed."""
    typed_in = number_locale(document.get("locale") or locale)
    if typed_in == number_locale(locale):
        return document
    lines = []
    for raw in document.get("lines", []):
        line = dict(raw)
        try:
            line["unit_price"] = format_decimal(parse_number(str(raw.get("unit_price") or ""), typed_in), locale)
        except InputError:
            pass
        try:
            koefisien = parse_koefisien(str(raw.get("koefisien") or ""), typed_in, raw.get("abbreviation", ""))
            line["koefisien"] = koefisien.label_for(locale)
        except InputError:
            pass
        lines.append(line)
    return dict(document, lines=lines, locale=number_locale(locale))


@dataclass
class ParsedDocument:
    budget: Budget
    line_errors: dict  # line_no -> InputError


def parse_document(document, locale):
    """The stored budget in domain terms. Numbers are read as the learner typed them: in the language the page had
    when the draft was saved (kept in the document), else ``locale``."""
    locale = document.get("locale") or locale
    lines, errors = [], {}
    for number, raw in enumerate(document.get("lines", [])[:MAX_LINES + 1], start=1):
        try:
            lines.append(parse_line(clean_line(raw), number, locale))
        except InputError as exc:
            errors[number] = exc
    indicators = []
    for item in document.get("indicators", []):
        try:
            kind = IndicatorKind(item.get("kind"))
        except ValueError:
            continue
        indicators.append(Indicator(kind, item.get("measure", ""), item.get("target", "")))
    header = {name: str(document.get("header", {}).get(name, "")) for name in HEADER_FIELDS}
    return ParsedDocument(Budget(header=header, indicators=indicators, lines=lines), errors)


@dataclass(frozen=True)
class DraftFeedback:
    """What the checks say about a draft while the learner works on it: findings by line number, findings about
    the whole budget, and the automatic score it would get now. Texts are in the page's language."""
    by_line: dict  # line_no -> [(severity, text)]
    general: list  # [(severity, text)]
    score: Decimal
    report: object = None  # the CheckReport: its amounts, account groups and total serve the page too


def draft_feedback(parsed, exercise, locale):
    rules = rules_for(exercise)
    report = check_budget(parsed.budget, rules)
    by_line, general = {}, []
    for finding in report.findings:
        item = (finding.severity.value, message(finding, locale))
        if finding.line_no is None:
            general.append(item)
        else:
            by_line.setdefault(finding.line_no, []).append(item)
    return DraftFeedback(by_line, general, automatic_score(report, rules.weights), report)


# --- rules ------------------------------------------------------------------------------------------------


def _prices(items):
    return tuple(
        ReferencePrice(code=i["code"], name=i["name"], specification=i.get("specification", ""), unit=i["unit"],
                       price=Decimal(i["price"]), mode=PriceMode(i.get("mode", "estimate")),
                       tolerance_pct=Decimal(i.get("tolerance_pct", "10")), accounts=frozenset(i.get("accounts", [])),
                       includes_ppn=i.get("includes_ppn"))
        for i in items
    )


def rules_for(exercise):
    accounts = tuple(Account(i["code"], i["name"]) for i in (exercise.account_list.items if exercise.account_list
                                                                else []))
    prices = _prices(exercise.price_list.items if exercise.price_list else [])
    price_codes = {p.code.strip() for p in prices}
    # A required component is typed as a reference code or as a component name: what is not a code of the current
    # price list is also looked for, as whole words, in the components' text ("makan" finds "Makan siang").
    required = tuple(
        RequiredComponent(reference_code=r.get("code") or None,
                          name=r.get("name") or (r.get("code") if r.get("code") not in price_codes else None) or None,
                          min_volume=Decimal(r["min"]) if r.get("min") else None,
                          max_volume=Decimal(r["max"]) if r.get("max") else None)
        for r in exercise.required_components or []
    )
    forbidden = exercise.forbidden or {}
    weights = {k: Decimal(v) for k, v in (exercise.weights or {}).items()}
    return ExerciseRules(
        ceiling=exercise.ceiling, accounts=accounts, allowed_accounts=frozenset(exercise.allowed_accounts or []),
        prices=prices, required_components=required, forbidden_codes=frozenset(forbidden.get("codes", [])),
        forbidden_keywords=tuple(forbidden.get("keywords", [])), ppn_rate=Decimal(exercise.ppn_rate),
        prices_include_ppn=exercise.prices_include_ppn, rounding=Rounding(exercise.rounding),
        **({"weights": weights} if weights else {}), **required_fields(exercise),
    )


def required_fields(exercise):
    """The header fields and indicators the learner must fill in, as ExerciseRules arguments (default: all)."""
    chosen = exercise.required_fields
    if chosen is None:
        return {}
    return {"required_header_fields": tuple(n for n in HEADER_FIELDS if n in chosen.get("header", [])),
            "required_indicator_kinds": tuple(k for k in IndicatorKind if k.value in chosen.get("indicators", []))}


# --- drafts and submissions -------------------------------------------------------------------------------


def _latest(activity_id, user_id):
    return (BudgetSubmission.query.filter_by(activity_id=activity_id, user_id=user_id)
            .order_by(BudgetSubmission.attempt.desc()).first())


def _insert_attempt(activity_id, user_id, attempt, document):
    """Add attempt number ``attempt``; when another request (another worker: a double click, two tabs) added it
    first, the unique (activity, user, attempt) keeps one row and the caller gets the latest."""
    draft = BudgetSubmission(activity_id=activity_id, user_id=user_id, attempt=attempt, status=DRAFT,
                             document=document)
    db.session.add(draft)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return _latest(activity_id, user_id)
    return draft


def current_submission(activity_id, user_id):
    """The learner's latest attempt; a first draft is created on demand."""
    return _latest(activity_id, user_id) or _insert_attempt(activity_id, user_id, 1, empty_document())


def _claim(submission, revision, values):
    """Compare-and-set on the row: write ``values`` only if it is still the draft at ``revision``. Another worker
    may have saved or submitted it since this request read it; then nothing is written and the refusal says which."""
    claimed = (BudgetSubmission.query.filter_by(id=submission.id, revision=revision, status=DRAFT)
               .update(values, synchronize_session=False))
    if not claimed:
        db.session.rollback()
        db.session.refresh(submission)
        raise SubmissionRefused("not_draft" if submission.status != DRAFT else "stale")


def save_draft(submission, document, revision, locale=None):
    """Replace the draft; ``revision`` must be the one the learner's page was built from (a form posted twice,
    or from two tabs, must not overwrite newer work)."""
    if submission.status != DRAFT:
        raise SubmissionRefused("not_draft")
    if revision != submission.revision:
        raise SubmissionRefused("stale")
    if len(document.get("lines", [])) > MAX_LINES:
        raise SubmissionRefused("too_many_lines", max=MAX_LINES)
    _claim(submission, revision, {"revision": revision + 1, "updated_at": utcnow(), "document": {
        "header": {name: str(document.get("header", {}).get(name, ""))[:500] for name in HEADER_FIELDS},
        "indicators": [{"kind": str(i.get("kind", "")), "measure": str(i.get("measure", ""))[:500],
                        "target": str(i.get("target", ""))[:500]} for i in document.get("indicators", [])[:20]],
        "lines": [clean_line(line) for line in document.get("lines", [])],
        "locale": locale or submission.document.get("locale") or "id",
    }})
    db.session.commit()


def submit(submission, exercise, user, link, locale):
    """Check, score and hand in the draft; the score goes to the outbox in the same transaction."""
    if submission.status != DRAFT:
        raise SubmissionRefused("not_draft")
    if exercise.due_at is not None and utcnow() > exercise.due_at:
        raise SubmissionRefused("past_due")
    parsed = parse_document(submission.document, locale)
    if parsed.line_errors:
        raise SubmissionRefused("line_errors", count=len(parsed.line_errors))
    report = check_budget(parsed.budget, rules_for(exercise))
    automatic = automatic_score(report, rules_for(exercise).weights)
    # Hand in exactly once, even when the form reaches two workers at the same moment.
    _claim(submission, submission.revision, {"status": SUBMITTED})
    submission.status, submission.submitted_at = SUBMITTED, utcnow()
    submission.total, submission.automatic_score = report.total, automatic
    submission.findings = [{"check": f.check.value, "severity": f.severity.value, "line_no": f.line_no,
                            "code": f.message_code, "text": {loc: message(f, loc) for loc in ("id", "en")}}
                           for f in report.findings]
    needs_person = exercise.review_required or bool(exercise.rubric)
    if not needs_person:
        submission.status, submission.final_score, submission.graded_at = GRADED, automatic, utcnow()
    activity = exercise.activity
    record_score(user=user, activity=activity, link=link,
                 score_given=(automatic * Decimal(activity.score_maximum) / 100).quantize(Decimal("0.01")),
                 activity_progress="Submitted" if needs_person else "Completed",
                 grading_progress=PENDING_MANUAL if needs_person else FULLY_GRADED)
    db.session.commit()
    return report


def new_attempt(exercise, activity_id, user_id):
    """A new draft from the latest handed-in budget, while attempts are left and the due date has not passed."""
    latest = current_submission(activity_id, user_id)
    if latest.status == DRAFT:
        return latest
    if attempts_left(exercise, activity_id, user_id) <= 0:
        raise SubmissionRefused("no_attempts")
    if exercise.due_at is not None and utcnow() > exercise.due_at:
        raise SubmissionRefused("past_due")
    return _insert_attempt(activity_id, user_id, latest.attempt + 1, dict(latest.document))


def attempts_left(exercise, activity_id, user_id):
    used = BudgetSubmission.query.filter(BudgetSubmission.activity_id == activity_id,
                                         BudgetSubmission.user_id == user_id,
                                         BudgetSubmission.status != DRAFT).count()
    return max(0, exercise.max_attempts - used)


# --- the instructor's side --------------------------------------------------------------------------------


def exercise_for(activity):
    """The exercise of a budgeting activity, created with defaults on first use."""
    from ..models import BudgetExercise

    exercise = db.session.get(BudgetExercise, activity.id)
    if exercise is None:
        exercise = BudgetExercise(activity_id=activity.id, programme={}, allowed_accounts=[], required_components=[],
                                  forbidden={}, weights={}, rubric=[])
        db.session.add(exercise)
        db.session.commit()
    return exercise
