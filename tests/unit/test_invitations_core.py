"""The core invitation mechanism (lti_tool.invitations), shared by the modules and feedback kinds."""
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from lti_tool.invitations import emails, tokens
from lti_tool.invitations.letters import Letter, deliver_all
from lti_tool.invitations.limit import address_of


def test_a_token_is_256_bits_and_only_its_sha256_is_kept():
    token, token_hash = tokens.new_token()
    assert len(token) >= 43 and token_hash == tokens.hash_token(token) and len(token_hash) == 64
    assert token not in token_hash and tokens.new_token()[0] != token


@pytest.mark.parametrize("token", [None, "", "short", "x" * 101, 42])
def test_implausible_tokens_are_not_looked_up(token):
    class Model:
        class query:  # noqa: N801 - a fake of the ORM's query attribute
            @staticmethod
            def filter_by(**kw):
                raise AssertionError("looked up")

    assert tokens.by_token(Model, token) is None


def test_link_state_revoked_beats_expiry_and_expiry_is_exclusive():
    now = datetime(2027, 1, 1, 12)
    assert tokens.link_state(None, None, now) == "ok"
    assert tokens.link_state(None, now + timedelta(seconds=1), now) == "ok"
    assert tokens.link_state(None, now, now) == "expired"
    assert tokens.link_state(now, now + timedelta(days=9), now) == "revoked"


@pytest.mark.parametrize("raw, clean", [("  Ani@Kemenkes.GO.ID ", "Ani@kemenkes.go.id"), ("", ""), (None, "")])
def test_emails_are_cleaned(raw, clean):
    assert emails.clean_email(raw) == clean


@pytest.mark.parametrize("raw", ["ani", "a@b", "a b@c.id", "a@c.id\nBcc: x@y.id", "x" * 250 + "@c.id"])
def test_bad_emails_are_refused_and_roster_ones_dropped(raw):
    with pytest.raises(emails.InvalidEmail):
        emails.clean_email(raw)
    assert emails.usable_email(raw) == ""


def test_without_mail_every_letter_is_to_copy(app):
    people = [SimpleNamespace(email="a@b.id", emailed_at=None), SimpleNamespace(email="", emailed_at=None)]
    with app.app_context():
        app.config["LATIH_SMTP_URL"] = ""
        sent = deliver_all([(p, Letter("S", "body")) for p in people])
    assert [s.emailed for s in sent] == [False, False] and sent[0].text == "body" and sent[0].invitee is people[0]
    assert all(p.emailed_at is None for p in people)


def test_one_failed_server_is_not_waited_for_again(app, monkeypatch):
    from lti_tool.invitations import letters
    from lti_tool.mail import MailError

    calls = []

    def failing(*args):
        calls.append(args)
        raise MailError("down")

    monkeypatch.setattr(letters, "send_mail", failing)
    people = [SimpleNamespace(email=f"{n}@b.id", emailed_at=None) for n in "abc"]
    with app.app_context():
        app.config["LATIH_SMTP_URL"] = "smtp://mail.example:25?from=latih@example.id"
        sent = deliver_all([(p, Letter("S", "body")) for p in people])
    assert len(calls) == 1 and [s.error for s in sent] == ["down"] * 3


def test_ipv6_addresses_are_counted_per_64():
    assert address_of("2001:db8::1") == address_of("2001:db8::2") == "2001:db8::/64"


def test_an_invitation_links_token_is_masked_in_log_lines():
    from lti_tool.logmask import mask

    line = '"GET /feedback/i/Zk3_9-abcDEFghiJKLmnoPQRstuVWXyz0123456789a/12/ HTTP/1.1" 200'
    assert "Zk3_9" not in mask(line) and "/feedback/i/***/12/" in mask(line)
