"""An invitee's email address, cleaned or refused. Simple on purpose: one ``@``, a dot in the domain, no spaces,
quotes, brackets or separators — nothing that could add a mail header. The domain is lower-cased."""
import re

MAX_EMAIL = 254
EMAIL = re.compile(r"[A-Za-z0-9.!#$%&*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+", re.ASCII)


class InvalidEmail(ValueError):
    """Not an address the tool sends to; each kind says so in its own words."""


def clean_email(value):
    """``""`` for no address, the cleaned address, or InvalidEmail."""
    value = str(value or "").strip()
    if not value:
        return ""
    if len(value) > MAX_EMAIL or not EMAIL.fullmatch(value):
        raise InvalidEmail(value[:MAX_EMAIL])
    local, domain = value.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def usable_email(value):
    """An address from elsewhere (a roster) if it is one the tool sends to, else ``""`` (never refused)."""
    try:
        return clean_email(value)
    except InvalidEmail:
        return ""
