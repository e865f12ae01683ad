"""Planned JP and the category of competency development of an activity, as the instructor sets them.

Core and kind-neutral: every kind's create and settings forms show the category (``templates/activities/
_jp_fields.html``, field ``<kind>_jp_category``) next to its JP; the chosen category is stored in
``activity.jp_category`` (NULL: the kind's default ``ActivityKind.jp_category``) and read by the learning record
when it credits. ``parse_jp`` checks a JP typed by the instructor (0–100, at most two decimals; a kind whose JP is a
whole number keeps its own check)."""
from decimal import Decimal, InvalidOperation

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .kinds import KindError, get_kind

MAX_JP = Decimal(100)
CATEGORY_LABELS = {
    "pelatihan klasikal": _l("Classroom training"),
    "e-learning": _l("E-learning"),
    "coaching/mentoring": _l("Coaching/mentoring"),
    "seminar/workshop": _l("Seminar/workshop"),
    "belajar mandiri": _l("Self-study"),
}


def categories():
    """The configured categories (``LATIH_JP_CATEGORIES``), in their order."""
    names = current_app.config.get("LATIH_JP_CATEGORIES") or ()
    if isinstance(names, str):
        names = [n.strip() for n in names.split(",") if n.strip()]
    return tuple(names)


def category_label(name):
    return CATEGORY_LABELS.get(name, name)


def parse_jp(text):
    """The JP typed in a form: "" → None; else a Decimal 0–100 with at most two decimals ("1,5" is 1.5).

    Raises KindError (its message is for the instructor) for anything else."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    refusal = KindError(_("The planned JP is a number from 0 to %(max)s with at most two decimals (e.g. 2 or 1.5).",
                          max=MAX_JP))
    if len(text) > 10 or not all(c.isascii() and (c.isdigit() or c == ".") for c in text):
        raise refusal
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise refusal from None
    if not value.is_finite() or not Decimal(0) <= value <= MAX_JP or value != value.quantize(Decimal("0.01")):
        raise refusal
    return value.quantize(Decimal("0.01"))


def parse_category(text):
    """A category from a form: "" → None (the kind's default); one of the configured categories; else KindError."""
    text = (text or "").strip()
    if not text:
        return None
    if text not in categories():
        raise KindError(_("Choose a category of competency development from the list."))
    return text


def apply_category(activity, form, prefix=None):
    """Set ``activity.jp_category`` from the form's ``<prefix>_jp_category`` (prefix: the kind's name); a form without
    the field leaves it as it is. Raises KindError; does not commit."""
    name = f"{prefix or activity.kind}_jp_category"
    if form is not None and name in form:
        activity.jp_category = parse_category(form.get(name))


def category_of(activity):
    """The category the activity's completions count under: the instructor's choice, else the kind's (per activity
    through ``jp_category_of`` when the kind has it, else its ``jp_category``)."""
    if getattr(activity, "jp_category", None):
        return activity.jp_category
    kind = get_kind(activity.kind)
    if kind is None:
        return "e-learning"
    per_activity = getattr(kind, "jp_category_of", None)  # a kind whose category is per activity (a follow-up)
    return per_activity(activity) if per_activity is not None else kind.jp_category


def category_choices(kind_name=None):
    """For the forms: (the label of the kind's default, [(category, label)])."""
    kind = get_kind(kind_name) if kind_name else None
    default = category_label(kind.jp_category) if kind is not None else ""
    return default, [(name, category_label(name)) for name in categories()]
