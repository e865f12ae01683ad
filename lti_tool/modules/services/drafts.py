"""The working draft: saved by compare-and-set on its revision, so that a save from a page opened before another
save (a second tab, a colleague) is refused with the typed text kept, never written over newer work."""
from ...clock import utcnow
from ...extensions import db
from ..domain.sections import split_sections, word_count
from ..models import ModuleDraft
from . import ModuleRefused, audit

# A 50-section, 20,000-word module is about 150,000 characters; a form field holds at most 500 kB (Flask's
# MAX_FORM_MEMORY_SIZE), which 400,000 characters of Markdown stay within once form-encoded.
MAX_CHARS = 400_000
MAX_REVISION = 2**31 - 1


def clean_markdown(text):
    """What is stored of a typed text: line ends as ``\\n`` (browsers send ``\\r\\n``), no NUL."""
    return (text or "").replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")


def draft_of(module):
    draft = db.session.get(ModuleDraft, module.activity_id)
    if draft is None:
        draft = ModuleDraft(module_id=module.activity_id, markdown="", revision=0)
        db.session.add(draft)
        db.session.commit()
    return draft


def save_draft(module, user, markdown, revision):
    """Store ``markdown`` if the draft is still at ``revision`` (the one the page was built from). Returns the new
    revision; ModuleRefused("stale") when another save came first, ("too_long") over MAX_CHARS."""
    markdown = clean_markdown(markdown)
    if len(markdown) > MAX_CHARS:
        raise ModuleRefused("too_long", max=MAX_CHARS)
    if not isinstance(revision, int) or not 0 <= revision < MAX_REVISION:
        raise ModuleRefused("stale")
    claimed = (ModuleDraft.query.filter_by(module_id=module.activity_id, revision=revision)
               .update({"markdown": markdown, "revision": revision + 1, "updated_at": utcnow(),
                        "updated_by": user.id if user is not None else None}, synchronize_session=False))
    if not claimed:
        db.session.rollback()
        raise ModuleRefused("stale")
    audit.record_draft_saved(module.activity_id, user, revision=revision + 1,
                             words=word_count(split_sections(markdown)))
    db.session.commit()
    db.session.expire_all()
    return revision + 1


def draft_status(draft, latest):
    """(sections, words, same_as_latest) of the draft; ``latest``: the newest version or None."""
    sections = split_sections(draft.markdown)
    return sections, word_count(sections), latest is not None and latest.markdown == draft.markdown
