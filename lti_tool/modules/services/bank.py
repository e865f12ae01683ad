"""The module bank ("bank modul"): the modules of the same platform (the same Moodle site, its issuer) other than
this one, to read and to copy a version of into this module's draft, so that a good module is not written twice.

Only modules with at least one version are in the bank (a version is what is copied). A module is looked up by
its id only among the bank's (another platform's, or this module's own id, is ``None``: the page answers 404).
Copying replaces this module's draft by compare-and-set on its revision (as a save does), copies the attachments
the text points at (same bytes, a name free in this module; the text is pointed at the new name), and records
``copied_from`` in this module's audit trail. Nothing of the source changes.
"""
import re
from dataclasses import dataclass

from sqlalchemy import func

from ...activities.models import Activity
from ...clock import utcnow
from ...extensions import db
from ...lti.models import Course
from ..domain.sections import split_sections, word_count
from ..models import Module, ModuleAttachment, ModuleDraft, ModuleVersion
from . import ModuleRefused, attachments, audit
from .drafts import MAX_CHARS, MAX_REVISION, clean_markdown

PER_PAGE = 10
MAX_QUERY = 100


@dataclass(frozen=True)
class BankEntry:
    module_id: int
    title: str
    course: str
    versions: int
    published: int | None  # the published version's number
    latest_at: object  # when the newest version was frozen


@dataclass(frozen=True)
class BankPage:
    entries: tuple
    total: int
    page: int
    pages: int
    query: str


def _bank_query(module, issuer):

    return (db.session.query(Module, Activity, Course)
            .join(Activity, Activity.id == Module.activity_id)
            .join(Course, Course.id == Activity.course_id)
            .filter(Course.issuer == issuer, Activity.kind == "modules", Module.activity_id != module.activity_id))


def _like(text):
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search(module, issuer, query="", page=1, per_page=PER_PAGE):
    """One page of the bank, titles containing ``query`` (any case), the most recently versioned first."""
    query = " ".join((query or "").split())[:MAX_QUERY]
    stats = (db.session.query(ModuleVersion.module_id.label("module_id"),
                              func.count(ModuleVersion.id).label("versions"),
                              func.max(ModuleVersion.created_at).label("latest_at"))
             .group_by(ModuleVersion.module_id).subquery())
    published = db.aliased(ModuleVersion)
    rows = (_bank_query(module, issuer)
            .join(stats, stats.c.module_id == Module.activity_id)
            .outerjoin(published, published.id == Module.published_version_id)
            .with_entities(Module.activity_id, Activity.title, Course.title, Course.label, stats.c.versions,
                           published.number, stats.c.latest_at))
    if query:
        rows = rows.filter(func.lower(Activity.title).like(_like(query.lower()), escape="\\"))
    total = rows.count()
    pages = max(1, -(-total // per_page))
    page = min(max(1, page or 1), pages)
    found = (rows.order_by(stats.c.latest_at.desc(), Module.activity_id.desc())
             .offset((page - 1) * per_page).limit(per_page).all())
    entries = tuple(BankEntry(mid, title, course_title or course_label or "", versions, number, latest_at)
                    for mid, title, course_title, course_label, versions, number, latest_at in found)
    return BankPage(entries, total, page, pages, query)


def source_module(module, issuer, source_id):
    """(Module, Activity, Course) of the module ``source_id`` of the bank, or None (another platform's, this module
    itself, or no such module)."""
    if not isinstance(source_id, int) or isinstance(source_id, bool):
        return None
    return _bank_query(module, issuer).filter(Module.activity_id == source_id).first()


def versions_of(source):
    return (ModuleVersion.query.filter_by(module_id=source.activity_id)
            .options(db.defer(ModuleVersion.markdown), db.defer(ModuleVersion.sections))
            .order_by(ModuleVersion.number.desc()).all())


def source_version(source, number):
    if not isinstance(number, int) or isinstance(number, bool):
        return None
    return ModuleVersion.query.filter_by(module_id=source.activity_id, number=number).first()


def _reference(filename):
    """``attachment:<filename>`` where the name ends (not a longer name that starts the same)."""
    return re.compile(re.escape(attachments.SCHEME + filename) + r"(?=$|[\s)\]\"'>])")


def referenced_attachments(source, markdown):
    """The source's attachments the text points at (without their bytes)."""
    rows = (ModuleAttachment.query.filter_by(module_id=source.activity_id)
            .order_by(ModuleAttachment.filename).all())
    return [a for a in rows if _reference(a.filename).search(markdown)]


@dataclass(frozen=True)
class CopyPlan:
    """What a copy will do: the words of the draft it replaces, the words and sections it brings, the files."""

    draft_words: int
    draft_revision: int
    words: int
    sections: int
    files: tuple  # names in the source


def plan_copy(module, source, version):
    draft = db.session.get(ModuleDraft, module.activity_id)
    markdown = draft.markdown if draft is not None else ""
    sections = version.sections or []
    return CopyPlan(word_count(split_sections(markdown)), draft.revision if draft is not None else 0,
                    version.word_count, len(sections),
                    tuple(a.filename for a in referenced_attachments(source, version.markdown)))


def _copy_attachment(module, user, attachment):
    """The name under which this module holds ``attachment``'s bytes: an existing file with the same name and
    bytes, else a new copy (a free name)."""
    same = ModuleAttachment.query.filter_by(module_id=module.activity_id, filename=attachment.filename,
                                            sha256=attachment.sha256).first()
    if same is not None:
        return same.filename
    data = db.session.query(ModuleAttachment.data).filter_by(id=attachment.id).scalar()
    return attachments.add(module, user, attachment.filename, data, commit=False).filename


def copy_into_draft(module, user, source, course, version, revision):
    """Replace this module's draft by ``version``'s Markdown if the draft is still at ``revision`` (ModuleRefused
    ``stale`` otherwise, nothing changed). Returns the new revision."""
    if not isinstance(revision, int) or not 0 <= revision < MAX_REVISION:
        raise ModuleRefused("bank_stale")
    draft = db.session.get(ModuleDraft, module.activity_id)
    if draft is None or draft.revision != revision:
        raise ModuleRefused("bank_stale")
    markdown = clean_markdown(version.markdown)
    files = []
    try:
        for attachment in referenced_attachments(source, markdown):
            name = _copy_attachment(module, user, attachment)
            if name != attachment.filename:
                markdown = _reference(attachment.filename).sub(
                    lambda _m, name=name: attachments.SCHEME + name, markdown)
            files.append({"from": attachment.filename, "to": name})
    except ModuleRefused:
        db.session.rollback()
        raise
    if len(markdown) > MAX_CHARS:
        db.session.rollback()
        raise ModuleRefused("too_long", max=MAX_CHARS)
    claimed = (ModuleDraft.query.filter_by(module_id=module.activity_id, revision=revision)
               .update({"markdown": markdown, "revision": revision + 1, "updated_at": utcnow(),
                        "updated_by": user.id if user is not None else None}, synchronize_session=False))
    if not claimed:
        db.session.rollback()
        raise ModuleRefused("bank_stale")
    source_title = db.session.query(Activity.title).filter_by(id=source.activity_id).scalar()
    audit.record(module.activity_id, user, "copied_from", revision=revision + 1,
                 source_module=source.activity_id, source_title=source_title, source_course=course.id,
                 source_course_title=course.title or course.label or "", source_version=version.number,
                 words=version.word_count, files=files)
    db.session.commit()
    db.session.expire_all()
    return revision + 1
