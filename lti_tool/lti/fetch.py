"""Outbound HTTP for URLs a platform hands us: https only (http in development and tests), public addresses only
(``addresses.py``), with a timeout and a size limit, and nothing of an answer's body ever shown.

``guarded_session()`` is a ``requests.Session`` whose every connection resolves the host once, keeps the addresses
the policy allows and connects to one of those (TLS still checks the certificate against the host name, and the Host
header is the URL's): the address that was checked is the address that is used. It ignores proxies from the
environment (a proxy would make the request from elsewhere, unchecked). Every outbound call to a platform goes
through it: dynamic registration and the platform's keyset here, the token endpoint, AGS and NRPS in ``grades``.
"""
import json
import socket
from functools import lru_cache
from http import HTTPStatus
from urllib.parse import urlsplit

import requests
from flask import current_app
from flask_babel import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection as urllib3_connection

from .addresses import AddressRefused, policy_from, resolve


class FetchError(Exception):
    """A fetch failed; the message is safe to show to an admin (never a byte of the answer's body)."""


class FetchRefused(requests.exceptions.ConnectionError):
    """The tool refused to send this request: a scheme or an address the policy does not allow."""


class SchemeRefused(FetchRefused):
    """Plain http:// outside development and tests (or another scheme)."""


class AddressNotAllowed(FetchRefused):
    """The host resolves to no address the tool may reach."""


def status_text(status):
    """``HTTP 500 (Internal Server Error)``: the status and its standard phrase, never the server's own words."""
    try:
        return f"HTTP {int(status)} ({HTTPStatus(int(status)).phrase})"
    except (TypeError, ValueError):
        return f"HTTP {status}"


class _Checked:
    """A urllib3 connection that connects only to an address ``addresses.resolve`` let through."""

    latih_policy = None  # set on the subclasses ``_pool_classes`` makes

    def _new_conn(self):
        try:
            infos = resolve(self._dns_host, self.port, self.latih_policy)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc
        error = None
        for info in infos:
            address = info[4][0]
            try:
                sock = urllib3_connection.create_connection(
                    (address, self.port), self.timeout, source_address=self.source_address,
                    socket_options=self.socket_options)
            except TimeoutError as exc:
                error = ConnectTimeoutError(self, f"Connection to {self.host} timed out.")
                error.__cause__ = exc
                continue
            except OSError as exc:
                error = NewConnectionError(self, f"Failed to establish a new connection: {exc.__class__.__name__}")
                error.__cause__ = exc
                continue
            if sock.getpeername()[0] != address:  # the socket is connected to the checked address, or to nothing
                sock.close()
                raise AddressRefused(f"{self.host}: connected to another address than the one checked")
            return sock
        raise error


@lru_cache(maxsize=32)
def _pool_classes(policy):
    http_conn = type("CheckedHTTPConnection", (_Checked, HTTPConnection), {"latih_policy": policy})
    https_conn = type("CheckedHTTPSConnection", (_Checked, HTTPSConnection), {"latih_policy": policy})
    return {
        "http": type("CheckedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn}),
        "https": type("CheckedHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn}),
    }


class CheckedAdapter(HTTPAdapter):
    """Refuses a scheme the policy does not allow, and connects only to checked addresses, on every hop."""

    def __init__(self, policy, **kwargs):
        self.latih_policy = policy
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _pool_classes(self.latih_policy)

    def send(self, request, **kwargs):
        scheme = urlsplit(request.url).scheme
        if scheme != "https" and not (scheme == "http" and self.latih_policy.http):
            raise SchemeRefused(f"only https:// URLs are fetched, not {scheme}://", request=request)
        kwargs["proxies"] = {}  # never through a proxy: the proxy would connect to an address nobody checked
        try:
            return super().send(request, **kwargs)
        except AddressRefused as exc:
            raise AddressNotAllowed(str(exc), request=request) from exc


def guarded_session(config=None):
    """A ``requests.Session`` bound by the outbound policy of ``config`` (default: the current app's)."""
    policy = policy_from(current_app.config if config is None else config)
    session = requests.Session()
    session.trust_env = False  # no proxy or .netrc from the environment
    adapter = CheckedAdapter(policy)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.latih_policy = policy
    return session


def fetch_json(url, *, method="GET", headers=None, json_body=None):
    """Fetch ``url`` and return (status, parsed JSON or None). Raises FetchError on anything unexpected.

    An answer that is not JSON is never returned nor quoted: an error status comes back with None."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(_("not an http(s) URL: %(url)s", url=repr(url)))
    timeout = current_app.config["LATIH_FETCH_TIMEOUT"]
    limit = current_app.config["LATIH_FETCH_MAX_BYTES"]
    try:
        with guarded_session() as session, session.request(
            method, url, headers=headers, json=json_body, timeout=timeout, stream=True, allow_redirects=False
        ) as resp:
            body = b""
            for chunk in resp.iter_content(16384):
                body += chunk
                if len(body) > limit:
                    raise FetchError(_("the answer from %(url)s is larger than %(limit)s bytes", url=url, limit=limit))
            status = resp.status_code
    except SchemeRefused as exc:
        raise FetchError(_("the tool fetches only https:// URLs, not %(url)s", url=url)) from exc
    except AddressNotAllowed as exc:
        raise FetchError(_("%(host)s is not an address the tool may fetch from (a loopback, private, link-local or "
                           "reserved address; an administrator may allow it in LATIH_FETCH_ALLOW)",
                           host=parts.hostname)) from exc
    except requests.RequestException as exc:
        raise FetchError(_("could not reach %(url)s: %(e)s", url=url, e=exc.__class__.__name__)) from exc
    if not body:
        return status, None
    try:
        return status, json.loads(body.decode("utf-8", errors="replace"))
    except ValueError as exc:
        if status >= 400:
            return status, None
        raise FetchError(_("%(url)s did not answer JSON (%(status)s)", url=url, status=status_text(status))) from exc
