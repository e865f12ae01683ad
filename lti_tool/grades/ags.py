"""Assignment and Grade Services calls: scores, and line items found or created by resource id."""
import html
import json
import re
from datetime import UTC, datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import current_app

from ..state import store
from .tokens import drop_token, get_token

AGS = "https://purl.imsglobal.org/spec/lti-ags/scope/"
AGS_SCOPES = (AGS + "lineitem", AGS + "lineitem.readonly", AGS + "result.readonly", AGS + "score")
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
CONTAINER_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
# Moodle writes rel=“next” with curly quotes in the lineitems Link header: accept every kind of quote.
_NEXT_LINK = re.compile(r"<([^>]+)>\s*;\s*rel\s*=\s*[\"“”']?next[\"“”']?", re.IGNORECASE)


class ServiceError(Exception):
    """A service call that did not succeed: ``status`` and ``body`` (the first 300 bytes) of the answer, if any."""

    def __init__(self, message, retryable, retry_after=None, status=None, body=""):
        super().__init__(message)
        self.retryable, self.retry_after, self.status, self.body = retryable, retry_after, status, body


def answer_head(resp, size=300):
    """The first ``size`` bytes of an answer, as text (for logs and messages)."""
    return (resp.content or b"")[:size].decode("utf-8", "replace")


def next_link(link_header):
    """The rel=next URL of a Link header, however the platform quoted and escaped it.

    Moodle writes the curly quotes as raw UTF-8 (which HTTP clients read as latin-1) and joins the query
    with ``&amp;``, which read literally would stop the paging.
    """
    header = link_header or ""
    try:
        header = header.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    match = _NEXT_LINK.search(header)
    return html.unescape(match.group(1)) if match else None


def call(http, platform, method, url, scopes=AGS_SCOPES, headers=None, **kwargs):
    """One service request with a cached token; on 401, one new token and one more try."""
    timeout = current_app.config["LATIH_FETCH_TIMEOUT"]
    for attempt in (1, 2):
        auth = {"Authorization": f"Bearer {get_token(platform, scopes, http)}"}
        resp = http.request(method, url, headers={**(headers or {}), **auth}, timeout=timeout, **kwargs)
        if resp.status_code != 401 or attempt == 2:
            return resp
        drop_token(platform, scopes)


def check(resp, what):
    """Raise ServiceError for anything but 2xx: 429 and 5xx are passing faults, other answers are refusals."""
    if 200 <= resp.status_code < 300:
        return resp
    body = answer_head(resp)
    reason = body.strip() or resp.reason or ""
    retryable = resp.status_code == 429 or resp.status_code >= 500
    raise ServiceError(f"{what}: HTTP {resp.status_code} {reason}".strip(), retryable, retry_after_seconds(resp),
                       status=resp.status_code, body=body)


def retry_after_seconds(resp):
    """Retry-After in seconds, given as a number or as an HTTP date."""
    value = resp.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def scores_url(lineitem_url):
    """…/lineitems/4/lineitem?type_id=1 → …/lineitems/4/lineitem/scores?type_id=1 (before the query)."""
    parts = urlsplit(lineitem_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def _with_query(url, **params):
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def _number(value):
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def score_body(score, user_sub):
    body = {
        "userId": user_sub,
        "scoreMaximum": _number(score.score_maximum),
        "activityProgress": score.activity_progress,
        "gradingProgress": score.grading_progress,
        "timestamp": score.timestamp.replace(tzinfo=UTC).isoformat(),
    }
    if score.score_given is not None:
        body["scoreGiven"] = _number(score.score_given)
    if score.comment:
        body["comment"] = score.comment
    return body


def post_score(http, platform, lineitem_url, body):
    return call(http, platform, "POST", scores_url(lineitem_url), data=json.dumps(body),
                headers={"Content-Type": SCORE_TYPE})


def find_or_create_lineitem(http, platform, lineitems_url, resource_id, label, score_maximum, tag=""):
    """The line item for ``resource_id`` in the course's container, created when missing (column management)."""
    cache_key = "lineitem:" + platform.client_id + ":" + lineitems_url + "#" + resource_id
    cached = store().get(cache_key)
    if cached:
        return cached
    url = _with_query(lineitems_url, resource_id=resource_id)
    while url:
        resp = check(call(http, platform, "GET", url, headers={"Accept": CONTAINER_TYPE}), "reading line items")
        for item in resp.json() or []:
            if str(item.get("resourceId", "")) == resource_id and item.get("id"):
                store().set(cache_key, item["id"], 86400)
                return item["id"]
        url = next_link(resp.headers.get("Link"))
    new = {"scoreMaximum": _number(score_maximum), "label": label or resource_id, "resourceId": resource_id}
    if tag:
        new["tag"] = tag
    resp = check(call(http, platform, "POST", lineitems_url, data=json.dumps(new),
                      headers={"Content-Type": LINEITEM_TYPE, "Accept": LINEITEM_TYPE}), "creating the line item")
    item_id = (resp.json() or {}).get("id")
    if not item_id:
        raise ServiceError("creating the line item: no id in the answer", retryable=False)
    store().set(cache_key, item_id, 86400)
    return item_id
