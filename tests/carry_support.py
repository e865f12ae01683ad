"""Builders for the carry-over and module bank tests: review rounds, reviewers and comments made directly with the
models (on versions frozen through the pages), and a module in another course or on another platform."""
from lti_tool.activities.services import create_activity
from lti_tool.extensions import db
from lti_tool.lti.models import Course, Platform
from lti_tool.modules.domain.anchors import TextQuote
from lti_tool.modules.domain.sections import split_sections, word_count
from lti_tool.modules.models import ModuleComment, ModuleReviewer, ModuleRound, ModuleVersion
from lti_tool.modules.services.review_data import new_token
from lti_tool.modules.services.versions import sections_json


def version_row(module_id, number):
    return ModuleVersion.query.filter_by(module_id=module_id, number=number).one()


def make_round(module_id, version_number, number=1, groups=("pemda",)):
    row = ModuleRound(module_id=module_id, number=number, version_id=version_row(module_id, version_number).id,
                      groups=list(groups), criteria={g: ["relevance"] for g in groups}, rule={}, state="open")
    db.session.add(row)
    db.session.commit()
    return row


def make_reviewer(round_row, name="Bu Sari", institution="Bappeda", group="pemda"):
    _token, token_hash = new_token()
    row = ModuleReviewer(round_id=round_row.id, group=group, name=name, institution=institution,
                         token_hash=token_hash)
    db.session.add(row)
    db.session.commit()
    return row


def quote_comment(reviewer, section_id, exact, body, prefix="", suffix="", blocking=False, **values):
    """A comment on the passage ``exact`` of section ``section_id`` (the anchor a reviewer's selection makes)."""
    anchor = TextQuote(exact, prefix, suffix, section_id).to_dict()
    row = ModuleComment(round_id=reviewer.round_id, reviewer_id=reviewer.id, section_id=section_id, anchor=anchor,
                        body=body, blocking=blocking, **values)
    db.session.add(row)
    db.session.commit()
    return row


def section_comment(reviewer, section_id, body, **values):
    row = ModuleComment(round_id=reviewer.round_id, reviewer_id=reviewer.id, section_id=section_id, anchor=None,
                        body=body, **values)
    db.session.add(row)
    db.session.commit()
    return row


def reply(parent, body):
    row = ModuleComment(round_id=parent.round_id, reviewer_id=parent.reviewer_id, parent_id=parent.id,
                        section_id=parent.section_id, body=body)
    db.session.add(row)
    db.session.commit()
    return row


def other_platform_course(issuer="https://moodle.lain.example", title="Kursus di Moodle lain"):
    """A course of a second platform (another Moodle site: its own issuer and registration)."""
    platform = Platform(name="Moodle lain", issuer=issuer, client_id="lain", auth_login_url=issuer + "/auth",
                        auth_token_url=issuer + "/token", key_set_url=issuer + "/certs")
    db.session.add(platform)
    db.session.flush()
    course = Course(issuer=issuer, deployment_id="1", context_id="77", title=title, platform_id=platform.id)
    db.session.add(course)
    db.session.commit()
    return course


def same_platform_course(issuer, title="Kursus lain, Moodle yang sama", context_id="42"):
    course = Course(issuer=issuer, deployment_id="1", context_id=context_id, title=title)
    db.session.add(course)
    db.session.commit()
    return course


def module_with_versions(course, title, *texts):
    """A module activity in ``course`` with one version per Markdown text (stored directly: a module of another
    course cannot be written through this launch's pages)."""
    activity = create_activity(course.id, None, "modules", title)
    for number, text in enumerate(texts, start=1):
        sections = split_sections(text)
        db.session.add(ModuleVersion(module_id=activity.id, number=number, markdown=text,
                                     sections=sections_json(sections), word_count=word_count(sections)))
    db.session.commit()
    return activity
