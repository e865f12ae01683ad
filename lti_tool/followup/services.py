"""A session's settings (the create form's ``followup_*`` fields) and its sign-ups: a seat while there is room, else
the waiting list; a cancelled seat goes to the first on the waiting list.

Safe with several workers: every change of the sign-ups of a session first locks the session's row (``SELECT … FOR
UPDATE`` on PostgreSQL; SQLite writes one at a time anyway), so the count of seats and the promotion are decided by
one transaction at a time; UNIQUE(session, person) refuses a second row for the same person.
"""
import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask import current_app
from sqlalchemy.exc import IntegrityError

from ..clock import from_local, utcnow
from ..extensions import db
from .codes import new_secret
from .models import FollowupSession, FollowupSignup

URL = re.compile(r"https?://[^\s<>\"']+\Z", re.IGNORECASE)
MAX_JP, MAX_CAPACITY = Decimal(100), 10000
FORM_MARKER = "followup_form"


class FollowupRefused(ValueError):
    def __init__(self, code, **params):
        super().__init__(code)
        self.code, self.params = code, params


def _moment(text, code):
    text = (text or "").strip()
    try:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is not None or not 2000 <= moment.year <= 2200:
            raise ValueError(text)
    except (ValueError, OverflowError):
        raise FollowupRefused(code) from None
    return from_local(moment)


def _jp(text):
    text = (text or "").strip().replace(",", ".") or "0"
    try:
        jp = Decimal(text)
    except InvalidOperation:
        raise FollowupRefused("jp_range") from None
    if not jp.is_finite() or not 0 <= jp <= MAX_JP or jp != jp.quantize(Decimal("0.01")):
        raise FollowupRefused("jp_range")
    return jp.quantize(Decimal("0.01"))


def _capacity(text):
    text = (text or "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_CAPACITY:
        raise FollowupRefused("capacity")
    return int(text)


def categories():
    return tuple(current_app.config.get("LATIH_JP_CATEGORIES") or ("seminar/workshop",))


def settings_from(form):
    """{column: value} from the ``followup_*`` fields; FollowupRefused names the first wrong field."""
    starts_at = _moment(form.get("followup_starts_at"), "starts_invalid")
    ends_at = _moment(form.get("followup_ends_at"), "ends_invalid")
    if ends_at <= starts_at:
        raise FollowupRefused("ends_before_starts")
    place = (form.get("followup_place") or "").strip()[:300]
    url = (form.get("followup_url") or "").strip()
    if url and (len(url) > 1000 or not URL.match(url)):
        raise FollowupRefused("url")
    if not place and not url:
        raise FollowupRefused("where")
    category = form.get("followup_category") or "seminar/workshop"
    if category not in categories():
        raise FollowupRefused("category")
    return {"starts_at": starts_at, "ends_at": ends_at, "place": place, "online_url": url,
            "capacity": _capacity(form.get("followup_capacity")), "jp": _jp(form.get("followup_jp")),
            "category": category}


def create_session(activity, form):
    """The session of a new activity (in the creating transaction: nothing committed here)."""
    values = settings_from(form)
    activity.graded = form.get("followup_graded") == "1"
    db.session.add(FollowupSession(activity_id=activity.id, code_secret=new_secret(), **values))
    db.session.flush()


def session_of(activity):
    return db.session.get(FollowupSession, activity.id)


def _locked(activity_id):
    return db.session.execute(db.select(FollowupSession).where(FollowupSession.activity_id == activity_id)
                              .with_for_update()).scalar_one()


def _person(user=None, invitee=None):
    return (FollowupSignup.user_id == user.id) if user is not None else (FollowupSignup.invitee_id == invitee.id)


def signup_of(activity_id, user=None, invitee=None):
    return db.session.execute(db.select(FollowupSignup).where(
        FollowupSignup.activity_id == activity_id, _person(user, invitee))).scalar()


def _confirmed_count(activity_id):
    return db.session.execute(db.select(db.func.count()).select_from(FollowupSignup).where(
        FollowupSignup.activity_id == activity_id, FollowupSignup.confirmed.is_(True))).scalar()


def has_room(session, confirmed):
    return session.capacity is None or confirmed < session.capacity


def is_over(session, now=None):
    return (now or utcnow()) >= session.ends_at


def sign_up(activity_id, user=None, invitee=None, confirm_if_room=False):
    """Sign a learner (``user``) or an alumnus (``invitee``) up: ``confirmed``, ``waiting`` or ``already`` (with the
    row). Commits. FollowupRefused("over") once the session has ended."""
    session = _locked(activity_id)
    if is_over(session):
        db.session.rollback()
        raise FollowupRefused("over")
    existing = signup_of(activity_id, user, invitee)
    if existing is not None:
        if confirm_if_room and not existing.confirmed and has_room(session, _confirmed_count(activity_id)):
            existing.confirmed = True
            db.session.commit()
            return "confirmed", existing
        db.session.commit()
        return "already", existing
    row = FollowupSignup(activity_id=activity_id, user_id=user.id if user is not None else None,
                         invitee_id=invitee.id if invitee is not None else None,
                         confirmed=has_room(session, _confirmed_count(activity_id)))
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        db.session.rollback()
        return "already", signup_of(activity_id, user, invitee)
    db.session.commit()
    return ("confirmed" if row.confirmed else "waiting"), row


def promote(activity_id, session):
    """Give free seats to the first on the waiting list (the caller holds the session's lock). The promoted rows."""
    promoted = []
    while has_room(session, _confirmed_count(activity_id)):
        first = db.session.execute(db.select(FollowupSignup).where(
            FollowupSignup.activity_id == activity_id, FollowupSignup.confirmed.is_(False))
            .order_by(FollowupSignup.id).limit(1)).scalar()
        if first is None:
            break
        first.confirmed = True
        db.session.flush()
        promoted.append(first)
    return promoted


def cancel(activity_id, user=None, invitee=None):
    """Cancel a sign-up (not once attended): ``cancelled``, ``none`` or ``attended``. Commits; a freed seat goes
    to the first on the waiting list."""
    session = _locked(activity_id)
    row = signup_of(activity_id, user, invitee)
    if row is None or row.attended_at is not None:
        db.session.commit()
        return "none" if row is None else "attended"
    db.session.delete(row)
    db.session.flush()
    promote(activity_id, session)
    db.session.commit()
    return "cancelled"


def waiting_position(row):
    """1 for the first on the waiting list …; None for a confirmed seat."""
    if row is None or row.confirmed:
        return None
    return db.session.execute(db.select(db.func.count()).select_from(FollowupSignup).where(
        FollowupSignup.activity_id == row.activity_id, FollowupSignup.confirmed.is_(False),
        FollowupSignup.id <= row.id)).scalar()


def signups(activity_id):
    """(seats, waiting list), each in the order of signing up."""
    rows = FollowupSignup.query.filter_by(activity_id=activity_id).order_by(FollowupSignup.id).all()
    return [r for r in rows if r.confirmed], [r for r in rows if not r.confirmed]


def signup_in_session(activity_id, signup_id):
    """A sign-up of this session (an id from a form), else None."""
    if signup_id is None:
        return None
    return FollowupSignup.query.filter_by(activity_id=activity_id, id=signup_id).first()
