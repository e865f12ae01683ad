"""Review rounds and reviewers made directly with the models, on a module set up through the pages
(``modules_pages_support.make_module``) with a frozen version: for the reviewer's, the author's and the report's
tests. ``open_round`` returns the round; ``invite`` a reviewer and their personal link's token."""
from datetime import timedelta

from modules_pages_support import MODULE_V1, freeze, make_module, save_draft

from lti_tool.clock import utcnow
from lti_tool.extensions import db
from lti_tool.modules.models import ModuleComment, ModuleReviewer, ModuleRound, ModuleVersion
from lti_tool.modules.services import review_data
from lti_tool.modules.services.setup import settings_of

REVIEW_TEXT = MODULE_V1 + """
# Lampiran

Bagan alur ![Bagan](attachment:bagan.png) dan [laporan](attachment:laporan.pdf).
"""


def module_with_version(app, browser, platform, client, text=REVIEW_TEXT, **form):
    """A module (``make_module``) whose draft ``text`` is frozen as version 1; the dict of make_module plus
    ``module`` and ``version``."""
    made = make_module(app, browser, platform, **form)
    save_draft(client, made["teacher"], text)
    freeze(client, made["teacher"])
    from lti_tool.modules.models import Module

    made["module"] = db.session.get(Module, made["activity"].id)
    made["version"] = ModuleVersion.query.filter_by(module_id=made["activity"].id).order_by(
        ModuleVersion.number.desc()).first()
    return made


def open_round(module, version, number=1, *, deadline=None, state="open", show_comments=False,
               hide_identities=False, groups=None):
    """A round on ``version`` with the module's groups and criteria (every group scores every criterion)."""
    settings = settings_of(module)
    groups = groups or [g["id"] for g in settings.groups]
    criteria = {g: [c["id"] for c in settings.criteria] for g in groups}
    row = ModuleRound(module_id=module.activity_id, number=number, version_id=version.id, groups=groups,
                      criteria=criteria, rule=settings.rule.to_dict(),
                      deadline=deadline or utcnow() + timedelta(days=7), state=state,
                      show_comments=show_comments, hide_identities=hide_identities,
                      opened_at=utcnow() if state != "draft" else None)
    db.session.add(row)
    db.session.commit()
    return row


def invite(round_row, name="Ibu Sari", group=None, institution="Bappeda", previous=None, invited_by=None):
    """A reviewer of the round; ``(reviewer, token)``."""
    token, token_hash = review_data.new_token()
    reviewer = ModuleReviewer(round_id=round_row.id, group=group or round_row.groups[0], name=name,
                              institution=institution, token_hash=token_hash,
                              previous_id=previous.id if previous is not None else None, invited_by=invited_by)
    db.session.add(reviewer)
    db.session.commit()
    return reviewer, token


def comment(reviewer, section_id, body, *, blocking=False, anchor=None, parent=None, **fields):
    row = ModuleComment(round_id=reviewer.round_id, reviewer_id=reviewer.id, section_id=section_id, body=body,
                        blocking=blocking, anchor=anchor, parent_id=parent.id if parent is not None else None,
                        **fields)
    db.session.add(row)
    db.session.commit()
    return row
