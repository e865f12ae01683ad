"""Comments carried to the next version: the comments of version N's review rounds placed again on version N+1.

A passage comment is placed by its quote (``domain.anchors.place_all``: exact in its own section, *moved* to
another section, *fuzzy* where the words changed a little); a comment on a whole section follows its section by id,
renamed sections included (the diff's pairing gives ``renamed``), then by a similar title. What cannot be placed
is *orphaned*: listed as "no longer in the text", never dropped. Only top-level comments are carried (replies hang
on them); the comments of all the rounds on the old version are read in one query.

``carry`` is what the diff page shows; ``carried_comments(module, round_row)`` is the same for a round on version
N+1 and the round before it (the author's round page, the reviewer's page). ``marked_pieces`` cuts a section's
Markdown (or its word diff) at the carried comments' spans, for highlighting them where they now are.
"""
from dataclasses import dataclass, field, replace

from ...extensions import db
from ..domain.anchors import SectionAnchor, anchor_from_dict, place_all
from ..domain.diff import Op, OpKind, diff_versions, op_spans
from ..domain.problems import ModuleError
from ..models import ModuleComment, ModuleRound
from .versions import sections_of


@dataclass(frozen=True)
class Carried:
    """A comment of version N as version N+1 places it (plain values for the pages)."""

    id: int
    number: int  # 1, 2, … in the order the comments are listed (the marker shown in the text)
    round_number: int
    reviewer: str  # the reviewer's name ("" for a comment without one)
    institution: str
    group: str
    blocking: bool
    status: str  # CommentStatus: open, addressed, declined
    answer: str
    answered_in: int | None
    body: str  # plain text (escaped when shown)
    quote: str  # the words commented on ("" for a whole-section comment)
    old_section_id: str
    old_section_title: str
    placement: object  # domain.anchors.Placement

    @property
    def how(self):
        """exact, moved, fuzzy, section, retitled or orphaned."""
        return self.placement.status.value

    @property
    def on_section(self):
        return not self.quote


@dataclass(frozen=True)
class Carryover:
    placed: dict = field(default_factory=dict)  # new section id → [Carried], in the order of the text
    orphaned: tuple = ()  # Carried no longer in the text, in the order they were written
    total: int = 0

    def of(self, section_id):
        return self.placed.get(section_id, [])


def _comments_of_rounds(module, round_filter):
    """(comment, round number) of the top-level comments of the rounds ``round_filter`` selects, oldest first, with
    their reviewer: one query."""
    return (db.session.query(ModuleComment, ModuleRound.number)
            .join(ModuleRound, ModuleRound.id == ModuleComment.round_id)
            .filter(ModuleRound.module_id == module.activity_id, ModuleComment.parent_id.is_(None), round_filter)
            .options(db.joinedload(ModuleComment.reviewer))
            .order_by(ModuleRound.number, ModuleComment.id).all())


def _anchor(comment, old_titles):
    title = old_titles.get(comment.section_id, "")
    if comment.anchor is None:
        return SectionAnchor(comment.section_id, title)
    try:
        return anchor_from_dict(comment.anchor)
    except ModuleError:  # a stored anchor that no longer reads: the comment still follows its section
        return SectionAnchor(comment.section_id, title)


def place_comments(rows, old_sections, new_sections, renamed=None):
    """The Carryover of ``rows`` ((ModuleComment, round number), …) made on ``old_sections``, on ``new_sections``.
    ``renamed``: the diff's old id → new id (computed when not given)."""
    if renamed is None:
        renamed = diff_versions(old_sections, new_sections).renamed
    old_titles = {s.id: s.title for s in old_sections}
    anchors = [_anchor(comment, old_titles) for comment, _ in rows]
    placements = place_all(anchors, new_sections, renamed=renamed)
    carried = []
    for (comment, round_number), anchor, placement in zip(rows, anchors, placements, strict=True):
        reviewer = comment.reviewer
        carried.append(Carried(
            id=comment.id, number=0, round_number=round_number, reviewer=reviewer.name if reviewer else "",
            institution=reviewer.institution if reviewer else "", group=reviewer.group if reviewer else "",
            blocking=bool(comment.blocking), status=comment.status, answer=comment.answer or "",
            answered_in=comment.answered_in, body=comment.body,
            quote=anchor.exact if not isinstance(anchor, SectionAnchor) else "",
            old_section_id=comment.section_id, old_section_title=old_titles.get(comment.section_id, ""),
            placement=placement))
    order = {s.id: n for n, s in enumerate(new_sections)}

    def where(c):
        p = c.placement
        if p.orphaned:
            return (len(order), 0, 0)
        return (order.get(p.section_id, len(order)), p.body_start if p.body_start is not None else -1, c.id)

    carried.sort(key=where)
    numbered = [replace(c, number=n) for n, c in enumerate(carried, start=1)]
    placed = {}
    for c in numbered:
        if not c.placement.orphaned:
            placed.setdefault(c.placement.section_id, []).append(c)
    return Carryover(placed, tuple(c for c in numbered if c.placement.orphaned), len(numbered))


def carry(module, old_version, new_version, renamed=None, old_sections=None, new_sections=None):
    """The comments of the rounds on ``old_version`` placed on ``new_version`` (a Carryover)."""
    rows = _comments_of_rounds(module, ModuleRound.version_id == old_version.id)
    if not rows:
        return Carryover()
    old_sections = old_sections if old_sections is not None else sections_of(old_version)
    new_sections = new_sections if new_sections is not None else sections_of(new_version)
    return place_comments(rows, old_sections, new_sections, renamed)


def carried_comments(module, round_row):
    """For a round (on version N+1): the comments of the round before it placed on this round's version, as a
    Carryover (empty for a first round)."""
    previous = (ModuleRound.query.filter(ModuleRound.module_id == module.activity_id,
                                         ModuleRound.number < round_row.number)
                .order_by(ModuleRound.number.desc()).first())
    if previous is None:
        return Carryover()
    rows = _comments_of_rounds(module, ModuleRound.id == previous.id)
    if not rows:
        return Carryover()
    return place_comments(rows, sections_of(previous.version), sections_of(round_row.version))


@dataclass(frozen=True)
class Piece:
    """A run of a section's Markdown as the diff page shows it: ``kind`` equal/insert/delete, whether a carried
    comment covers it (``marked``), and ``(number, id)`` of the comments that start here (``markers``)."""

    kind: str
    text: str
    marked: bool = False
    markers: tuple = ()
    comments: tuple = ()  # ids of the comments covering it


def marked_pieces(ops, carried):
    """``ops`` (the section's word diff; ``(Op(equal, body),)`` for an unchanged body) cut where the ``carried``
    comments' body spans (in the new body) start and end. Deleted text is not in the new version: never marked."""
    spans = [(c.placement.body_start, c.placement.body_end, c.number, c.id) for c in carried
             if c.placement.body_start is not None and c.placement.body_end is not None]
    cuts = sorted({s for s, _, _, _ in spans} | {e for _, e, _, _ in spans})
    pieces = []
    for op, (_, _, new_start, new_end) in zip(ops, op_spans(ops), strict=True):
        if op.kind == OpKind.DELETE or not spans:
            pieces.append(Piece(op.kind.value, op.text))
            continue
        bounds = [new_start] + [x for x in cuts if new_start < x < new_end] + [new_end]
        for a, b in zip(bounds, bounds[1:], strict=False):
            covering = tuple(cid for s, e, _, cid in spans if s <= a < e)
            starting = tuple((n, cid) for s, _, n, cid in spans if s == a)
            pieces.append(Piece(op.kind.value, op.text[a - new_start:b - new_start], bool(covering), starting,
                                covering))
    return pieces


def section_pieces(section_diff, carried):
    """The Pieces of a diff section's body with its carried comments (None when it has none: shown as before)."""
    if not carried or section_diff.new is None:
        return None
    if section_diff.old is None:
        ops = (Op(OpKind.INSERT, section_diff.new.body),)
    elif section_diff.body_ops:
        ops = section_diff.body_ops
    else:
        ops = (Op(OpKind.EQUAL, section_diff.new.body),)
    return marked_pieces(ops, carried)

