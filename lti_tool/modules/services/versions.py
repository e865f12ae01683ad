"""Versions: the draft frozen as version N (immutable), read back as sections, compared, and published."""
from sqlalchemy.exc import IntegrityError

from ...clock import utcnow
from ...extensions import db
from ..domain.diff import diff_versions
from ..domain.reviews import MAX_REASON
from ..domain.sections import Section, split_sections, word_count
from ..models import ModuleDraft, ModuleRound, ModuleVersion
from . import ModuleRefused, audit


def sections_json(sections):
    return [{"id": s.id, "level": s.level, "title": s.title, "body": s.body} for s in sections]


def sections_of(version):
    """The version's sections (as frozen; the stored split, not a new one)."""
    return tuple(Section(s["id"], s["level"], s["title"], s["body"]) for s in version.sections)


def versions_of(module):
    """Every version, the newest first (without their text: the list page needs numbers and counts)."""
    return (ModuleVersion.query.filter_by(module_id=module.activity_id)
            .options(db.defer(ModuleVersion.markdown), db.defer(ModuleVersion.sections))
            .order_by(ModuleVersion.number.desc()).all())


def latest_version(module):
    return (ModuleVersion.query.filter_by(module_id=module.activity_id)
            .order_by(ModuleVersion.number.desc()).first())


def version_numbered(module, number):
    """Version ``number`` of this module, or None (the number comes from the browser)."""
    if not isinstance(number, int) or isinstance(number, bool):
        return None
    return ModuleVersion.query.filter_by(module_id=module.activity_id, number=number).first()


def freeze(module, user, revision):
    """Version N+1 from the draft as the author saw it (``revision``): refused when the draft changed since
    (``stale``), is empty, or is the same as the newest version. Returns the ModuleVersion."""
    draft = db.session.get(ModuleDraft, module.activity_id)
    if draft is None or draft.revision != revision:
        raise ModuleRefused("stale")
    if not draft.markdown.strip():
        raise ModuleRefused("empty_draft")
    latest = latest_version(module)
    if latest is not None and latest.markdown == draft.markdown:
        raise ModuleRefused("unchanged", number=latest.number)
    sections = split_sections(draft.markdown)
    number = latest.number + 1 if latest is not None else 1
    version = ModuleVersion(module_id=module.activity_id, number=number, markdown=draft.markdown,
                            sections=sections_json(sections), word_count=word_count(sections),
                            created_by=user.id if user is not None else None, created_at=utcnow())
    db.session.add(version)
    try:
        db.session.flush()
    except IntegrityError:  # another request froze version N+1 at the same moment
        db.session.rollback()
        raise ModuleRefused("stale") from None
    audit.record(module.activity_id, user, "version_frozen", number, words=version.word_count,
                 sections=len(sections), draft_revision=revision)
    db.session.commit()
    return version


def compare(module, old_number, new_number):
    """(old version, new version, VersionDiff); ModuleRefused("version_unknown") for a number that is not one."""
    old, new = version_numbered(module, old_number), version_numbered(module, new_number)
    for number, version in ((old_number, old), (new_number, new)):
        if version is None:
            raise ModuleRefused("version_unknown", number=number)
    return old, new, diff_versions(sections_of(old), sections_of(new))


def latest_round_on(version):
    """The newest review round on ``version``, or None."""
    return (ModuleRound.query.filter_by(module_id=version.module_id, version_id=version.id)
            .order_by(ModuleRound.number.desc()).first())


def publish(module, user, number, reason):
    """Learners read version ``number`` from now on. A version whose latest review round is decided *approved* is
    published on that decision (an approval against the rule carries the round's reason); a version never approved
    only with a written reason, kept in the audit trail and flagged ``without_review``."""
    version = version_numbered(module, number)
    if version is None:
        raise ModuleRefused("version_unknown", number=number)
    reason = (reason or "").replace("\r\n", "\n").strip()
    last_round = latest_round_on(version)
    approved = last_round is not None and last_round.state == "decided" and last_round.outcome == "approved"
    if not approved and not reason:
        if last_round is not None:
            raise ModuleRefused("reason_required_not_approved", number=number, round=last_round.number)
        raise ModuleRefused("reason_required")
    if len(reason) > MAX_REASON:
        raise ModuleRefused("reason_too_long", max=MAX_REASON)
    if module.published_version_id == version.id:
        raise ModuleRefused("already_published", number=number)
    previous = module.published_version.number if module.published_version is not None else None
    module.published_version_id = version.id
    module.published_at = utcnow()
    if approved:
        audit.record(module.activity_id, user, "published", number, reason=last_round.reason or reason,
                     previous=previous, without_review=False, round=last_round.number,
                     against_rule=bool(last_round.against_rule))
    else:
        audit.record(module.activity_id, user, "published", number, reason=reason, previous=previous,
                     without_review=True, round=last_round.number if last_round is not None else None)
    db.session.commit()
    return version
