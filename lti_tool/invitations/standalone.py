"""The pages reached by a personal link are standalone pages (no launch, no Moodle session, made for a phone):
every answer under their URL prefix — unknown paths and error pages included — is never framed
(``frame-ancestors 'none'``, through ``g.never_framed``), sends no Referer (the token is in the path), and is kept
by no cache nor search engine. ``logmask`` masks the token in log lines (its ``SECRET_PATHS``)."""
from flask import g, request

HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Pragma": "no-cache"}


def protect(bp, prefix):
    """Give every answer whose path starts with ``prefix`` the standalone headers (registered on ``bp``)."""

    @bp.before_app_request
    def _standalone():
        if request.path.startswith(prefix):
            g.never_framed, g.referrer_policy = True, "no-referrer"

    @bp.after_app_request
    def _headers(response):
        if request.path.startswith(prefix):
            response.headers.update(HEADERS)
        return response

    return bp
