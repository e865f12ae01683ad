"""The ``feedback`` blueprint and what its pages share: the builder's and settings pages (builder_views,
settings_views) and the learner's (learner_views) are all on it, so their endpoints are ``feedback.<view>``.

Every page works on the activity bound to the launch (``requires_activity``), never on an id from the browser; item
ids from the URL or a form are looked up within that activity's form only (else 404).
"""
from flask import Blueprint, abort, flash, g, redirect, render_template, url_for

from ..clock import to_local
from ..formats import language
from ..ids import record_id
from . import labels
from .domain.items import allows_not_applicable, points, text_limit
from .services.forms import form_for, is_locked, persons_of, phase
from .services.items import item_in_form

bp = Blueprint("feedback", __name__, url_prefix="/feedback")


def current_form():
    return form_for(g.activity)


def go(endpoint, **values):
    return redirect(url_for(endpoint, launch=g.launch.token, **values))


def refuse(exc):
    flash(labels.refusal(exc.code, exc.params), "error")


def item_or_404(form, value):
    item = item_in_form(form, record_id(value))
    if item is None:
        abort(404)
    return item


def page(template, form=None, status=200, **values):
    """A feedback page: the launch, the activity, the form and its state around ``values``."""
    form = form or current_form()
    return render_template(template, ctx=g.launch, activity=g.activity, form=form, phase=phase(form),
                           locked=is_locked(form), persons=persons_of(form), **values), status


def in_language(text_id, text_en):
    """A stored text in the reader's language (Indonesian when there is no English)."""
    return text_en if language() == "en" and text_en else text_id


def item_text(item):
    return in_language(item.text_id, item.text_en)


def option_label(option):
    return in_language(option.get("id", ""), option.get("en", ""))


def scale_choices(item):
    """[(value, label)] of a scale item's points, lowest first, then "not applicable" when allowed."""
    values = points(item)
    if item.type in ("scale14", "person_rating"):
        labelled = [(str(p), f"{p} · {labels.SCALE14_LABELS[p - 1]}") for p in values]
    elif item.type == "likert":
        names = [in_language(label.get("id", ""), label.get("en", "")) for label in item.config.get("labels") or []]
        labelled = [(str(p), f"{p} · {names[n]}" if n < len(names) and names[n] else str(p))
                    for n, p in enumerate(values)]
    else:
        labelled = [(str(p), str(p)) for p in values]
    if allows_not_applicable(item):
        labelled.append(("na", str(labels.NOT_APPLICABLE)))
    return labelled


def value_label(item, value):
    """One answer value of a choice or scale item in words (for conditions)."""
    if item.type in ("single", "multiple", "dropdown"):
        return next((option_label(o) for o in item.options if o["value"] == value), value)
    return dict(scale_choices(item)).get(value, value)


def condition_words(source, values):
    """The values of a condition in words: ``Baik / Sangat Baik``."""
    return " / ".join(value_label(source, str(v)) for v in values)


def local_input(moment):
    """A stored UTC time as the value of a datetime-local field, in the configured zone."""
    return to_local(moment).strftime("%Y-%m-%dT%H:%M") if moment is not None else ""


TEMPLATE_FILTERS = {"feedback_text": item_text, "feedback_option": option_label, "feedback_type": labels.type_name,
                    "feedback_local_input": local_input, "feedback_refusal": labels.refusal}
TEMPLATE_GLOBALS = {"feedback_scale_choices": scale_choices, "feedback_condition_words": condition_words,
                    "feedback_text_limit": text_limit, "feedback_nps_ends": labels.NPS_ENDS}
