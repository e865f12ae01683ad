"""The texts of scenario variants (``domain.variants``, ``services.variants``): why the settings' variants were
refused, naming the line and the reason (``labels.py`` holds the rest of the kind's texts)."""
from flask_babel import lazy_gettext as _l

from .labels import message, render

VARIANT_COLUMN = _l("Variant")  # the dashboard's XLSX summary, when the exercise has variants
REFUSALS = {  # VariantError.code (the refusal's ``reason``) → its text
    "columns": _l("Scenario variants, line %(row)s: write “label | participants | pagu”, e.g. “A | 30 | "
                  "45.000.000”."),
    "label_empty": _l("Scenario variants, line %(row)s: the label is empty."),
    "label_too_long": _l("Scenario variants, line %(row)s: the label is longer than %(max)s characters."),
    "label_duplicate": _l("Scenario variants, line %(row)s: the label “%(label)s” is already used on line "
                          "%(first)s."),
    "participants": _l("Scenario variants, line %(row)s, number of participants: %(why)s"),
    "pagu": _l("Scenario variants, line %(row)s, pagu: %(why)s"),
    "too_many": _l("Scenario variants, line %(row)s: there can be at most %(max)s variants."),
    "base": _l("Participants the scenario is written for: %(why)s"),
    "base_needed": _l("Scenario variants: enter the number of participants the scenario is written for, so that "
                      "the required volumes marked “peserta” can be scaled."),
}


def refusal(params, locale=None):
    """The text of a ``variants_invalid`` refusal in ``locale`` (the request's when None)."""
    params = dict(params)
    cause = params.pop("cause", None)
    reason = params.pop("reason", "columns")
    shown = {key: value for key, value in params.items() if value is not None}
    if cause is not None:
        shown["why"] = message(cause, locale)
    return render(reason if reason in REFUSALS else "columns", shown, locale, REFUSALS)
