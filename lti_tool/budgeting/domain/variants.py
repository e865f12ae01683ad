"""Scenario variants of a budgeting exercise (issue 16): each learner gets one, so that neighbours cannot copy.

Pure: standard library only. A variant is a label, a number of participants and a pagu (whole rupiah). The
instructor types them one per line, ``label | peserta | pagu`` (``A | 30 | 45.000.000``), and the number of
participants the exercise's text and required quantities are written for (the *base*).

- Assignment: round-robin in the order learners first open the exercise: the n-th learner (counting from 0) gets
  variant ``n mod len(variants)``; the choice is stored with the learner's budget and kept across attempts.
- Scaling: a required component marked *per participant* has its minimum and maximum volume scaled by
  participants / base; the minimum is rounded down and the maximum up to two decimals, so rounding never narrows
  the range (30 → 20 participants: 60 OH becomes 40 OH; 30 → 25: 10 becomes 8.33 at least, 8.34 at most). Other
  components (a hall, a speaker's hours) and components without a base keep their volumes.
- Placeholders ``{peserta}``, ``{pagu}`` and ``{varian}`` in the scenario are replaced by the learner's values,
  HTML-escaped when the text is HTML (the scenario is rendered and sanitized first, then filled).
"""
import html
import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from .numbers import MAX_AMOUNT, InputError, parse_number

MAX_VARIANTS = 50
MAX_LABEL = 40
MAX_PARTICIPANTS = 100_000
PLACEHOLDER = re.compile(r"\{(peserta|pagu|varian)\}")
PER_PARTICIPANT_WORDS = frozenset({"peserta", "per peserta", "participants", "per participant", "participant"})
_HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Variant:
    label: str
    participants: int
    pagu: int  # whole rupiah


class VariantError(ValueError):
    """A line of the variants text (``row``, from 1; None for the whole text or the base) that cannot be read:
    ``code`` names why; ``cause`` is the InputError of a number that does not read, when that is why."""

    def __init__(self, row, code, cause=None, **params):
        super().__init__(code)
        self.row, self.code, self.cause, self.params = row, code, cause, params


def _number(text, locale, limit, row, code):
    """A whole positive number as typed in ``locale``. A whole amount has no decimals, so one that does not read in
    ``locale`` is read the Indonesian way too (``45.000.000`` on an English page); the error told is the page's."""
    def read(in_locale):
        return int(parse_number(text, in_locale, max_decimals=0, allow_zero=False, limit=limit))

    try:
        return read(locale)
    except InputError as exc:
        if locale != "id":
            try:
                return read("id")
            except InputError:
                pass
        raise VariantError(row, code, exc) from exc


def parse_variants(text, locale="id"):
    """The variants typed one per line, ``label | participants | pagu`` (blank lines skipped) → a tuple of Variant;
    VariantError names the first line that is wrong and why."""
    variants, seen = [], {}
    for row, line in enumerate(str(text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3:
            raise VariantError(row, "columns")
        label, participants, pagu = parts
        label = " ".join(label.split())
        if not label:
            raise VariantError(row, "label_empty")
        if len(label) > MAX_LABEL:
            raise VariantError(row, "label_too_long", max=MAX_LABEL)
        if label.casefold() in seen:
            raise VariantError(row, "label_duplicate", label=label, first=seen[label.casefold()])
        seen[label.casefold()] = row
        variants.append(Variant(label, _number(participants, locale, MAX_PARTICIPANTS, row, "participants"),
                                _number(pagu, locale, MAX_AMOUNT, row, "pagu")))
        if len(variants) > MAX_VARIANTS:
            raise VariantError(row, "too_many", max=MAX_VARIANTS)
    return tuple(variants)


def parse_base(text, locale="id"):
    """The number of participants the exercise is written for, or None when empty."""
    text = str(text or "").strip()
    return _number(text, locale, MAX_PARTICIPANTS, None, "base") if text else None


def variants_text(variants, pagu_text=str):
    """The variants as the settings form shows them (``pagu_text`` formats a pagu as the page writes numbers)."""
    return "\n".join(f"{v.label} | {v.participants} | {pagu_text(v.pagu)}" for v in variants)


def assigned(order, count):
    """The index of the variant of the learner who opened the exercise ``order``-th (from 0): round-robin."""
    return order % count if count else None


def scale_volumes(minimum, maximum, participants, base):
    """(min, max) volumes, Decimal or None, scaled by participants / base (module docstring: min down, max up)."""
    def scaled(value, rounding):
        if value is None:
            return None
        return (Decimal(value) * participants / base).quantize(_HUNDREDTH, rounding)

    return scaled(minimum, ROUND_FLOOR), scaled(maximum, ROUND_CEILING)


def is_per_participant_word(text):
    """Whether the 4th column of a required component (``makan | 60 | 90 | peserta``) marks it per participant;
    None when the text is neither empty nor such a word."""
    word = " ".join(str(text or "").split()).casefold()
    if not word:
        return False
    return True if word in PER_PARTICIPANT_WORDS else None


def fill_placeholders(text, values, as_html=False):
    """``text`` with ``{peserta}``, ``{pagu}`` and ``{varian}`` replaced by ``values`` (already formatted strings);
    escaped for HTML when ``as_html``. A placeholder without a value stays as typed."""
    def replace(match):
        value = values.get(match[1])
        if value is None:
            return match[0]
        return html.escape(str(value), quote=True) if as_html else str(value)

    return PLACEHOLDER.sub(replace, str(text or ""))
