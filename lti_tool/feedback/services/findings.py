"""From a finding of a feedback form to a revision request on a module of the course (through the core package
``lti_tool.revisions``, which this kind calls with plain values).

A finding starts from a **source** the page names by kind and id, looked up within the launch's form only:
an ``item`` of the form (the instructor writes the figure), an ``answer`` (a shown open answer, quoted; its item is
the reference — never who wrote it), a discussion ``point`` (quoted), or a free ``finding``. The instructor adds
what should change, more quotes if any, and picks the target among the course's modules.
"""
from dataclasses import dataclass

from ...formats import format_date
from ...ids import record_id
from ...revisions import services as revisions
from ..domain.items import TEXT_TYPES
from ..models import FeedbackItem
from . import FeedbackRefused
from .discussions import point_in_form
from .items import item_in_form
from .tags import answer_in_form

MAX_EXTRA_QUOTES = 10


@dataclass(frozen=True)
class Source:
    kind: str  # item, answer, point, finding
    ref: str  # the item's id (item, answer), the point's id, or ""
    label: str  # the item's text, or the discussion's day and size
    quotes: tuple = ()
    item: FeedbackItem | None = None
    given: str = ""  # the reference as the page gave it (an answer's id), to name the source again


def source_of(form, kind, ref, discussion_label=None):
    """The Source named by ``kind`` and ``ref`` within ``form``; FeedbackRefused("source_unknown") otherwise.
    ``discussion_label(discussion)`` words a discussion (the page's language)."""
    if kind == "finding":
        return Source("finding", "", "", given="")
    if kind == "item":
        item = item_in_form(form, record_id(ref))
        if item is not None and item.type != "info":
            return Source("item", str(item.id), item.text_id, (), item, str(item.id))
    elif kind == "answer":
        answer = answer_in_form(form, str(ref or ""))
        if answer is not None:
            item = item_in_form(form, answer.item_id)
            if item is not None and item.type in TEXT_TYPES:
                return Source("answer", str(item.id), item.text_id, (answer.text,), item, answer.id)
    elif kind == "point":
        point = point_in_form(form, record_id(ref))
        if point is not None:
            discussion = point.discussion
            label = discussion_label(discussion) if discussion_label else format_date(discussion.held_on)
            return Source("point", str(point.id), label, (point.text,), None, str(point.id))
    raise FeedbackRefused("source_unknown")


def extra_quotes(text):
    quotes = [" ".join(line.split()) for line in (text or "").splitlines()]
    quotes = [q for q in quotes if q]
    if len(quotes) > MAX_EXTRA_QUOTES:
        raise FeedbackRefused("too_many_quotes", max=MAX_EXTRA_QUOTES)
    return quotes


def open_finding(activity, source, fields, user):
    """A revision request on the module chosen in ``fields["target"]`` (an activity of the same course); raises
    ``revisions.RevisionRefused`` or FeedbackRefused. Returns the request."""
    return revisions.open_request(
        activity.course_id, record_id(fields.get("target")), source_activity_id=activity.id, source_kind=source.kind,
        source_ref=source.ref, source_label=source.label, figure=fields.get("figure", ""),
        quotes=list(source.quotes) + extra_quotes(fields.get("quotes")), change=fields.get("change", ""), user=user)


def targets(activity):
    return revisions.targets(activity.course_id)


def requests_of(activity):
    return revisions.requests_from(activity.id)
