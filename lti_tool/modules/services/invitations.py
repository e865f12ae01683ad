"""Inviting reviewers to a review round: Moodle users of the course (from the roster, NRPS) or external reviewers
(name, institution, group, optional email), each with a personal link; withdrawing a link, giving a new one,
sending the invitation by email, reminding the late ones.

The mechanism is the core's (``lti_tool.invitations``: tokens, email cleaning, delivery with a text to
copy); this module keeps what is the round's. A link's token is made by ``review_data.new_token()`` and returned
ONCE (``Invited.token``): only its SHA-256 is stored, so a new link (and a reminder, which carries one) replaces
the previous one, which stops working. A link works only for its round, until the round's deadline, and not once
withdrawn (``link_usable``). The texts are Indonesian (``invitation_texts``). A refusal is ModuleRefused; every
change is an audit event; the caller's ``commit`` is done here (one change, one transaction).
"""
from dataclasses import dataclass

from ...clock import utcnow
from ...extensions import db
from ...grades.roster import roster_or_problem
from ...invitations.emails import InvalidEmail, usable_email
from ...invitations.emails import clean_email as core_clean_email
from ...invitations.letters import Sent, deliver, deliver_all
from ...lti.models import LtiUser
from ..domain.rounds import RoundState
from ..models import ModuleReviewer
from . import ModuleRefused, audit, review_data
from .invitation_texts import invitation_text, reminder_text

__all__ = ["Invited", "Sent", "add_external", "add_from_roster", "course_members", "invitation_text",
           "late_reviewers", "link_usable", "new_link", "remind_late", "reminder_text", "reminders_open",
           "revoke", "send_invitation", "candidates", "reviewer_in_round"]

MAX_NAME, MAX_INSTITUTION = 120, 200
MAX_PICKS = 100


@dataclass(frozen=True)
class Invited:
    reviewer: ModuleReviewer
    token: str  # shown once; never stored


def link_usable(reviewer, now=None):
    """The personal link opens the review: not withdrawn, the round not decided, its deadline not passed."""
    now = now or utcnow()
    round_row = reviewer.round
    return (reviewer.revoked_at is None and round_row.state != RoundState.DECIDED.value
            and (round_row.deadline is None or now < round_row.deadline))


def reviewer_in_round(round_row, reviewer_id):
    """The reviewer ``reviewer_id`` (from a form) if it belongs to this round, else ModuleRefused."""
    reviewer = db.session.get(ModuleReviewer, reviewer_id) if reviewer_id else None
    if reviewer is None or reviewer.round_id != round_row.id:
        raise ModuleRefused("reviewer_unknown")
    return reviewer


def _changeable(round_row):
    if round_row.state == RoundState.DECIDED.value:
        raise ModuleRefused("round_decided", number=round_row.number)


def _group(round_row, group):
    if group not in (round_row.groups or ()):
        raise ModuleRefused("group_not_in_round")
    return group


def _text(value, limit, missing, too_long, required=True):
    value = " ".join(str(value or "").split())  # one line: no line breaks into a mail header or a table
    if required and not value:
        raise ModuleRefused(missing)
    if len(value) > limit:
        raise ModuleRefused(too_long, max=limit)
    return value


def clean_email(value):
    try:
        return core_clean_email(value)
    except InvalidEmail:
        raise ModuleRefused("email_invalid") from None


def _taken(round_row, *, email="", user_id=None):
    for other in round_row.reviewers:
        if other.revoked_at is not None:
            continue
        if email and other.email.lower() == email.lower():
            raise ModuleRefused("email_taken", email=email)
        if user_id is not None and other.user_id == user_id:
            raise ModuleRefused("user_taken", name=other.name)


def _invite(module, user, round_row, **values):
    token, token_hash = review_data.new_token()
    reviewer = ModuleReviewer(round_id=round_row.id, token_hash=token_hash, invited_by=user.id if user else None,
                              invited_at=utcnow(), **values)
    db.session.add(reviewer)
    round_row.reviewers.append(reviewer)
    audit.record(module.activity_id, user, "reviewer_invited", round_row.version.number, round=round_row.number,
                 reviewer=reviewer.name, group=reviewer.group, moodle_user=reviewer.user_id is not None)
    return Invited(reviewer, token)


def add_external(module, user, round_row, name, institution, group, email=""):
    """An external reviewer (no Moodle account). Returns Invited (the token only there)."""
    _changeable(round_row)
    group = _group(round_row, group)
    name = _text(name, MAX_NAME, "reviewer_name_missing", "reviewer_name_too_long")
    institution = _text(institution, MAX_INSTITUTION, "institution_missing", "institution_too_long")
    email = clean_email(email)
    _taken(round_row, email=email)
    invited = _invite(module, user, round_row, name=name, institution=institution, group=group, email=email)
    db.session.commit()
    return invited


def course_members(module):
    """(members, problem): the course's roster (NRPS, cached), or no members and why."""
    return roster_or_problem(module.activity.course)


def candidates(module, round_row, members):
    """The roster's members not yet invited to this round (a withdrawn one may be invited again)."""
    invited = {r.user_id for r in round_row.reviewers if r.revoked_at is None and r.user_id}
    subs = {u.sub for u in LtiUser.query.filter(LtiUser.id.in_(invited))} if invited else set()
    return [m for m in members if m.user_id and m.user_id not in subs]


def _user_for(course, member):
    user = LtiUser.query.filter_by(issuer=course.issuer, sub=member.user_id).first()
    if user is None:  # on the roster but never launched the tool: the row a first launch would make
        user = LtiUser(issuer=course.issuer, sub=member.user_id, name=member.name[:255], email=member.email[:255])
        db.session.add(user)
        db.session.flush()
    return user


def add_from_roster(module, user, round_row, user_ids, group, members=None):
    """Moodle users of this course (``user_ids``: the roster's user ids, from a form), all in ``group``; their
    names and emails come from the roster. All or nothing: an id not on this course's roster refuses the lot."""
    _changeable(round_row)
    group = _group(round_row, group)
    picked = list(dict.fromkeys(str(u).strip() for u in (user_ids or ()) if str(u).strip()))
    if not picked:
        raise ModuleRefused("choose_members")
    if len(picked) > MAX_PICKS:
        raise ModuleRefused("too_many_members", max=MAX_PICKS)
    if members is None:
        members, problem = course_members(module)
        if problem:
            raise ModuleRefused("roster_unavailable")
    by_id = {m.user_id: m for m in members}
    if any(p not in by_id for p in picked):
        raise ModuleRefused("not_in_course")
    course = module.activity.course
    invited = []
    try:
        for member_id in picked:
            member = by_id[member_id]
            person = _user_for(course, member)
            email = usable_email(member.email)
            _taken(round_row, user_id=person.id, email=email)
            name = " ".join((member.name or person.name or member_id).split())[:MAX_NAME]
            invited.append(_invite(module, user, round_row, user_id=person.id, name=name, institution="",
                                   group=group, email=email))
    except ModuleRefused:
        db.session.rollback()  # none of the picks: those before the refused one are undone
        raise
    db.session.commit()
    return invited


def new_link(module, user, round_row, reviewer):
    """A fresh token for the reviewer (returned once); the previous link stops working at once."""
    _changeable(round_row)
    if reviewer.revoked_at is not None:
        raise ModuleRefused("reviewer_revoked", name=reviewer.name)
    token, reviewer.token_hash = review_data.new_token()
    audit.record(module.activity_id, user, "link_renewed", round_row.version.number, round=round_row.number,
                 reviewer=reviewer.name)
    db.session.commit()
    return token


def revoke(module, user, round_row, reviewer):
    """Withdraw the reviewer's link: it opens nothing any more and their review no longer counts."""
    _changeable(round_row)
    if reviewer.revoked_at is None:
        reviewer.revoked_at = utcnow()
        audit.record(module.activity_id, user, "reviewer_revoked", round_row.version.number, round=round_row.number,
                     reviewer=reviewer.name, submitted=reviewer.submitted_at is not None)
        db.session.commit()
    return reviewer


def send_invitation(reviewer, link, inviter):
    """The invitation: emailed (``emailed_at`` recorded) when possible; the text to copy in every case."""
    sent = deliver(reviewer, invitation_text(reviewer, link, inviter))
    db.session.commit()
    return sent


def reminders_open(round_row, now=None):
    """Reminders make sense: the round is open and its deadline not passed."""
    now = now or utcnow()
    return round_row.state == RoundState.OPEN.value and (round_row.deadline is None or now < round_row.deadline)


def late_reviewers(round_row):
    return [r for r in round_row.reviewers if r.revoked_at is None and r.submitted_at is None]


def remind_late(module, user, round_row, link_for):
    """Remind every reviewer whose link is live and who has not submitted: each gets a NEW link (only hashes are
    stored), by email or as a text to copy. ``link_for(token)`` makes the link. Returns [Sent, …]."""
    now = utcnow()
    if not reminders_open(round_row, now):
        raise ModuleRefused("reminders_closed")
    late = late_reviewers(round_row)
    if not late:
        raise ModuleRefused("nobody_late")
    letters = []
    for reviewer in late:
        token, reviewer.token_hash = review_data.new_token()
        reviewer.reminded_at = now
        letters.append((reviewer, reminder_text(reviewer, link_for(token), user)))
    results = deliver_all(letters)
    audit.record(module.activity_id, user, "reminders_sent", round_row.version.number, round=round_row.number,
                 reviewers=len(late), emailed=sum(1 for s in results if s.emailed))
    db.session.commit()
    return results
