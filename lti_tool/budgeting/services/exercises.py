"""The exercise of a budgeting activity and its rules in domain terms."""
from decimal import Decimal

from ...extensions import db
from ..domain.budget import HEADER_FIELDS, IndicatorKind, Rounding
from ..domain.rules import Account, ExerciseRules, PriceMode, ReferencePrice, RequiredComponent, TaxTreatment
from ..models import BudgetExercise


def exercise_for(activity):
    """The exercise of a budgeting activity, created with defaults on first use."""
    exercise = db.session.get(BudgetExercise, activity.id)
    if exercise is None:
        exercise = BudgetExercise(activity_id=activity.id, programme={}, allowed_accounts=[], required_components=[],
                                  forbidden={}, weights={}, rubric=[])
        db.session.add(exercise)
        db.session.commit()
    return exercise


def _prices(items):
    return tuple(
        ReferencePrice(code=i["code"], name=i["name"], specification=i.get("specification", ""), unit=i["unit"],
                       price=Decimal(i["price"]), mode=PriceMode(i.get("mode", "estimate")),
                       tolerance_pct=Decimal(i.get("tolerance_pct", "10")), accounts=frozenset(i.get("accounts", [])),
                       includes_ppn=i.get("includes_ppn"), tax=TaxTreatment(i.get("tax") or "ppn"))
        for i in items
    )


def rules_for(exercise):
    accounts = tuple(Account(i["code"], i["name"]) for i in (exercise.account_list.items if exercise.account_list
                                                                else []))
    prices = _prices(exercise.price_list.items if exercise.price_list else [])
    price_codes = {p.code.strip() for p in prices}
    # A required component is typed as a reference code or as a component name: what is not a code of the current
    # price list is also looked for, as word beginnings, in the chosen item's name and the component ("makan" finds
    # "Makanan Rapat").
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
