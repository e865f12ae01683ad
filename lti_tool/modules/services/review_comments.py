"""A reviewer's comments on their round's version: on a passage (anchored to the quoted text, the W3C TextQuote
idea, made and checked by the server from the selected text and the section only) or on a whole section; replies
in a thread; editing and deleting one's own while the round takes reviews; and what a reviewer may see of the
others' (``round.show_comments``, names hidden by ``round.hide_identities``: "Reviewer N", numbered by the order
of invitation, the same on every page).

Every id from the browser is looked up within the reviewer's own round: another round's link reaches nothing here.
Comments are plain text (escaped when shown).
"""
from dataclasses import dataclass, field

from ...extensions import db
from ..domain.anchors import anchor_from_dict, anchor_from_selection
from ..domain.problems import ModuleError
from ..domain.reviews import CommentStatus
from ..models import ModuleComment, ModuleReviewer
from . import review_data
from .reviewing import record, refuse, refused
from .versions import sections_of

MAX_COMMENT = 4000


@dataclass(frozen=True)
class Who:
    """Who wrote a comment, as this reviewer may see it: ``you``, ``author`` (the module's author), ``reviewer``
    (``number``: identities hidden) or ``named`` (``name``, ``institution``)."""

    kind: str
    number: int = 0
    name: str = ""
    institution: str = ""


@dataclass
class Thread:
    comment: ModuleComment
    who: Who
    mine: bool
    quote: dict | None = None  # the anchor (exact, prefix, suffix) of a comment on a passage
    replies: list = field(default_factory=list)  # [(ModuleComment, Who, mine)]


def _accepting(reviewer, now):
    row = reviewer.round
    if not review_data.domain_round(row).accepting_reviews(now):
        passed = row.deadline is not None and now >= row.deadline
        raise refuse("deadline_passed" if passed else "round_closed", deadline=row.deadline)


def _body(text):
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise refuse("comment_empty")
    if len(text) > MAX_COMMENT:
        raise refuse("comment_too_long", max=MAX_COMMENT)
    return text


def comment_in_round(reviewer, comment_id):
    """The comment with this id in the reviewer's round, else None (the id comes from the browser)."""
    if comment_id is None:
        return None
    return ModuleComment.query.filter_by(id=comment_id, round_id=reviewer.round_id).first()


def can_see(reviewer, comment):
    top = comment.parent or comment
    return top.reviewer_id == reviewer.id or bool(reviewer.round.show_comments)


def add_comment(reviewer, now, *, section_id, body, blocking=False, exact="", prefix="", suffix=""):
    """A comment on section ``section_id`` of the round's version; on a passage when ``exact`` is given (the anchor
    is made from where the words are found in the version: ``quote_not_found`` otherwise)."""
    _accepting(reviewer, now)
    text = _body(body)
    sections = sections_of(reviewer.round.version)
    if section_id not in {s.id for s in sections}:
        raise refuse("section_unknown")
    anchor = None
    if (exact or "").strip():
        try:
            anchor = anchor_from_selection(sections, section_id, exact, prefix or "", suffix or "").to_dict()
        except ModuleError as exc:
            raise refused(exc) from None
    comment = ModuleComment(round_id=reviewer.round_id, reviewer_id=reviewer.id, section_id=section_id,
                            anchor=anchor, body=text, blocking=bool(blocking), created_at=now, updated_at=now)
    db.session.add(comment)
    db.session.flush()
    record(reviewer, "comment_added", comment=comment.id, section=section_id, blocking=bool(blocking),
           anchored=anchor is not None)
    db.session.commit()
    return comment


def reply(reviewer, now, parent_id, body):
    """A reply in the thread of a top-level comment this reviewer can see."""
    _accepting(reviewer, now)
    parent = comment_in_round(reviewer, parent_id)
    if parent is None or not can_see(reviewer, parent):
        raise refuse("comment_unknown")
    parent = parent.parent or parent  # threads are one level deep
    comment = ModuleComment(round_id=reviewer.round_id, reviewer_id=reviewer.id, parent_id=parent.id,
                            section_id=parent.section_id, body=_body(body), created_at=now, updated_at=now)
    db.session.add(comment)
    db.session.flush()
    record(reviewer, "comment_added", comment=comment.id, reply_to=parent.id)
    db.session.commit()
    return comment


def _own(reviewer, comment_id):
    comment = comment_in_round(reviewer, comment_id)
    if comment is None or not can_see(reviewer, comment):
        raise refuse("comment_unknown")
    if comment.reviewer_id != reviewer.id:
        raise refuse("comment_not_yours")
    if comment.status != CommentStatus.OPEN.value:
        raise refuse("comment_answered")
    return comment


def edit_comment(reviewer, now, comment_id, body, blocking=None):
    _accepting(reviewer, now)
    comment = _own(reviewer, comment_id)
    comment.body = _body(body)
    if blocking is not None and comment.parent_id is None:
        comment.blocking = bool(blocking)
    comment.updated_at = now
    record(reviewer, "comment_changed", comment=comment.id, blocking=bool(comment.blocking))
    db.session.commit()
    return comment


def delete_comment(reviewer, now, comment_id):
    """Delete one's own comment with one's own replies under it; refused when someone else replied
    (``comment_has_replies``: change it instead)."""
    _accepting(reviewer, now)
    comment = _own(reviewer, comment_id)
    replies = list(comment.replies)
    if any(r.reviewer_id != reviewer.id for r in replies):
        raise refuse("comment_has_replies")
    for r in replies:
        db.session.delete(r)
    record(reviewer, "comment_deleted", comment=comment.id, section=comment.section_id)
    db.session.delete(comment)
    db.session.commit()


def _identities(reviewer):
    """{reviewer id: Who} for everyone of the round, as this reviewer may see them."""
    row = reviewer.round
    people = ModuleReviewer.query.filter_by(round_id=row.id).order_by(ModuleReviewer.id).all()
    seen = {}
    for number, person in enumerate(people, start=1):
        if person.id == reviewer.id:
            seen[person.id] = Who("you", number, person.name, person.institution)
        elif row.hide_identities:
            seen[person.id] = Who("reviewer", number)
        else:
            seen[person.id] = Who("named", number, person.name, person.institution)
    return seen


def threads(reviewer):
    """{section id: [Thread, …]} of the comments this reviewer may see, oldest first: two queries (the top-level
    comments, then all their replies), however many comments the round has."""
    identities = _identities(reviewer)
    query = ModuleComment.query.filter_by(round_id=reviewer.round_id, parent_id=None)
    parent = db.aliased(ModuleComment)
    replies_query = (ModuleComment.query.join(parent, ModuleComment.parent_id == parent.id)
                     .filter(parent.round_id == reviewer.round_id, parent.parent_id.is_(None)))
    if not reviewer.round.show_comments:
        query = query.filter_by(reviewer_id=reviewer.id)
        replies_query = replies_query.filter(parent.reviewer_id == reviewer.id)

    def who(comment):
        if comment.reviewer_id is None:
            return Who("author")
        return identities.get(comment.reviewer_id, Who("reviewer"))

    tops = query.order_by(ModuleComment.id).all()
    replies = {}
    for r in replies_query.order_by(ModuleComment.id).all() if tops else ():
        replies.setdefault(r.parent_id, []).append((r, who(r), r.reviewer_id == reviewer.id))
    shown = {}
    for comment in tops:
        anchor = comment.anchor if isinstance(comment.anchor, dict) and comment.anchor.get("exact") else None
        thread = Thread(comment, who(comment), comment.reviewer_id == reviewer.id, anchor, replies.get(comment.id, []))
        shown.setdefault(comment.section_id, []).append(thread)
    return shown


@dataclass(frozen=True)
class Answered:
    """One of the reviewer's comments of the round before, with the author's answer."""

    comment: ModuleComment
    section_title: str
    quote: str


def previous_answers(reviewer):
    """The author's answers to this person's comments of the previous round (``reviewer.previous_id``)."""
    if reviewer.previous_id is None:
        return []
    before = db.session.get(ModuleReviewer, reviewer.previous_id)
    if before is None or before.round.module_id != reviewer.round.module_id:
        return []
    titles = {s.id: s.title for s in sections_of(before.round.version)}
    answered = []
    for comment in (ModuleComment.query.filter_by(round_id=before.round_id, reviewer_id=before.id, parent_id=None)
                    .order_by(ModuleComment.id)):
        quote = ""
        if isinstance(comment.anchor, dict):
            try:
                quote = getattr(anchor_from_dict(comment.anchor), "exact", "")
            except ModuleError:
                quote = ""
        answered.append(Answered(comment, titles.get(comment.section_id, ""), quote))
    return answered
