"""The comparison of runs ("Bandingkan angkatan", route on the ``feedback`` blueprint of ``pages``; staff only):
this form against the earlier runs of its template on the same platform (``services.cohorts``). Only the launch's
form is compared; the other runs are found by the service, never named by the browser."""
from flask import g
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..formats import format_number
from .domain.stats import percent
from .form_templates import TEMPLATES
from .pages import bp, current_form, page
from .services.cohorts import compare
from .services.report import minimum_of
from .services.templates_own import newest


def template_name(key):
    if key in TEMPLATES:
        return str(TEMPLATES[key].title)
    own = newest(g.launch.course.issuer, key)
    return own.name if own is not None else key


def signed(value, places=None):
    """``+0,5`` / ``−1`` / ``0`` in the reader's format (a real minus sign)."""
    if value is None:
        return ""
    text = format_number(abs(value), places=places)
    return ("+" if value > 0 else "\u2212" if value < 0 else "") + text


def arrow(value):
    """(symbol, words) of a change: up, down or level — the words for screen readers and print."""
    if value is None:
        return "", ""
    if value > 0:
        return "\u25b2", _("up")
    if value < 0:
        return "\u25bc", _("down")
    return "\u25ac", _("unchanged")


def change_parts(change):
    """[(label, symbol, words, figure)] of an ItemChange: median, top-2-box in percentage points, index."""
    if change is None:
        return []
    parts = []
    if change.median is not None:
        parts.append((_("median"), *arrow(change.median), signed(change.median)))
    if change.top_box is not None:
        points = percent(change.top_box)
        parts.append((_("top-2-box"), *arrow(points), _("%(n)s points", n=signed(points))))
    if change.index is not None:
        parts.append((_("index"), *arrow(change.index), signed(change.index, places=2)))
    return parts


@bp.get("/cohorts")
@requires_activity("feedback", staff=True)
def cohorts():
    form = current_form()
    comparison = compare(form, g.launch.course.issuer, minimum_of(form))
    return page("feedback/cohorts.html", form, comparison=comparison, template_name=template_name(form.template_key),
                change_parts=change_parts, percent=percent)
