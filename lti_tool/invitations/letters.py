"""Sending an invitation or a reminder: by email when email is set up (``LATIH_SMTP_URL``) and the invitee has an
address, else — or when the mail server fails — as a text for the inviter to copy (WhatsApp, a chat). Never raises:
a failure is told in ``Sent.error`` and the text is kept.
"""
from dataclasses import dataclass

from ..clock import utcnow
from ..mail import MailError, mail_configured, send_mail


@dataclass(frozen=True)
class Letter:
    subject: str
    body: str


@dataclass(frozen=True)
class Sent:
    """What became of one letter: emailed, or to be copied (``error`` says why the email failed, if it did)."""

    invitee: object  # the kind's row: has ``email`` and ``emailed_at``
    subject: str
    text: str
    emailed: bool = False
    error: str = ""


def deliver(invitee, letter, failed=""):
    """Email ``letter`` to ``invitee.email`` when possible (``invitee.emailed_at`` set; the caller commits), else
    the text to copy. ``failed``: the mail server already failed in this batch (its error is repeated rather than
    waiting for it again)."""
    if not (mail_configured() and invitee.email):
        return Sent(invitee, letter.subject, letter.body)
    if failed:
        return Sent(invitee, letter.subject, letter.body, error=failed)
    try:
        send_mail(invitee.email, letter.subject, letter.body)
    except MailError as exc:
        return Sent(invitee, letter.subject, letter.body, error=str(exc))
    invitee.emailed_at = utcnow()
    return Sent(invitee, letter.subject, letter.body, emailed=True)


def deliver_all(pairs):
    """``[(invitee, letter), …]`` → ``[Sent, …]``: once the mail server fails, the rest are not tried again."""
    results, failed = [], ""
    for invitee, letter in pairs:
        sent = deliver(invitee, letter, failed)
        failed = failed or sent.error
        results.append(sent)
    return results
