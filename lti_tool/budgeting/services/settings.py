"""The instructor's side of a budgeting exercise: the settings form, the weights of the checks, and imports of
the account and price lists (new versions; nothing stored unless every row is accepted)."""
from datetime import datetime
from decimal import Decimal

from ... import clock
from ...activities.models import Activity
from ...extensions import db
from ..domain.budget import HEADER_FIELDS, IndicatorKind, Rounding
from ..domain.numbers import InputError, is_blank, parse_number
from ..domain.rules import DEFAULT_WEIGHTS
from ..domain.variants import is_per_participant_word
from ..header import indicators_setting
from ..io import reference_lists
from ..models import BudgetReferenceList
from . import SubmissionRefused
from .variants import variant_settings


def due_from(text):
    """A datetime-local value, in the configured zone (LATIH_TIMEZONE), as UTC; a year far off is a typing slip."""
    due_text = str(text or "").strip()
    try:
        due = clock.from_local(datetime.fromisoformat(due_text)) if due_text else None
        if due is not None and not 2000 <= due.year <= 2200:
            raise ValueError(due_text)
    except (ValueError, OverflowError) as exc:
        raise SubmissionRefused("field_invalid", field="due_at", detail="date") from exc
    return due


def ceiling_from(text, locale):
    """The pagu typed in ``locale`` as whole rupiah, or None when empty."""
    text = str(text or "").strip()
    if not text:
        return None
    try:
        return int(parse_number(text, locale, max_decimals=0, allow_zero=False))
    except InputError as exc:
        raise SubmissionRefused("field_invalid", field="ceiling", detail=exc.code) from exc


def update_essentials(exercise, values, locale):
    """What the "Select content" dialog asks: the title, the pagu and the due date (the rest later, on the page)."""
    title = " ".join(str(values.get("title") or "").split())[:255]
    if is_blank(title):
        raise SubmissionRefused("field_invalid", field="title", detail="empty")
    ceiling, due = ceiling_from(values.get("ceiling"), locale), due_from(values.get("due_at"))
    db.session.get(Activity, exercise.activity_id).title = title
    exercise.ceiling, exercise.due_at = ceiling, due
    db.session.commit()


def update_settings(exercise, values, locale):
    """Apply the settings form; SubmissionRefused(code, field=…) names the first field that is wrong."""

    def number(name, **kw):
        text = str(values.get(name) or "").strip()
        if not text:
            return None
        try:
            return parse_number(text, locale, **kw)
        except InputError as exc:
            raise SubmissionRefused("field_invalid", field=name, detail=exc.code) from exc

    ceiling = number("ceiling", max_decimals=0, allow_zero=False)
    rate = number("ppn_rate", max_decimals=2, limit=100)
    attempts = number("max_attempts", max_decimals=0, allow_zero=False, limit=50)
    due = due_from(values.get("due_at"))
    title = None if values.get("title") is None else " ".join(str(values["title"]).split())[:255]
    if title is not None and is_blank(title):
        raise SubmissionRefused("field_invalid", field="title", detail="empty")
    if values.get("rounding") not in {r.value for r in Rounding}:
        raise SubmissionRefused("field_invalid", field="rounding", detail="choice")
    known = {i["code"] for i in (exercise.account_list.items if exercise.account_list else [])}
    required = _required_components(values.get("required_components", [])[:100], locale)
    if values.get("variants") is not None:  # only from a page that shows the section
        exercise.variants, exercise.variant_base = variant_settings(values["variants"], values.get("variant_base"),
                                                                    required, locale)
    if title is not None:
        db.session.get(Activity, exercise.activity_id).title = title
    exercise.scenario_md = str(values.get("scenario_md") or "")[:20000]
    indicators = (indicators_setting(values["indicators"]) if values.get("indicators") is not None
                  else (exercise.programme or {}).get("indicators"))
    exercise.programme = {k: str(v)[:255] for k, v in (values.get("programme") or {}).items() if k != "indicators"}
    if indicators:
        exercise.programme["indicators"] = indicators
    exercise.target_group = str(values.get("target_group") or "")[:255]
    exercise.location = str(values.get("location") or "")[:255]
    exercise.dates = str(values.get("dates") or "")[:255]
    exercise.ceiling = int(ceiling) if ceiling is not None else None
    exercise.ppn_rate = (rate / 100) if rate is not None else Decimal("0.11")
    exercise.prices_include_ppn = bool(values.get("prices_include_ppn"))
    exercise.rounding = values["rounding"]
    exercise.allowed_accounts = [c for c in values.get("allowed_accounts", []) if c in known]
    exercise.required_components = required
    exercise.forbidden = values.get("forbidden", {})
    exercise.max_attempts = int(attempts) if attempts is not None else 1
    exercise.review_required = bool(values.get("review_required"))
    exercise.due_at = due
    if values.get("required_fields") is not None:
        chosen = values["required_fields"]
        exercise.required_fields = {
            "header": [name for name in HEADER_FIELDS if name in chosen.get("header", [])],
            "indicators": [kind.value for kind in IndicatorKind if kind.value in chosen.get("indicators", [])]}
    if "rubric" in values:
        exercise.rubric = values["rubric"]
    if values.get("weights"):
        exercise.weights = _weights(values["weights"], locale)
    weight = number("automatic_weight_pct", max_decimals=0, limit=100)
    if weight is not None:
        exercise.automatic_weight_pct = int(weight)
    db.session.commit()


def check_weights(exercise):
    """The weight of every weighted check kind: the exercise's own, else the default."""
    stored = exercise.weights or {}
    return {kind.value: Decimal(stored.get(kind.value, DEFAULT_WEIGHTS[kind])) for kind in DEFAULT_WEIGHTS}


def _required_components(rows, locale):
    """``[{code, min, max, per_participant}]`` as typed (``min``/``max`` in the page's number format, may be empty;
    ``per_participant``: empty, or ``peserta`` when the volumes scale with a variant's participants) → the same with
    canonical decimal strings and a boolean; a volume that is not a number names its row."""
    out = []
    for row_no, row in enumerate(rows, start=1):
        item = {"code": str(row.get("code", "")).strip()[:100]}
        for key in ("min", "max"):
            text = str(row.get(key) or "").strip()
            try:
                item[key] = str(parse_number(text, locale, max_decimals=2, limit=10**9)) if text else ""
            except InputError as exc:
                raise SubmissionRefused("field_invalid", field="required_components", row=row_no,
                                        detail=exc.code) from exc
        if item["min"] and item["max"] and Decimal(item["min"]) > Decimal(item["max"]):
            raise SubmissionRefused("field_invalid", field="required_components", row=row_no, detail="range")
        per_participant = is_per_participant_word(row.get("per_participant"))
        if per_participant is None:
            raise SubmissionRefused("field_invalid", field="required_components", row=row_no, detail="per")
        if per_participant:
            item["per_participant"] = True
        out.append(item)
    return out


def _weights(raw, locale):
    weights = {}
    for kind in DEFAULT_WEIGHTS:
        text = str(raw.get(kind.value, "")).strip()
        if not text:
            continue
        try:
            weights[kind.value] = str(parse_number(text, locale, max_decimals=2, limit=1000))
        except InputError as exc:
            raise SubmissionRefused("field_invalid", field=f"weight-{kind.value}", detail=exc.code) from exc
    return weights


def import_reference(exercise, kind, filename, data, user_id, locale):
    """Import a new version of the account list or the price list. Returns the import report; nothing is stored
    unless every row was accepted."""
    if kind == "accounts":
        report = reference_lists.import_accounts(filename, data)
        items = [{"code": a.code, "name": a.name} for a in report.items]
    else:
        known = {i["code"] for i in (exercise.account_list.items if exercise.account_list else [])} or None
        report = reference_lists.import_prices(filename, data, locale=locale, known_accounts=known)
        items = [{"code": p.code, "name": p.name, "specification": p.specification, "unit": p.unit,
                  "price": str(p.price), "mode": p.mode.value, "tolerance_pct": str(p.tolerance_pct),
                  "accounts": sorted(p.accounts), "includes_ppn": p.includes_ppn, "tax": p.tax.value}
                 for p in report.items]
    if not report.ok:
        return report
    version = 1 + (db.session.query(db.func.max(BudgetReferenceList.version))
                   .filter_by(activity_id=exercise.activity_id, kind=kind).scalar() or 0)
    row = BudgetReferenceList(activity_id=exercise.activity_id, kind=kind, version=version,
                              filename=filename[:255], items=items, imported_by=user_id)
    db.session.add(row)
    db.session.flush()
    if kind == "accounts":
        exercise.account_list_id = row.id
        codes = {i["code"] for i in items}
        exercise.allowed_accounts = [c for c in exercise.allowed_accounts or [] if c in codes] or sorted(codes)
    else:
        exercise.price_list_id = row.id
    db.session.commit()
    return report
