"""lti_tool.mail against a real SMTP server (aiosmtpd on a free port): the URL forms, a mail that arrives, and
failures that are one MailError whose message never holds the password."""
import logging

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from invite_support import Mailbox, free_port

from lti_tool.logmask import mask
from lti_tool.mail import MailError, mail_configured, parse_smtp_url, send_mail

PASSWORD = "Rahasia-Sekali-42"


@pytest.fixture
def smtp(app):
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config["LATIH_SMTP_URL"] = f"smtp://127.0.0.1:{controller.port}?from=latih@pusdiklat.example.go.id"
    yield box
    controller.stop()


@pytest.fixture
def smtp_with_login(app):
    """A server that asks for a login and refuses every password."""
    box = Mailbox()

    def refuse(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=False, handled=False)

    controller = Controller(box, hostname="127.0.0.1", port=free_port(), authenticator=refuse,
                            auth_require_tls=False, auth_required=True)
    controller.start()
    yield controller.port
    controller.stop()


@pytest.mark.parametrize(("url", "expected"), [
    ("smtp://mail.example.go.id?from=a@example.go.id", ("mail.example.go.id", 25, None, "", "")),
    ("smtp+starttls://latih%40example.go.id:p%40ss@mail.example.go.id?from=a@example.go.id",
     ("mail.example.go.id", 587, "starttls", "latih@example.go.id", "p@ss")),
    ("smtps://u:p@mail.example.go.id:2465?from=a@example.go.id", ("mail.example.go.id", 2465, "tls", "u", "p")),
])
def test_smtp_url_forms(url, expected):
    server = parse_smtp_url(url)
    assert (server.host, server.port, server.security, server.user, server.password) == expected
    assert server.sender == "a@example.go.id"
    assert not server.password or f":{server.password}" not in repr(server)


def test_sender_from_setting_or_refused():
    assert parse_smtp_url("smtp://h", default_sender="pusdiklat@example.go.id").sender == "pusdiklat@example.go.id"
    with pytest.raises(MailError, match="sender"):
        parse_smtp_url("smtp://h")
    with pytest.raises(MailError) as caught:
        parse_smtp_url(f"http://u:{PASSWORD}@h?from=a@b.c")
    assert PASSWORD not in str(caught.value)


def test_a_mail_arrives_in_utf8(app, smtp):
    assert mail_configured()
    send_mail("ratna@bappeda.example.go.id", "Undangan reviu modul “Perencanaan”", "Yth. Ibu Ratna,\n\nTerima kasih.")
    [mail] = smtp.messages
    assert mail["to"] == ["ratna@bappeda.example.go.id"] and mail["from"] == "latih@pusdiklat.example.go.id"
    assert mail["subject"] == "Undangan reviu modul “Perencanaan”"
    assert "Yth. Ibu Ratna" in mail["body"]


def test_not_configured(app):
    app.config["LATIH_SMTP_URL"] = None
    assert not mail_configured()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_refused_login_names_the_user_not_the_password(app, smtp_with_login):
    app.config["LATIH_SMTP_URL"] = f"smtp://latih:{PASSWORD}@127.0.0.1:{smtp_with_login}?from=latih@example.go.id"
    with pytest.raises(MailError) as caught:
        send_mail("ratna@example.go.id", "Subjek", "Isi")
    assert "latih" in str(caught.value) and PASSWORD not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_closed_port_is_a_mail_error_without_the_password(app):
    app.config["LATIH_SMTP_URL"] = f"smtps://latih:{PASSWORD}@127.0.0.1:{free_port()}?from=latih@example.go.id"
    app.config["LATIH_SMTP_TIMEOUT"] = 3
    with pytest.raises(MailError) as caught:
        send_mail("ratna@example.go.id", "Subjek", "Isi")
    assert "could not be reached" in str(caught.value) and PASSWORD not in str(caught.value)


@pytest.mark.parametrize("to", ["", "a@b.c\nBcc: x@y.z", "x" * 300 + "@example.go.id"])
def test_bad_recipient_refused(app, smtp, to):
    with pytest.raises(MailError):
        send_mail(to, "Subjek", "Isi")
    assert smtp.messages == []


def test_the_smtp_password_is_masked_in_logs(caplog):
    url = f"smtp+starttls://latih:{PASSWORD}@mail.example.go.id:587?from=a@example.go.id"
    assert PASSWORD not in mask(f"LATIH_SMTP_URL={url}")
    with caplog.at_level(logging.INFO):
        logging.getLogger("latih.test").info("mail server %s", url)
    assert PASSWORD not in caplog.text


def test_a_subject_with_a_line_break_adds_no_header(app, smtp):
    send_mail("ratna@example.go.id", "Modul\r\nBcc: x@example.com", "Isi")
    [mail] = smtp.messages
    assert mail["to"] == ["ratna@example.go.id"] and mail["message"]["Bcc"] is None
    assert mail["subject"] == "Modul Bcc: x@example.com"
