"""Group discussions (*diskusi kelompok*): the instructor records one on the form's activity — the day, how many
took part, the points raised (one a line) — and tags each point like an open answer. Any point can open a revision
request (``findings``). Ids from the browser are looked up within the form's own discussions.
"""
from datetime import date

from ...clock import utcnow
from ...extensions import db
from ..domain.open_answers import TagError, normalise_tag
from ..findings_models import FeedbackDiscussion, FeedbackDiscussionPoint
from . import FeedbackRefused

MAX_POINTS = 30
MAX_POINT = 1000
MAX_PARTICIPANTS = 10_000
MAX_TAGS = 10


def _day(text):
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise FeedbackRefused("date_invalid") from None


def _participants(text):
    text = (text or "").strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_PARTICIPANTS:
        raise FeedbackRefused("participants_range", max=MAX_PARTICIPANTS)
    return int(text)


def _points(text):
    points = [" ".join(line.split()) for line in (text or "").splitlines()]
    points = [p for p in points if p]
    if not points:
        raise FeedbackRefused("points_empty")
    if len(points) > MAX_POINTS:
        raise FeedbackRefused("too_many_points", max=MAX_POINTS)
    if any(len(p) > MAX_POINT for p in points):
        raise FeedbackRefused("point_too_long", max=MAX_POINT)
    return points


def add_discussion(form, fields, user):
    """A discussion from the page's fields ``held_on``, ``participants`` and ``points`` (one a line)."""
    held_on, participants, points = _day(fields.get("held_on")), _participants(fields.get("participants")), \
        _points(fields.get("points"))
    row = FeedbackDiscussion(form_id=form.activity_id, held_on=held_on, participants=participants,
                             created_by=user.id if user is not None else None, created_at=utcnow())
    row.points = [FeedbackDiscussionPoint(position=n, text=text, tags=[]) for n, text in enumerate(points, start=1)]
    db.session.add(row)
    db.session.commit()
    return row


def discussions_of(form):
    """The form's discussions, the latest day first, with their points."""
    return (FeedbackDiscussion.query.filter_by(form_id=form.activity_id)
            .options(db.selectinload(FeedbackDiscussion.points))
            .order_by(FeedbackDiscussion.held_on.desc(), FeedbackDiscussion.id.desc()).all())


def discussion_in_form(form, discussion_id):
    if not isinstance(discussion_id, int) or isinstance(discussion_id, bool):
        return None
    return FeedbackDiscussion.query.filter_by(id=discussion_id, form_id=form.activity_id).first()


def point_in_form(form, point_id):
    if not isinstance(point_id, int) or isinstance(point_id, bool):
        return None
    return (FeedbackDiscussionPoint.query.join(FeedbackDiscussion)
            .filter(FeedbackDiscussionPoint.id == point_id, FeedbackDiscussion.form_id == form.activity_id).first())


def delete_discussion(form, discussion_id):
    row = discussion_in_form(form, discussion_id)
    if row is None:
        raise FeedbackRefused("discussion_unknown")
    db.session.delete(row)
    db.session.commit()


def _point(form, point_id):
    point = point_in_form(form, point_id)
    if point is None:
        raise FeedbackRefused("point_unknown")
    return point


def tag_point(form, point_id, text):
    point = _point(form, point_id)
    try:
        tag = normalise_tag(text)
    except TagError as exc:
        raise FeedbackRefused(exc.code, **exc.params) from None
    tags = set(point.tags or ())
    if tag not in tags and len(tags) >= MAX_TAGS:
        raise FeedbackRefused("too_many_tags", max=MAX_TAGS)
    point.tags = sorted(tags | {tag})
    db.session.commit()
    return tag


def untag_point(form, point_id, tag):
    point = _point(form, point_id)
    point.tags = sorted(set(point.tags or ()) - {str(tag or "")})
    db.session.commit()


def point_tag_counts(discussions):
    counts = {}
    for discussion in discussions:
        for point in discussion.points:
            for tag in point.tags or ():
                counts[tag] = counts.get(tag, 0) + 1
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
