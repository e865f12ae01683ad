"""Level-3 follow-up: inviting alumni (from the roster, NRPS, or external by name, unit and email) and the
supervisors they name to answer a form by a personal link, months after the course; a new link, revoking, reminding
those who have not answered.

The mechanism is the core's (``lti_tool.invitations``): a token returned once (``Invited.token``), only its SHA-256
stored; email when ``LATIH_SMTP_URL`` is set and the invitee has an address, else an Indonesian text to copy (the
core's ``Sent``). A link works for ``FeedbackSchedule.link_days`` days; a new link or a reminder replaces the token
(the earlier link stops working). Refusals are FeedbackRefused; every staff change is an audit event.
"""
from dataclasses import dataclass
from datetime import timedelta

from ...clock import utcnow
from ...extensions import db
from ...grades.roster import roster_or_problem
from ...invitations.emails import InvalidEmail, clean_email, usable_email
from ...invitations.letters import deliver, deliver_all
from ...invitations.tokens import link_state, new_token
from ...lti.models import LtiUser
from ..invitation_models import ROLES, FeedbackInvitation, FeedbackInvitee
from . import FeedbackRefused, audit
from .invitation_texts import invitation_text, reminder_text
from .schedule import current_wave, schedule_of

MAX_NAME, MAX_UNIT, MAX_PICKS = 120, 200, 100


@dataclass(frozen=True)
class Invited:
    invitation: FeedbackInvitation
    token: str  # shown once; never stored


def _text(value, limit, missing, too_long, required=True):
    value = " ".join(str(value or "").split())
    if required and not value:
        raise FeedbackRefused(missing)
    if len(value) > limit:
        raise FeedbackRefused(too_long, max=limit)
    return value


def _email(value):
    try:
        return clean_email(value)
    except InvalidEmail:
        raise FeedbackRefused("email_invalid") from None


def invitee_in_form(form, invitee_id):
    """The invitee ``invitee_id`` (from a form) if it belongs to this form, else FeedbackRefused."""
    invitee = db.session.get(FeedbackInvitee, invitee_id) if invitee_id else None
    if invitee is None or invitee.form_id != form.activity_id:
        raise FeedbackRefused("invitee_unknown")
    return invitee


def invitees_of(form):
    """Alumni in the order they were added, each followed by the supervisors they named."""
    rows = FeedbackInvitee.query.filter_by(form_id=form.activity_id).order_by(FeedbackInvitee.id).all()
    alumni = [r for r in rows if r.role == "alumnus"]
    by_alumnus = {}
    for row in rows:
        if row.role == "supervisor":
            by_alumnus.setdefault(row.alumnus_id, []).append(row)
    return [(a, by_alumnus.get(a.id, [])) for a in alumni]


def _taken(form, email="", user_id=None, role="alumnus"):
    query = FeedbackInvitee.query.filter_by(form_id=form.activity_id, role=role, revoked_at=None)
    for other in query:
        if email and other.email.lower() == email.lower():
            raise FeedbackRefused("email_taken", email=email)
        if user_id is not None and other.user_id == user_id:
            raise FeedbackRefused("user_taken", name=other.name)


def _add(form, user, **values):
    invitee = FeedbackInvitee(form_id=form.activity_id, added_by=user.id if user else None, added_at=utcnow(),
                              **values)
    db.session.add(invitee)
    db.session.flush()
    audit.record(form.activity_id, user, "invitee_added", role=invitee.role, name=invitee.name)
    return invitee


def add_external(form, user, name, unit, email=""):
    """An alumnus without a Moodle account (or whose account is not at hand)."""
    name = _text(name, MAX_NAME, "invitee_name_missing", "invitee_name_too_long")
    unit = _text(unit, MAX_UNIT, "unit_missing", "unit_too_long", required=False)
    email = _email(email)
    _taken(form, email=email)
    invitee = _add(form, user, role="alumnus", name=name, unit=unit, email=email)
    db.session.commit()
    return invitee


def add_supervisor(form, user, alumnus, name, unit, email=""):
    """The direct supervisor (atasan langsung) an alumnus named."""
    if alumnus.role != "alumnus" or alumnus.revoked_at is not None:
        raise FeedbackRefused("invitee_unknown")
    name = _text(name, MAX_NAME, "invitee_name_missing", "invitee_name_too_long")
    unit = _text(unit, MAX_UNIT, "unit_missing", "unit_too_long", required=False)
    email = _email(email)
    invitee = _add(form, user, role="supervisor", alumnus_id=alumnus.id, name=name, unit=unit, email=email)
    db.session.commit()
    return invitee


def course_members(activity):
    return roster_or_problem(activity.course)


def candidates(form, members):
    """Roster members not yet invited as alumni (a revoked one may be added again)."""
    invited = {r.user_id for r in FeedbackInvitee.query.filter_by(form_id=form.activity_id, role="alumnus",
                                                                    revoked_at=None) if r.user_id}
    subs = {u.sub for u in LtiUser.query.filter(LtiUser.id.in_(invited))} if invited else set()
    return [m for m in members if m.user_id and m.user_id not in subs]


def _user_for(course, member):
    user = LtiUser.query.filter_by(issuer=course.issuer, sub=member.user_id).first()
    if user is None:
        user = LtiUser(issuer=course.issuer, sub=member.user_id, name=member.name[:255], email=member.email[:255])
        db.session.add(user)
        db.session.flush()
    return user


def add_from_roster(form, activity, user, user_ids, members=None):
    """Alumni from the course's roster (ids from a form); all or nothing: an id not on the roster refuses the lot."""
    picked = list(dict.fromkeys(str(u).strip() for u in (user_ids or ()) if str(u).strip()))
    if not picked:
        raise FeedbackRefused("choose_members")
    if len(picked) > MAX_PICKS:
        raise FeedbackRefused("too_many_members", max=MAX_PICKS)
    if members is None:
        members, problem = course_members(activity)
        if problem:
            raise FeedbackRefused("roster_unavailable")
    by_id = {m.user_id: m for m in members}
    if any(p not in by_id for p in picked):
        raise FeedbackRefused("not_in_course")
    added = []
    try:
        for member_id in picked:
            member = by_id[member_id]
            person = _user_for(activity.course, member)
            _taken(form, user_id=person.id)
            name = " ".join((member.name or person.name or member_id).split())[:MAX_NAME]
            added.append(_add(form, user, role="alumnus", user_id=person.id, name=name, unit="",
                              email=usable_email(member.email)))
    except FeedbackRefused:
        db.session.rollback()
        raise
    db.session.commit()
    return added


def invite(form, invitee, wave=None, now=None):
    """The invitation of ``invitee`` for ``wave`` (default: the schedule's current wave) with a fresh token: made, or
    renewed when it exists and is not answered. Adds to the session; the caller commits. Returns Invited."""
    now = now or utcnow()
    if invitee.revoked_at is not None:
        raise FeedbackRefused("invitee_revoked", name=invitee.name)
    schedule = schedule_of(form)
    wave = current_wave(schedule, now) if wave is None else wave
    token, token_hash = new_token()
    row = next((i for i in invitee.invitations if i.wave == wave), None)
    if row is not None and row.answered_at is not None:
        raise FeedbackRefused("invitee_answered", name=invitee.name)
    expires = now + timedelta(days=schedule.link_days)
    if row is None:
        row = FeedbackInvitation(form_id=form.activity_id, invitee=invitee, wave=wave, token_hash=token_hash,
                                 invited_at=now, expires_at=expires)
        db.session.add(row)
    else:
        row.token_hash, row.invited_at, row.expires_at, row.revoked_at = token_hash, now, expires, None
    return Invited(row, token)


def new_link(form, user, invitee, link_for):
    """A fresh link (returned once, with its letter: emailed or to copy); the previous one stops working."""
    invited = invite(form, invitee)
    db.session.flush()
    link = link_for(invited.token)
    sent = deliver(invited.invitation, invitation_text(form, invited.invitation, link, user))
    audit.record(form.activity_id, user, "invitation_sent", name=invitee.name, wave=invited.invitation.wave,
                 emailed=sent.emailed)
    db.session.commit()
    return sent, link


def revoke(form, user, invitee):
    """The person's links open nothing any more (a supervisor's too when an alumnus is revoked)."""
    now = utcnow()
    people = [invitee] + (FeedbackInvitee.query.filter_by(alumnus_id=invitee.id).all()
                          if invitee.role == "alumnus" else [])
    for person in people:
        if person.revoked_at is None:
            person.revoked_at = now
        for row in person.invitations:
            row.revoked_at = row.revoked_at or now
    audit.record(form.activity_id, user, "invitee_revoked", name=invitee.name, role=invitee.role)
    db.session.commit()


def waiting(form, now=None):
    """Invitations whose link is live (not revoked, not expired) and that are not answered: the reminder's list."""
    now = now or utcnow()
    rows = (FeedbackInvitation.query.filter_by(form_id=form.activity_id, answered_at=None, revoked_at=None)
            .filter(FeedbackInvitation.expires_at > now).all())
    return [r for r in rows if r.invitee.revoked_at is None and link_state(r.revoked_at, r.expires_at, now) == "ok"]


def remind(form, user, link_for):
    """Remind everyone invited who has not answered and whose link still works: a NEW link each (only hashes are
    stored), by email or as a text to copy. Returns [(Sent, link), …]."""
    now = utcnow()
    rows = waiting(form, now)
    if not rows:
        raise FeedbackRefused("nobody_waiting")
    letters, links = [], []
    for row in rows:
        token, row.token_hash = new_token()
        row.reminded_at = now
        links.append(link_for(token))
        letters.append((row, reminder_text(form, row, links[-1], user)))
    sent = deliver_all(letters)
    audit.record(form.activity_id, user, "reminders_sent", invitees=len(rows), emailed=sum(s.emailed for s in sent))
    db.session.commit()
    return list(zip(sent, links, strict=True))


__all__ = ["ROLES", "Invited", "add_external", "add_from_roster", "add_supervisor", "candidates", "course_members",
           "invite", "invitee_in_form", "invitees_of", "new_link", "remind", "revoke", "status", "waiting"]


def status(invitee, now=None):
    """One word for the invitations page: ``level3_labels.STATUS``'s key."""
    if invitee.revoked_at is not None:
        return "revoked"
    row = invitee.invitations[-1] if invitee.invitations else None
    if row is None:
        return "not_invited"
    if row.answered_at is not None:
        return "answered"
    if link_state(row.revoked_at, row.expires_at, now or utcnow()) != "ok":
        return "expired"
    return "emailed" if row.emailed_at else "waiting"
