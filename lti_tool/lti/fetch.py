"""Outbound HTTP for URLs a platform hands us: only http(s), with a timeout and a size limit."""
import json
from urllib.parse import urlsplit

import requests
from flask import current_app


class FetchError(Exception):
    """A fetch failed; the message is safe to show to an admin."""


def fetch_json(url, *, method="GET", headers=None, json_body=None):
    """Fetch ``url`` and return (status, parsed JSON). Raises FetchError on anything unexpected."""
    if urlsplit(url or "").scheme not in ("http", "https"):
        raise FetchError(f"not an http(s) URL: {url!r}")
    timeout = current_app.config["LATIH_FETCH_TIMEOUT"]
    limit = current_app.config["LATIH_FETCH_MAX_BYTES"]
    try:
        with requests.request(
            method, url, headers=headers, json=json_body, timeout=timeout, stream=True, allow_redirects=False
        ) as resp:
            body = b""
            for chunk in resp.iter_content(16384):
                body += chunk
                if len(body) > limit:
                    raise FetchError(f"response from {url} is larger than {limit} bytes")
            status = resp.status_code
    except requests.RequestException as exc:
        raise FetchError(f"could not reach {url}: {exc.__class__.__name__}") from exc
    text = body.decode("utf-8", errors="replace")
    try:
        return status, json.loads(text) if body else None
    except ValueError as exc:
        if status >= 400:  # platforms often explain errors in plain text (Moodle does)
            return status, {"error": text.strip()[:300]}
        raise FetchError(f"{url} did not answer JSON (HTTP {status})") from exc
