"""The report's settings of a form (on its Settings page): the minimum group size of small-group suppression (5 by
default, 3 to 50; never below 3, ``domain.suppression``) and the centre's target for the 0–100 index (empty: none;
0–100, at most two decimals, ``,`` or ``.`` as the decimal sign). Audited when something changed."""
import re
from decimal import Decimal

from ...extensions import db
from ..domain.items import decimal_or_none
from ..domain.suppression import LOWEST_MINIMUM
from . import FeedbackRefused, audit

HIGHEST_MINIMUM = 50
TARGET = re.compile(r"[0-9]{1,3}(?:[.,][0-9]{1,2})?")  # 80, 82,5, 76.61: no sign, exponent or thousands


def _minimum(text):
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) < 4) or not LOWEST_MINIMUM <= int(text) <= HIGHEST_MINIMUM:
        raise FeedbackRefused("minimum_range", min=LOWEST_MINIMUM, max=HIGHEST_MINIMUM)
    return int(text)


def _target(text):
    text = (text or "").strip()
    if not text:
        return None
    value = decimal_or_none(text) if TARGET.fullmatch(text) else None
    if value is None or not Decimal(0) <= value <= Decimal(100):
        raise FeedbackRefused("target_range")
    return value.quantize(Decimal("0.01"))


def update_report_settings(form, fields, user):
    """``report_minimum`` and ``index_target`` from the form's fields; {name: new value} of what changed."""
    minimum, target = _minimum(fields.get("report_minimum")), _target(fields.get("index_target"))
    changed = {}
    if minimum != form.report_minimum:
        changed["report_minimum"] = form.report_minimum = minimum
    old = None if form.index_target is None else Decimal(form.index_target).quantize(Decimal("0.01"))
    if target != old:
        form.index_target = target
        changed["index_target"] = None if target is None else str(target)
    if changed:
        audit.record(form.activity_id, user, "report_settings_changed", **changed)
    db.session.commit()
    return changed
