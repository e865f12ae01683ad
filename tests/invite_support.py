"""Review rounds and reviewers for the invitation tests: a module made through the pages (version 1 frozen there),
a round stored directly with the model (the round pages are built elsewhere), and a real SMTP server (aiosmtpd)."""
import html
import re
import socket
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes, policy

from modules_pages_support import MODULE_V1, csrf, freeze, make_module, save_draft

from lti_tool.clock import utcnow
from lti_tool.extensions import db
from lti_tool.modules.models import Module, ModuleRound, ModuleVersion

GROUPS = ("pemda", "masyarakat", "perguruan_tinggi")


def make_round(app, browser, platform, client, *, state="open", deadline=timedelta(days=7), groups=GROUPS,
               number=1):
    """A module with version 1 (through the pages) and round ``number`` on it, stored directly."""
    made = make_module(app, browser, platform)
    save_draft(client, made["teacher"], MODULE_V1)
    freeze(client, made["teacher"])
    module = db.session.get(Module, made["activity"].id)
    version = ModuleVersion.query.filter_by(module_id=module.activity_id, number=1).one()
    now = utcnow()
    round_row = ModuleRound(module_id=module.activity_id, number=number, version_id=version.id, groups=list(groups),
                            criteria={g: ["relevance", "clarity"] for g in groups}, rule={},
                            deadline=(now + deadline) if deadline is not None else None, state=state,
                            opened_at=now if state != "draft" else None)
    db.session.add(round_row)
    db.session.commit()
    return dict(made, module=module, round=round_row, version=version)


def reviewers_page(client, token, number=1):
    return client.get(f"/modules/rounds/{number}/reviewers?launch={token}").get_data(as_text=True)


def post(client, token, action, number=1, **data):
    """POST one of the reviewers' forms with a fresh CSRF token from the reviewers page."""
    page = reviewers_page(client, token, number)
    return client.post(f"/modules/rounds/{number}/reviewers/{action}?launch={token}",
                       data={"csrf_token": csrf(page), **data})


def invite_external(client, token, name="Ibu Ratna", institution="Bappeda Kab. Sleman", group="pemda", email="",
                    number=1):
    return post(client, token, "external", number, name=name, institution=institution, group=group, email=email)


def shown_link(body):
    match = re.search(r'data-testid="review-link"[^>]*?value="([^"]+)"|value="([^"]+)"[^>]*data-testid="review-link"',
                      body)
    return next(g for g in match.groups() if g) if match else None


def shown_texts(body):
    return [html.unescape(t) for t in re.findall(r'data-testid="invitation-text">(.*?)</textarea>', body, re.S)]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Mailbox:
    """What the test SMTP server received."""

    messages: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append({"to": list(envelope.rcpt_tos), "from": envelope.mail_from, "message": message,
                              "subject": str(message["Subject"]), "body": message.get_body(("plain",)).get_content()})
        return "250 OK"
