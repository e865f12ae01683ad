"""Scenario variants (``domain.variants``): which variant a learner has, and the exercise as that learner sees it.

``LearnerExercise`` wraps the exercise for one budget: its pagu is the variant's, required volumes marked per
participant are scaled, and the placeholders of the scenario (and of the target group, location and dates) are
filled. Every page about that budget (the learner's editor and result, the checks' JSON, print, XLSX, the
instructor's grading page, regrading) reads the exercise through it, so that they all agree. Without variants it
is the exercise itself, unchanged.

A learner is given a variant when their draft is first opened (``for_learner``): the exercise's counter
``variants_assigned`` is incremented in one UPDATE (atomic on SQLite and PostgreSQL: two learners opening at once get
consecutive numbers) and the budget takes variant ``number mod count`` only if it has none yet (two tabs of one
learner keep the first). A new attempt keeps the variant (``submissions.new_attempt``). When the instructor changes
the variants later, a budget keeps its index (modulo the new count): values follow the instructor's corrections.
"""
from decimal import Decimal

from ...extensions import db
from ...formats import format_number, format_rupiah
from ...richtext import render_markdown
from ..domain.variants import (
    Variant,
    VariantError,
    assigned,
    fill_placeholders,
    parse_base,
    parse_variants,
    scale_volumes,
    variants_text,
)
from ..models import DRAFT, BudgetExercise, BudgetSubmission
from . import SubmissionRefused


def variants_of(exercise):
    """The exercise's variants as domain Variants (an empty tuple when it has none)."""
    return tuple(Variant(str(v["label"]), int(v["participants"]), int(v["pagu"])) for v in exercise.variants or [])


def variant_at(exercise, index):
    """The variant of index ``index`` (modulo their count: the list may have shrunk), or None."""
    variants = variants_of(exercise)
    if index is None or not variants:
        return None
    return variants[index % len(variants)]


class LearnerExercise:
    """The exercise as the learner of one budget sees it (read-only: settings are changed on the exercise)."""

    def __init__(self, exercise, variant=None):
        object.__setattr__(self, "exercise", exercise)
        object.__setattr__(self, "variant", variant)

    def __getattr__(self, name):
        return getattr(self.exercise, name)

    def __setattr__(self, name, value):
        raise AttributeError(f"{name}: a LearnerExercise is read-only; change the exercise")

    @property
    def ceiling(self):
        return self.variant.pagu if self.variant is not None else self.exercise.ceiling

    @property
    def required_components(self):
        """The required components, volumes marked per participant scaled by participants / base."""
        rows = self.exercise.required_components or []
        base = self.exercise.variant_base
        if self.variant is None or not base:
            return rows
        scaled = []
        for row in rows:
            if row.get("per_participant"):
                low, high = scale_volumes(Decimal(row["min"]) if row.get("min") else None,
                                          Decimal(row["max"]) if row.get("max") else None,
                                          self.variant.participants, base)
                row = dict(row, min=_plain(low), max=_plain(high))
            scaled.append(row)
        return scaled

    def values(self, locale=None):
        """{placeholder: text} of the learner's variant ({} without one)."""
        if self.variant is None:
            return {}
        return {"peserta": format_number(self.variant.participants, locale),
                "pagu": format_rupiah(self.variant.pagu, locale), "varian": self.variant.label}

    def scenario_html(self, locale=None):
        """The scenario rendered and sanitized, then its placeholders filled (escaped)."""
        rendered = render_markdown(self.exercise.scenario_md)
        if self.variant is None:
            return rendered
        return type(rendered)(fill_placeholders(str(rendered), self.values(locale), as_html=True))

    def _filled(self, name):
        text = getattr(self.exercise, name)
        return fill_placeholders(text, self.values()) if self.variant is not None else text

    target_group = property(lambda self: self._filled("target_group"))
    location = property(lambda self: self._filled("location"))
    dates = property(lambda self: self._filled("dates"))


def _plain(value):
    return "" if value is None else format(value.normalize(), "f")


def for_submission(exercise, submission):
    """The exercise as the learner of ``submission`` sees it (an instructor's page about that budget)."""
    exercise = getattr(exercise, "exercise", exercise)  # already wrapped: the exercise itself
    return LearnerExercise(exercise, variant_at(exercise, getattr(submission, "variant", None)))


def for_learner(exercise, submission):
    """The learner's own view: a draft without a variant is given one first, when the exercise has variants."""
    if submission.variant is None and submission.status == DRAFT and exercise.variants:
        assign(exercise, submission)
    return for_submission(exercise, submission)


def assign(exercise, submission):
    """Give ``submission`` (a learner's draft) the next variant, round-robin (module docstring)."""
    count = len(exercise.variants or [])
    where = BudgetExercise.activity_id == exercise.activity_id
    db.session.execute(db.update(BudgetExercise).where(where).values(
        variants_assigned=BudgetExercise.variants_assigned + 1, updated_at=BudgetExercise.updated_at)
        .execution_options(synchronize_session=False))
    order = db.session.execute(db.select(BudgetExercise.variants_assigned).where(where)).scalar_one() - 1
    db.session.execute(db.update(BudgetSubmission).where(BudgetSubmission.id == submission.id,
                                                         BudgetSubmission.variant.is_(None))
                       .values(variant=assigned(order, count)).execution_options(synchronize_session=False))
    db.session.commit()
    db.session.refresh(submission)
    return submission.variant


def variant_settings(text, base_text, required, locale):
    """The settings form's variants (``label | peserta | pagu`` per line) and base → (variants as stored or None,
    base or None). SubmissionRefused ``variants_invalid`` names the line and why (``variant_labels.refusal``)."""
    try:
        variants, base = parse_variants(text, locale), parse_base(base_text, locale)
    except VariantError as exc:
        raise SubmissionRefused("variants_invalid", row=exc.row, reason=exc.code, cause=exc.cause,
                                **exc.params) from exc
    if variants and base is None and any(r.get("per_participant") for r in required):
        raise SubmissionRefused("variants_invalid", row=None, reason="base_needed")
    stored = [{"label": v.label, "participants": v.participants, "pagu": v.pagu} for v in variants]
    return stored or None, base


def settings_text(exercise, locale=None):
    """The variants as the settings form shows them: ``label | peserta | pagu`` per line, in the page's numbers."""
    return variants_text(variants_of(exercise), lambda pagu: format_number(pagu, locale))


def variant_labels(exercise):
    """{index: label} for the instructor's lists ({} without variants)."""
    return {i: v.label for i, v in enumerate(variants_of(exercise))}


def label_of(exercise, index):
    variant = variant_at(exercise, index)
    return variant.label if variant is not None else ""
