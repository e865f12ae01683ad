"""Every text of the loop from feedback to a change (open answers, tags, group discussions, findings, the score on
the course overview) that is not in a template: refusals (codes → messages with params) and short summaries."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..formats import format_date, format_number

REFUSALS = {
    "tag_empty": _l("Write a tag."),
    "tag_too_long": _l("A tag has at most %(max)s characters."),
    "tag_invalid": _l("A tag is made of letters, digits, spaces and hyphens."),
    "too_many_tags": _l("At most %(max)s tags on one answer or point."),
    "answer_unknown": _l("That answer is not shown on this page."),
    "source_unknown": _l("That item, answer or discussion point is not part of this form."),
    "too_many_quotes": _l("At most %(max)s more quotes."),
    "date_invalid": _l("Give the day of the discussion."),
    "participants_range": _l("The number of participants is a whole number from 1 to %(max)s."),
    "points_empty": _l("Write at least one point raised, one a line."),
    "too_many_points": _l("At most %(max)s points in one discussion."),
    "point_too_long": _l("A point has at most %(max)s characters."),
    "discussion_unknown": _l("That discussion is not part of this form."),
    "point_unknown": _l("That point is not part of this form's discussions."),
}

GATE = {
    "not_closed": _l("The form is anonymous: its answers are shown only after it closes."),
    "too_few": _l("The form is anonymous and fewer than %(min)s people answered it (%(n)s): its answers are not "
                  "shown, so that nobody can be recognised."),
}

# The guideline's bands (mutu pelayanan), with their letters: Sangat Baik, Baik, Kurang Baik, Tidak Baik.
BANDS = {"sangat_baik": _l("A, very good"), "baik": _l("B, good"), "kurang_baik": _l("C, less than good"),
         "tidak_baik": _l("D, not good")}


def refusal(code, params=None):
    message = REFUSALS.get(code)
    return str(message) % (params or {}) if message is not None else code


def gate_text(reason, responses, minimum):
    message = GATE.get(reason)
    return str(message) % {"min": minimum, "n": responses} if message is not None else ""


def discussion_label(discussion):
    return _("Group discussion of %(date)s, %(n)s participants", date=format_date(discussion.held_on),
             n=discussion.participants)


def score_text(score):
    """One line for the course overview: the index and its band, and the responses."""
    if score.reason == "not_closed":
        return _("%(n)s responses · results after the form closes", n=score.responses)
    if score.reason == "too_few":
        return _("%(n)s responses · fewer than %(min)s, not shown", n=score.responses, min=score.minimum)
    if score.index is None:
        return _("%(n)s responses", n=score.responses)
    band = BANDS.get(score.index.band.code) if score.index.band is not None else None
    figure = format_number(score.index.index, places=2)
    if band is not None:
        return _("index %(i)s (%(band)s) · %(n)s responses", i=figure, band=band, n=score.responses)
    return _("index %(i)s · %(n)s responses", i=figure, n=score.responses)


def item_figure(evaluation):
    """The figure a finding from a 1–4 item starts with (the instructor may change it): "" without an index."""
    index = evaluation.index
    if index is None:
        return ""
    band = BANDS.get(index.band.code) if index.band is not None else ""
    return _("index %(i)s (%(band)s), %(n)s answers", i=format_number(index.index, places=2), band=band, n=index.n)
