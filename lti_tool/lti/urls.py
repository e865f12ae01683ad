"""The tool's own public URLs, as an admin pastes them into an LMS."""
from flask import current_app, request, url_for


def external_url(endpoint, **values):
    """An absolute URL: from LATIH_BASE_URL when set (behind a proxy), else from the request."""
    base = current_app.config.get("LATIH_BASE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def tool_urls():
    return {
        "login": external_url("lti.login"),
        "launch": external_url("lti.launch"),
        "jwks": external_url("lti.jwks"),
        "deep_linking": external_url("lti.launch"),
        "domain": (current_app.config.get("LATIH_BASE_URL") or request.host_url).split("://", 1)[-1].strip("/"),
    }
