"""A course's certificate rules and the certificates' life: issued automatically when a learner completes the last
required activity (``on_completed``, subscribed to ``activity_completed``) or by hand, revoked with a reason,
reissued with a new number; and what other parts read (``certificate_numbers_for``, ``certificates_of``)."""
import logging
from decimal import Decimal

from flask import current_app

from ..activities.completion import Completion
from ..activities.models import Activity
from ..clock import utcnow
from ..extensions import db
from ..lti.models import LtiUser
from ..record.services import planned_jp
from .issuing import issue
from .models import Certificate, CertificateRequirement, CertificateSetting

log = logging.getLogger(__name__)
TEXT_FIELDS = ("institution", "training_name", "place", "result", "signatory_name", "signatory_title")


def setting_of(course_id):
    """The course's setting, or a new unsaved one with the configured defaults."""
    found = db.session.get(CertificateSetting, course_id)
    if found is not None:
        return found
    config = current_app.config
    return CertificateSetting(course_id=course_id, institution=config.get("LATIH_CERT_INSTITUTION") or "",
                              result=config.get("LATIH_CERT_RESULT") or "", training_name="", place="",
                              signatory_name="", signatory_title="")


def required_ids(course_id):
    return set(db.session.execute(db.select(CertificateRequirement.activity_id).where(
        CertificateRequirement.course_id == course_id)).scalars())


def save_rules(course, values, activity_ids):
    """Store the setting (``values``: cleaned fields) and the required activities (ids of the course's activities
    only: others are ignored). Commits."""
    setting = setting_of(course.id)
    for name, value in values.items():
        setattr(setting, name, value)
    db.session.add(setting)
    own = set(db.session.execute(db.select(Activity.id).where(Activity.course_id == course.id)).scalars())
    wanted = {i for i in activity_ids if i in own}
    current = required_ids(course.id)
    for activity_id in current - wanted:
        db.session.execute(db.delete(CertificateRequirement).where(CertificateRequirement.activity_id == activity_id))
    for activity_id in wanted - current:
        db.session.add(CertificateRequirement(activity_id=activity_id, course_id=course.id))
    db.session.commit()
    return setting


def default_jp(course_id):
    """The sum of the required activities' planned JP (None when none has any)."""
    ids = required_ids(course_id)
    if not ids:
        return None
    activities = db.session.execute(db.select(Activity).where(Activity.id.in_(ids))).scalars()
    total = sum((planned_jp(a) or Decimal(0) for a in activities), Decimal(0))
    return total or None


def ready(setting):
    """Whether certificates can be issued: the institution and the training are named."""
    return bool(setting is not None and setting.institution.strip() and setting.training_name.strip())


def snapshot(course_id, learner, issued_by=None, rank=None, position=None):
    """The printed fields of a certificate issued now (copied: the certificate reads the same later)."""
    setting = setting_of(course_id)
    values = {name: getattr(setting, name) or "" for name in TEXT_FIELDS}
    jp = setting.jp if setting.jp is not None else default_jp(course_id)
    return dict(values, course_id=course_id, user_id=learner.id, name=learner.name or "", nip=learner.nip or "",
                rank=(rank or learner.rank or "").strip()[:255] or None,
                position=(position or learner.position or "").strip()[:255] or None,
                started_on=setting.started_on, ended_on=setting.ended_on, jp=jp, issued_by=issued_by)


def completed_everything(course_id, user_id):
    required = required_ids(course_id)
    if not required:
        return False
    done = set(db.session.execute(db.select(Completion.activity_id).where(
        Completion.user_id == user_id, Completion.activity_id.in_(required))).scalars())
    return done >= required


def issue_if_complete(activity, learner):
    """Issue the course's certificate when ``activity`` is required and the learner has now completed every
    required activity; returns the certificate issued, or None."""
    course_id = activity.course_id
    if activity.id not in required_ids(course_id) or not ready(db.session.get(CertificateSetting, course_id)):
        return None
    if not completed_everything(course_id, learner.id):
        return None
    cert, issued = issue(snapshot(course_id, learner))
    if issued:
        log.info("Certificate %s issued automatically (course %s, user %s)", cert.number, course_id, learner.id)
    return cert if issued else None


def on_completed(activity, learner, at=None, **_):
    """``activity_completed``: never lets a certificate problem break the learner's submission."""
    try:
        issue_if_complete(activity, learner)
    except Exception:
        db.session.rollback()
        log.exception("Certificates: the automatic issue after activity %s failed for user %s", activity.id,
                      learner.id)


def issue_by_hand(course_id, learner, staff_user_id, rank=None, position=None):
    """(certificate, issued?): the learner's certificate in force if there is one, else a new one."""
    return issue(snapshot(course_id, learner, issued_by=staff_user_id, rank=rank, position=position))


def revoke(cert, reason):
    """Revoke ``cert`` (in force) with a reason shown on the verification page. Commits; False if revoked already."""
    if cert.revoked_at is not None:
        return False
    cert.revoked_at, cert.revoked_reason = utcnow(), reason
    db.session.commit()
    return True


def reissue(cert, staff_user_id, reason):
    """Revoke ``cert`` and issue its successor with a new number (fields taken anew, rank and position kept), in one
    transaction. Returns the new certificate, or None when ``cert`` was revoked already."""
    learner = db.session.get(LtiUser, cert.user_id)
    new, issued = issue(snapshot(cert.course_id, learner, issued_by=staff_user_id, rank=cert.rank,
                                 position=cert.position), replacing_id=cert.id, reason=reason)
    return new if issued else None


def of_course(course_id):
    return db.session.execute(db.select(Certificate).where(Certificate.course_id == course_id)
                              .order_by(Certificate.year, Certificate.seq)).scalars().all()


def in_course(course_id, certificate_id):
    """The certificate ``certificate_id`` (from the browser) when it belongs to the course, else None."""
    cert = db.session.get(Certificate, certificate_id) if isinstance(certificate_id, int) else None
    return cert if cert is not None and cert.course_id == course_id else None


def certificates_of(user_id):
    """The learner's certificates, newest first (revoked ones included: the page says so)."""
    return db.session.execute(db.select(Certificate).where(Certificate.user_id == user_id)
                              .order_by(Certificate.issued_at.desc(), Certificate.id.desc())).scalars().all()


def certificate_numbers_for(user_ids, include_revoked=False):
    """{user id: [certificate numbers, oldest first]} of the given learners (certificates in force only, unless
    ``include_revoked``): for the record's exports."""
    ids = list(user_ids)
    if not ids:
        return {}
    query = db.select(Certificate.user_id, Certificate.number).where(Certificate.user_id.in_(ids))
    if not include_revoked:
        query = query.where(Certificate.revoked_at.is_(None))
    found = {}
    for user_id, number in db.session.execute(query.order_by(Certificate.issued_at, Certificate.id)):
        found.setdefault(user_id, []).append(number)
    return found


def by_code(code):
    from .issuing import CODE_BYTES

    if not isinstance(code, str) or not 16 <= len(code) <= 4 * CODE_BYTES // 3 + 4:
        return None
    return db.session.execute(db.select(Certificate).where(Certificate.code == code)).scalar()
