"""Revision requests on a module (opened from feedback findings through the core ``lti_tool.revisions``), answered by
the module's author like a reviewer's comment.

**Which version.** As with comments (``rounds.answer_comment``), the author picks the version explicitly, the next
one (newest + 1) offered: *addressed in version N* is accepted for the next version to be frozen, or for any version
frozen since the request was opened — never for one frozen before it (it cannot have answered a finding it did not
know). *Declined* needs a reason. An answer may be changed; a request never becomes open again. The feedback side
reads the same row: it shows "addressed in version N" as soon as the author answers.
"""
from dataclasses import dataclass

from ...revisions import services as revisions
from ...revisions.services import RevisionRefused
from .versions import latest_version, version_numbered


@dataclass(frozen=True)
class Panel:
    requests: list  # RevisionRequest, open ones first
    next_version: int
    open: int


def next_version_of(module):
    latest = latest_version(module)
    return latest.number + 1 if latest is not None else 1


def panel(module):
    rows = revisions.requests_for(module.activity_id)
    return Panel(rows, next_version_of(module), sum(1 for r in rows if r.state == "open"))


def answer_request(module, user, request_id, state, text, version):
    """The author's answer to request ``request_id`` of this module (else ``request_unknown``)."""
    request = revisions.request_in(module.activity_id, request_id)
    if request is None:
        raise RevisionRefused("request_unknown")
    if state == "addressed" and version is not None:
        upcoming = next_version_of(module)
        frozen = version_numbered(module, version)
        if version != upcoming and (frozen is None or frozen.created_at < request.opened_at):
            raise RevisionRefused("version_not_after", number=version, next=upcoming)
    return revisions.answer(request, user, state, text, version if state == "addressed" else None)
