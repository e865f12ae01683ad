"""The level-3 schedule of a form: the course's end date, the waves (months after it, default 3, 6 and 12) and how
many days a link works; and the due job that sends each wave on its date by itself.

The due job (``send_due``: ``flask feedback send-due``, and the grade worker's loop through ``invitations.due``)
gives every invitee who is not revoked the invitation of the **latest** wave whose date has come (a wave missed
because the person was added later is not sent after the fact) unless they already have one for that wave or a
later one. The claim is the row itself: ``INSERT … ON CONFLICT (invitee_id, wave) DO NOTHING`` — only the process
whose insert made the row sends the letter, so a wave goes out once however many workers run at the same time or
how often the job runs. Without email (or without an address) the invitation waits on the invitations page, where
the instructor gives a new link to copy.
"""
import calendar
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.dialects import postgresql, sqlite

from ...clock import to_local, utcnow
from ...extensions import db
from ...invitations.letters import deliver
from ...invitations.tokens import new_token
from ..invitation_models import DEFAULT_LINK_DAYS, DEFAULT_WAVES, FeedbackInvitation, FeedbackInvitee, FeedbackSchedule
from ..models import FeedbackForm
from . import FeedbackRefused, audit
from .invitation_links import invitation_link
from .invitation_texts import invitation_text

log = logging.getLogger(__name__)
MAX_WAVES, MAX_MONTHS, MIN_DAYS, MAX_DAYS = 6, 60, 1, 365


def schedule_of(form):
    """The form's schedule (unsaved defaults when it has none)."""
    found = db.session.get(FeedbackSchedule, form.activity_id)
    return found or FeedbackSchedule(form_id=form.activity_id, course_end=None, waves=list(DEFAULT_WAVES),
                                     link_days=DEFAULT_LINK_DAYS)


def add_months(day, months):
    """``day`` plus ``months`` calendar months (31 January + 1 → 28 or 29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def wave_dates(schedule):
    """[(months, date)] of the schedule, in order (none without a course end)."""
    if schedule.course_end is None:
        return []
    return [(m, add_months(schedule.course_end, m)) for m in sorted(schedule.waves or ())]


def current_wave(schedule, now=None):
    """The latest wave whose date has come (in the training centre's zone), else 0 (before the first wave)."""
    today = to_local(now or utcnow()).date()
    due = [m for m, day in wave_dates(schedule) if day <= today]
    return due[-1] if due else 0


def parse_waves(text):
    parts = [p.strip() for p in str(text or "").replace(";", ",").split(",") if p.strip()]
    if not parts or len(parts) > MAX_WAVES or not all(p.isascii() and p.isdigit() for p in parts):
        raise FeedbackRefused("waves_invalid", max=MAX_WAVES, months=MAX_MONTHS)
    waves = sorted({int(p) for p in parts})
    if waves[0] < 1 or waves[-1] > MAX_MONTHS:
        raise FeedbackRefused("waves_invalid", max=MAX_WAVES, months=MAX_MONTHS)
    return waves


def update_schedule(form, user, fields):
    """From the invitations page: ``course_end`` (YYYY-MM-DD or empty), ``waves`` ("3,6,12"), ``link_days``."""
    text = (fields.get("course_end") or "").strip()
    try:
        course_end = datetime.strptime(text, "%Y-%m-%d").date() if text else None
    except ValueError:
        raise FeedbackRefused("course_end_invalid") from None
    if course_end is not None and not 2000 <= course_end.year <= 2200:
        raise FeedbackRefused("course_end_invalid")
    waves = parse_waves(fields.get("waves"))
    days = (fields.get("link_days") or "").strip()
    if not (days.isascii() and days.isdigit() and MIN_DAYS <= int(days) <= MAX_DAYS):
        raise FeedbackRefused("link_days_range", min=MIN_DAYS, max=MAX_DAYS)
    schedule = db.session.get(FeedbackSchedule, form.activity_id)
    if schedule is None:
        schedule = FeedbackSchedule(form_id=form.activity_id)
        db.session.add(schedule)
    schedule.course_end, schedule.waves, schedule.link_days = course_end, waves, int(days)
    audit.record(form.activity_id, user, "schedule_changed", course_end=text, waves=waves, link_days=int(days))
    db.session.commit()
    return schedule


@dataclass(frozen=True)
class DueOutcome:
    sent: int = 0  # invitations made now (emailed or waiting to be copied)
    emailed: int = 0


def _claim(form_id, invitee_id, wave, token_hash, now, expires):
    """Make the wave's invitation if no process made it yet: True when this call made it."""
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    table = FeedbackInvitation.__table__
    statement = insert(table).values(form_id=form_id, invitee_id=invitee_id, wave=wave, token_hash=token_hash,
                                     invited_at=now, expires_at=expires) \
        .on_conflict_do_nothing(index_elements=["invitee_id", "wave"]).returning(table.c.id)
    return db.session.execute(statement).scalar()


def _due_people(schedule, wave):
    people = FeedbackInvitee.query.filter_by(form_id=schedule.form_id, revoked_at=None).order_by(FeedbackInvitee.id)
    return [p for p in people if not any(i.wave >= wave for i in p.invitations)]


def send_due(now=None, link_for=None):
    """Send every form's due wave (see the module's docstring). ``link_for(form_id, token)`` makes the links.
    Returns DueOutcome."""
    now, link_for = now or utcnow(), link_for or invitation_link
    sent = emailed = 0
    for schedule in FeedbackSchedule.query.filter(FeedbackSchedule.course_end.isnot(None)).all():
        wave = current_wave(schedule, now)
        if not wave:
            continue
        form = schedule_form(schedule)
        for person in _due_people(schedule, wave):
            token, token_hash = new_token()
            link = link_for(schedule.form_id, token)
            if link is None:
                log.warning("Due invitations: set LATIH_BASE_URL so that links can be made outside a request")
                return DueOutcome(sent, emailed)
            row_id = _claim(schedule.form_id, person.id, wave, token_hash, now,
                            now + timedelta(days=schedule.link_days))
            if row_id is None:  # another process made it: it sends it
                db.session.rollback()
                continue
            db.session.commit()  # the claim first: a crash after it never sends the wave twice
            row = db.session.get(FeedbackInvitation, row_id)
            letter = deliver(row, invitation_text(form, row, link, None))
            sent, emailed = sent + 1, emailed + letter.emailed
            db.session.commit()
    return DueOutcome(sent, emailed)


def schedule_form(schedule):
    return db.session.get(FeedbackForm, schedule.form_id)


def due_job(now):
    """For ``invitations.due``: how many invitations went out."""
    return send_due(now).sent
