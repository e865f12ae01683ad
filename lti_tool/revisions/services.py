"""Revision requests on plain values: open one, list them (by target, by source), answer one, count them per source.

Every id is looked up within the course (``open_request``) or the target activity (``request_in``): an id from the
browser that names another course's activity reaches nothing. A refusal is ``RevisionRefused(code, **params)``
(``labels.refusal`` gives its message).

Answering mirrors a reviewer's comment in the modules kind: *addressed* in version N (a whole number the target kind
has checked) or *declined* with a reason; an answer may be changed, a request never becomes open again.
"""
from dataclasses import dataclass

from ..activities.kinds import get_kind
from ..activities.models import Activity
from ..clock import utcnow
from ..extensions import db
from .models import RevisionRequest

SOURCE_KINDS = ("item", "answer", "point", "finding")
STATES = ("open", "addressed", "declined")
MAX_CHANGE = 4000
MAX_FIGURE = 1000
MAX_QUOTES = 20
MAX_QUOTE = 2000
MAX_LABEL = 2000


class RevisionRefused(ValueError):
    def __init__(self, code, **params):
        super().__init__(code)
        self.code, self.params = code, params


def _text(value):
    return (value or "").replace("\r\n", "\n").strip()


def takes_requests(activity):
    kind = get_kind(activity.kind) if activity is not None else None
    return bool(kind is not None and kind.takes_revision_requests)


def targets(course_id):
    """The course's activities that take revision requests (the modules), in the order they were made."""
    rows = Activity.query.filter_by(course_id=course_id).order_by(Activity.id).all()
    return [a for a in rows if takes_requests(a)]


def target_in_course(course_id, activity_id):
    """The activity ``activity_id`` of this course when it takes revision requests, else None."""
    if not isinstance(activity_id, int) or isinstance(activity_id, bool):
        return None
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.course_id != course_id or not takes_requests(activity):
        return None
    return activity


def open_request(course_id, target_activity_id, *, source_activity_id, source_kind, change, user=None,
                 source_ref="", source_label="", figure="", quotes=()):
    """A new open request on ``target_activity_id`` (an activity of ``course_id`` that takes requests)."""
    target = target_in_course(course_id, target_activity_id)
    if target is None:
        raise RevisionRefused("target_unknown")
    source = db.session.get(Activity, source_activity_id) if source_activity_id is not None else None
    if source_activity_id is not None and (source is None or source.course_id != course_id):
        raise RevisionRefused("source_unknown")
    if source_kind not in SOURCE_KINDS:
        raise ValueError(f"unknown source kind: {source_kind!r}")
    change, figure = _text(change), _text(figure)
    if not change:
        raise RevisionRefused("change_empty")
    if len(change) > MAX_CHANGE:
        raise RevisionRefused("change_too_long", max=MAX_CHANGE)
    if len(figure) > MAX_FIGURE:
        raise RevisionRefused("figure_too_long", max=MAX_FIGURE)
    quotes = [q for q in (_text(q) for q in quotes) if q]
    if len(quotes) > MAX_QUOTES:
        raise RevisionRefused("too_many_quotes", max=MAX_QUOTES)
    if any(len(q) > MAX_QUOTE for q in quotes):
        raise RevisionRefused("quote_too_long", max=MAX_QUOTE)
    row = RevisionRequest(course_id=course_id, target_activity_id=target.id, source_activity_id=source_activity_id,
                          source_kind=source_kind, source_ref=str(source_ref or "")[:64],
                          source_label=_text(source_label)[:MAX_LABEL], figure=figure, quotes=quotes, change=change,
                          opened_by=user.id if user is not None else None, opened_at=utcnow(), state="open")
    db.session.add(row)
    db.session.commit()
    return row


def requests_for(target_activity_id, state=None):
    """The requests on a target activity (of one ``state`` when given), open ones first, then the oldest first."""
    query = RevisionRequest.query.filter_by(target_activity_id=target_activity_id)
    if state is not None:
        query = query.filter_by(state=state)
    rows = query.order_by(RevisionRequest.id).all()
    return sorted(rows, key=lambda r: r.state != "open")


def requests_from(source_activity_id):
    """The requests a source activity opened, the oldest first (with their targets)."""
    return (RevisionRequest.query.filter_by(source_activity_id=source_activity_id)
            .options(db.joinedload(RevisionRequest.target)).order_by(RevisionRequest.id).all())


def request_in(target_activity_id, request_id):
    """The request ``request_id`` on this target, else None (the id comes from the browser)."""
    if not isinstance(request_id, int) or isinstance(request_id, bool):
        return None
    return RevisionRequest.query.filter_by(id=request_id, target_activity_id=target_activity_id).first()


def answer(request, user, state, text, version=None):
    """The target author's answer: ``addressed`` in ``version`` (a positive whole number, checked by the target's
    kind) or ``declined`` with a reason. May be changed; never back to open."""
    text = _text(text)
    if state not in ("addressed", "declined"):
        raise RevisionRefused("answer_unknown")
    if state == "declined" and not text:
        raise RevisionRefused("decline_reason_required")
    if len(text) > MAX_CHANGE:
        raise RevisionRefused("answer_too_long", max=MAX_CHANGE)
    if state == "addressed" and not (isinstance(version, int) and not isinstance(version, bool) and version > 0):
        raise RevisionRefused("version_required")
    request.state, request.answer = state, text
    request.addressed_in = version if state == "addressed" else None
    request.answered_by, request.answered_at = (user.id if user is not None else None), utcnow()
    db.session.commit()
    return request


@dataclass(frozen=True)
class Summary:
    """What a source's findings led to: requests per state and the versions that addressed them."""

    open: int = 0
    addressed: int = 0
    declined: int = 0
    versions: tuple = ()  # ((target title, version number), …) of the addressed requests, sorted

    @property
    def total(self):
        return self.open + self.addressed + self.declined


def summaries_from(source_activity_ids):
    """{source activity id: Summary} of the sources that opened requests (one query)."""
    ids = list(source_activity_ids)
    if not ids:
        return {}
    rows = (db.session.query(RevisionRequest.source_activity_id, RevisionRequest.state, RevisionRequest.addressed_in,
                             Activity.title)
            .join(Activity, Activity.id == RevisionRequest.target_activity_id)
            .filter(RevisionRequest.source_activity_id.in_(ids)).all())
    counts = {}
    for source_id, state, version, title in rows:
        entry = counts.setdefault(source_id, {"open": 0, "addressed": 0, "declined": 0, "versions": set()})
        entry[state] = entry.get(state, 0) + 1
        if state == "addressed" and version is not None:
            entry["versions"].add((title, version))
    return {source_id: Summary(c["open"], c["addressed"], c["declined"], tuple(sorted(c["versions"])))
            for source_id, c in counts.items()}
