"""No secret in a log line: one-time registration links, registration and bearer tokens are masked.

A registration URL carries its one-time token (``reg=…``) and Moodle adds its ``registration_token``; both land in
gunicorn's and werkzeug's access logs (request line and Referer) and in the tool's own log lines (a URL in a
failure message). ``install()`` replaces the value of every such query parameter (plain or URL-encoded, as inside
``openid_configuration=…``), the token in a registration path, a ``Bearer`` token and the password in a URL's user
part (``smtp://user:password@host``) with ``***``.

It works through the log record factory, so every record of every logger is masked when it is made — the root
logger's, the app's, ``gunicorn.access``, ``gunicorn.error`` and ``werkzeug`` alike — whichever handlers a server
or a test attaches later (a filter on a logger sees only the records logged on that very logger, not those that
propagate to it). ``MaskSecrets`` does the same as a ``logging.Filter``, for a handler set up before the app.
"""
import logging
import re
import threading

SECRET_PARAMETERS = ("reg", "registration_token", "token", "access_token", "refresh_token", "id_token",
                     "client_assertion", "password")
# A path segment after these is a token.
SECRET_PATHS = ("/lti/register/", "/modules/review/", "/feedback/i/", "/followup/i/", "/verify/")
MASK = "***"

_PARAMETER = re.compile(
    r"((?:^|[?&;\s\"']|%3[Ff]|%26)(?:" + "|".join(SECRET_PARAMETERS) + r")(?:=|%3[Dd]))"  # name= or name%3D
    r"(?:(?!%26|%23)[^&;#\s\"'])*",  # its value, up to the next parameter (plain or encoded)
    re.IGNORECASE)
_PATH = re.compile("(" + "|".join(re.escape(path) for path in SECRET_PATHS) + r")[^/?#\s\"']+")
_BEARER = re.compile(r"(\bBearer\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE)
# The password in a URL's user part (LATIH_SMTP_URL's smtp://user:password@host, a database URL).
_USERINFO = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s\"']*:)[^@/\s\"']+(@)", re.IGNORECASE)


def mask(text):
    """``text`` with every secret replaced by ``***``."""
    if not text:
        return text
    text = _PARAMETER.sub(lambda m: m.group(1) + MASK, text)
    text = _PATH.sub(lambda m: m.group(1) + MASK, text)
    text = _BEARER.sub(lambda m: m.group(1) + MASK, text)
    return _USERINFO.sub(lambda m: m.group(1) + MASK + m.group(2), text)


def mask_record(record):
    """Mask a record's message (its arguments merged in) and its traceback text, in place."""
    try:
        message = record.getMessage()
    except Exception:  # a broken format: the handler reports it as usual
        return record
    clean = mask(message)
    if clean != message:
        record.msg, record.args = clean, None
    if record.exc_info and not record.exc_text:
        text = logging.Formatter().formatException(record.exc_info)
        if mask(text) != text:
            record.exc_text = mask(text)
    return record


class MaskSecrets(logging.Filter):
    def filter(self, record):
        mask_record(record)
        return True


_lock = threading.Lock()
_installed = False


def install():
    """Mask every log record of this process from now on (once per process, whatever the number of apps)."""
    global _installed
    with _lock:
        if _installed:
            return
        make = logging.getLogRecordFactory()

        def masked_record(*args, **kwargs):
            return mask_record(make(*args, **kwargs))

        logging.setLogRecordFactory(masked_record)
        _installed = True
