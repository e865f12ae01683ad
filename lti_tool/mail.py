"""Sending a plain-text email through the SMTP server named by ``LATIH_SMTP_URL`` (generic: any part of the tool).

``smtp://user:password@host:25`` (plain, upgraded with STARTTLS only when asked: ``smtp+starttls://…``, port 587
by default) or ``smtps://…`` (TLS from the start, port 465). The sender is ``?from=latih@example.go.id`` on the URL,
else ``LATIH_MAIL_FROM``. User and password are URL-encoded in the URL (``%40`` for ``@``).

Every failure — a bad URL, the server unreachable, a refused login or recipient, a timeout — is one ``MailError``
whose message names what went wrong and never carries the password (nor the URL it came in).
"""
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from flask import current_app

SCHEMES = {"smtp": (25, None), "smtp+starttls": (587, "starttls"), "smtps": (465, "tls")}
MAX_ADDRESS = 254


class MailError(RuntimeError):
    """The mail was not sent; the message is safe to show and to log (no password, no URL)."""


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    security: str | None  # None, "starttls" or "tls"
    user: str
    password: str
    sender: str

    def __repr__(self):  # never the password, even in a traceback's locals
        return f"SmtpServer({self.host}:{self.port}, security={self.security}, user={self.user!r})"


def parse_smtp_url(url, default_sender=None):
    """The server named by ``url``. Raises MailError (without the URL: it may hold a password)."""
    try:
        parts = urlsplit(url or "")
        port = parts.port
    except ValueError:
        raise MailError("LATIH_SMTP_URL cannot be read: give smtp://user:password@host:port.") from None
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise MailError("LATIH_SMTP_URL must start with smtp://, smtp+starttls:// or smtps:// and name a host.")
    default_port, security = SCHEMES[parts.scheme]
    sender = (parse_qs(parts.query).get("from") or [default_sender or ""])[0].strip()
    if not sender or "@" not in sender or len(sender) > MAX_ADDRESS:
        raise MailError("No sender address: add ?from=latih@example.go.id to LATIH_SMTP_URL or set LATIH_MAIL_FROM.")
    return SmtpServer(parts.hostname, port or default_port, security, unquote(parts.username or ""),
                      unquote(parts.password or ""), sender)


def mail_configured():
    return bool(current_app.config.get("LATIH_SMTP_URL"))


def _server():
    config = current_app.config
    return parse_smtp_url(config.get("LATIH_SMTP_URL"), config.get("LATIH_MAIL_FROM"))


def build_message(sender, to, subject, body):
    message = EmailMessage()
    subject = " ".join(str(subject).split())  # one line: a title with a line break cannot add a header
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"], message["Message-ID"] = formatdate(localtime=False), make_msgid(domain=sender.split("@")[-1])
    message.set_content(body)  # UTF-8, quoted-printable or base64 as needed
    return message


def send_mail(to, subject, body):
    """Send one plain-text mail to ``to``. Raises MailError when it was not sent."""
    server = _server()
    if not to or "\n" in to or "\r" in to or len(to) > MAX_ADDRESS:
        raise MailError("The recipient's address is not valid.")
    try:
        message = build_message(server.sender, to, subject, body)
    except (ValueError, TypeError):
        raise MailError("The sender's or the recipient's address is not valid.") from None
    timeout = float(current_app.config.get("LATIH_SMTP_TIMEOUT") or 10)
    try:
        _deliver(server, message, timeout)
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(f"The mail server refused the login of {server.user!r} ({exc.smtp_code}).") from None
    except smtplib.SMTPRecipientsRefused:
        raise MailError("The mail server refused the recipient's address.") from None
    except smtplib.SMTPResponseException as exc:
        raise MailError(f"The mail server answered {exc.smtp_code}: {_text(exc.smtp_error, server)}") from None
    except (smtplib.SMTPException, OSError) as exc:  # refused, unreachable, timeout, TLS
        reason = _text(str(exc), server) or exc.__class__.__name__
        raise MailError(f"The mail server {server.host}:{server.port} could not be reached: {reason}") from None


def _deliver(server, message, timeout):
    context = ssl.create_default_context()
    if server.security == "tls":
        connection = smtplib.SMTP_SSL(server.host, server.port, timeout=timeout, context=context)
    else:
        connection = smtplib.SMTP(server.host, server.port, timeout=timeout)
    with connection as smtp:
        if server.security == "starttls":
            smtp.starttls(context=context)
        if server.user:
            smtp.login(server.user, server.password)
        smtp.send_message(message)


def _text(raw, server):
    """A server's answer as text, without the password should a server echo it."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    if server.password:
        text = text.replace(server.password, "***")
    return text[:300]
