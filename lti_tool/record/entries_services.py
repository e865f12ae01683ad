"""Entries from outside the tool: added by staff (accepted at once), or submitted by a learner and verified.

An accepted entry is credited to the ledger as a row with ``activity_id`` NULL and ``external_id`` set (UNIQUE
(external_id, entry, cycle): once, even when two verifiers accept at the same moment); a revoked acceptance appends
a reversal. Every step is an ``ExternalEntryEvent`` (who, when, why). Duplicates — the same learner with the same
title (normalised) and overlapping dates, or the same evidence file — are flagged, never refused.
"""
import re
import unicodedata
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..activities.jp import parse_category, parse_jp
from ..activities.kinds import KindError
from ..clock import utcnow
from ..extensions import db
from .entries_models import ACCEPTED, PENDING, REJECTED, REVOKED, EntryEvidence, ExternalEntry, ExternalEntryEvent
from .models import CREDIT, REVERSAL, LearningCredit


class EntryRefused(ValueError):
    """The entry or the step cannot be made; the message is for the person who tried."""


def title_key(title):
    """The title for comparing: NFKC, case-folded, punctuation and repeated spaces removed."""
    text = unicodedata.normalize("NFKC", title or "").casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text, flags=re.UNICODE).split())[:255]


def _date(text, name):
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise EntryRefused(_("Enter the %(name)s as a date (YYYY-MM-DD).", name=name)) from None


def parse_fields(form):
    """The fields of an entry form as values: title, organiser, started_on, ended_on, jp, category."""
    title = " ".join((form.get("title") or "").split())[:255]
    if not title:
        raise EntryRefused(_("Give the training's title."))
    started, ended = _date(form.get("started_on"), _("start date")), _date(form.get("ended_on"), _("end date"))
    if ended < started:
        raise EntryRefused(_("The end date is before the start date."))
    try:
        jp, category = parse_jp(form.get("jp")), parse_category(form.get("category"))
    except KindError as exc:
        raise EntryRefused(str(exc)) from exc
    if jp is None or jp <= 0:
        raise EntryRefused(_("Give the JP (hours of lessons) of the training, more than 0."))
    if category is None:
        raise EntryRefused(_("Choose a category of competency development from the list."))
    return {"title": title, "organiser": " ".join((form.get("organiser") or "").split())[:255],
            "started_on": started, "ended_on": ended, "jp": jp, "category": category}


def duplicates(user_id, key, started_on, ended_on, sha256=None, exclude_id=None):
    """The learner's other pending or accepted entries with the same title and overlapping dates, or the same file."""
    same_title = db.and_(ExternalEntry.title_key == key, ExternalEntry.started_on <= ended_on,
                         ExternalEntry.ended_on >= started_on)
    same_file = ExternalEntry.evidence_id.in_(db.select(EntryEvidence.id).where(EntryEvidence.sha256 == sha256)) \
        if sha256 else db.false()
    query = db.select(ExternalEntry).where(ExternalEntry.user_id == user_id,
                                           ExternalEntry.status.in_((PENDING, ACCEPTED)), db.or_(same_title, same_file))
    if exclude_id is not None:
        query = query.where(ExternalEntry.id != exclude_id)
    return db.session.execute(query.order_by(ExternalEntry.id)).scalars().all()


def duplicates_of(entry):
    sha = entry.evidence.sha256 if entry.evidence is not None else None
    return duplicates(entry.user_id, entry.title_key, entry.started_on, entry.ended_on, sha, exclude_id=entry.id)


def _event(entry, action, actor_user=None, actor_admin="", reason=""):
    db.session.add(ExternalEntryEvent(entry_id=entry.id, action=action, reason=reason or "", at=utcnow(),
                                      actor_user_id=actor_user.id if actor_user is not None else None,
                                      actor_admin=actor_admin or ""))


def create(learner, course, fields, evidence=None, by_staff=False, actor_user=None, actor_admin=""):
    """A new entry for ``learner``: pending when the learner submits it, accepted (and credited) when staff add it.

    Returns (entry, duplicates found before it was added). Commits."""
    key = title_key(fields["title"])
    found = duplicates(learner.id, key, fields["started_on"], fields["ended_on"],
                       evidence.sha256 if evidence is not None else None)
    if evidence is not None:
        db.session.add(evidence)
    entry = ExternalEntry(issuer=learner.issuer, user_id=learner.id, course_id=course.id if course else None,
                          title_key=key, status=ACCEPTED if by_staff else PENDING, evidence=evidence, **fields)
    db.session.add(entry)
    db.session.flush()
    _event(entry, "added" if by_staff else "submitted", actor_user, actor_admin)
    if by_staff:
        _credit(entry)
    db.session.commit()
    return entry, found


def _move(entry, before, after):
    """Change the status only if nobody else has (two verifiers at once): False when it was not ``before``."""
    done = db.session.execute(db.update(ExternalEntry).where(ExternalEntry.id == entry.id,
                                                             ExternalEntry.status == before)
                              .values(status=after, updated_at=utcnow())).rowcount
    db.session.refresh(entry)
    return bool(done)


def accept(entry, actor_user=None, actor_admin=""):
    if not _move(entry, PENDING, ACCEPTED):
        raise EntryRefused(_("This entry has been decided already."))
    _event(entry, "accepted", actor_user, actor_admin)
    _credit(entry)
    db.session.commit()


def reject(entry, reason, actor_user=None, actor_admin=""):
    reason = (reason or "").strip()[:2000]
    if not reason:
        raise EntryRefused(_("Give the reason for rejecting it: the learner reads it."))
    if not _move(entry, PENDING, REJECTED):
        raise EntryRefused(_("This entry has been decided already."))
    entry.reason = reason
    _event(entry, "rejected", actor_user, actor_admin, reason)
    db.session.commit()


def revoke(entry, reason, actor_user=None, actor_admin=""):
    """Withdraw an acceptance: the ledger gets a reversal (nothing is deleted)."""
    reason = (reason or "").strip()[:2000]
    if not reason:
        raise EntryRefused(_("Give the reason for withdrawing it: the learner reads it."))
    if not _move(entry, ACCEPTED, REVOKED):
        raise EntryRefused(_("This entry is not accepted."))
    entry.reason = reason
    _event(entry, "revoked", actor_user, actor_admin, reason)
    _reverse(entry)
    db.session.commit()


def _cycle(entry_id):
    return db.session.execute(db.select(db.func.count()).select_from(LearningCredit).where(
        LearningCredit.external_id == entry_id, LearningCredit.entry == REVERSAL)).scalar()


def _insert(row):
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return None
    return row


def _credit(entry):
    course = entry.course
    return _insert(LearningCredit(
        issuer=entry.issuer, user_id=entry.user_id, activity_id=None, external_id=entry.id,
        course_title=((course.title or course.label or "") if course else "")[:255], activity_title=entry.title,
        category=entry.category, jp=entry.jp, minutes_per_jp=int(current_app.config.get("LATIH_MINUTES_PER_JP") or 45),
        entry=CREDIT, cycle=_cycle(entry.id), year=entry.ended_on.year, organiser=entry.organiser,
        started_on=entry.started_on, ended_on=entry.ended_on, created_at=utcnow()))


def _reverse(entry):
    cycle = _cycle(entry.id)
    open_credit = db.session.execute(db.select(LearningCredit).where(
        LearningCredit.external_id == entry.id, LearningCredit.entry == CREDIT, LearningCredit.cycle == cycle)).scalar()
    if open_credit is None:
        return None
    return _insert(LearningCredit(
        issuer=open_credit.issuer, user_id=open_credit.user_id, activity_id=None, external_id=entry.id,
        course_title=open_credit.course_title, activity_title=open_credit.activity_title,
        category=open_credit.category, jp=-open_credit.jp, minutes_per_jp=open_credit.minutes_per_jp, entry=REVERSAL,
        cycle=cycle, reverses_id=open_credit.id, year=open_credit.year, organiser=open_credit.organiser,
        started_on=open_credit.started_on, ended_on=open_credit.ended_on, created_at=utcnow()))


def learner_entries(user_id):
    """The learner's own entries, newest first (for their page: pending, rejected with the reason, accepted)."""
    return db.session.execute(db.select(ExternalEntry).where(ExternalEntry.user_id == user_id)
                              .order_by(ExternalEntry.id.desc())).scalars().all()


def events(entry_id):
    return db.session.execute(db.select(ExternalEntryEvent).where(ExternalEntryEvent.entry_id == entry_id)
                              .order_by(ExternalEntryEvent.id)).scalars().all()
