"""Moodle's URLs for the fake platform (see fakeplatform.py), as a Flask app.

Pages are shaped like Moodle's: auth.php and the course page answer with a self-submitting form
(mod/lti/auth.php, mod/lti/launch.php), token.php answers JSON labelled text/html; services.php (AGS, NRPS) is
fakeplatform_services.py.
"""
from __future__ import annotations

import json
import re
import threading
import time
from html import escape
from http import HTTPStatus
from urllib.parse import parse_qsl, urlsplit

from flask import Flask, Response, request
from werkzeug.serving import WSGIRequestHandler, make_server

try:
    from . import fakeplatform_services as ags
except ImportError:  # imported as a top-level module, with tests/ on sys.path
    import fakeplatform_services as ags

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body>
{body}
</body></html>
"""
AUTO_SUBMIT = "<script>document.forms[0].submit();</script>"
SERVICE_METHODS = ["GET", "POST", "PUT", "DELETE"]
_ITEM = r"/(?P<context>[^/]+)/lineitems/(?P<item>[^/]+)/lineitem"
# What services.php matches a request against, in Moodle's order: resource, path, media types, methods.
RESOURCES = [
    ("lineitem", re.compile(_ITEM), (ags.LINEITEM,), ("GET", "PUT", "DELETE")),
    ("lineitems", re.compile(r"/(?P<context>[^/]+)/lineitems"), (ags.LINEITEMS, ags.LINEITEM), ("GET", "POST")),
    ("results", re.compile(_ITEM + "/results"), (ags.RESULTS,), ("GET",)),
    ("scores", re.compile(_ITEM + "/scores"), (ags.SCORES, ags.SCORE), ("POST",)),
    ("memberships", re.compile(r"/(?P<ctype>[^/]+)/(?P<context>[^/]+)/bindings/(?P<tool>[^/]+)/memberships"),
     (ags.LIS_MEMBERSHIPS, ags.MEMBERSHIPS), ("GET",)),
]
# response.php's reasons; other codes get their category's (a 409 without a message says "Bad Request").
MOODLE_REASONS = {200: "OK", 201: "Created", 202: "Accepted", 300: "Multiple Choices", 400: "Bad Request",
                  401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
                  405: "Method Not Allowed", 406: "Not Acceptable", 415: "Unsupported Media Type",
                  500: "Internal Server Error", 501: "Not Implemented"}
APACHE_PAGE = ('<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>{status} {phrase}</title>\n'
               "</head><body>\n<h1>{phrase}</h1>\n</body></html>\n")
PHRASES = {status.value: status.phrase for status in HTTPStatus}


def _hidden_inputs(fields: dict) -> str:
    return "\n".join(f' <input type="hidden" name="{escape(name)}" value="{escape(str(value))}" />'
                     for name, value in fields.items())


def _page(title: str, body: str, status: int = 200) -> Response:
    return Response(PAGE.format(title=escape(title), body=body), status, mimetype="text/html")


def _json(body, status: int = 200, content_type: str = "application/json; charset=utf-8") -> Response:
    return Response(json.dumps(body, indent=2), status, content_type=content_type)


def create_app(platform) -> Flask:
    app = Flask("fake_moodle")
    root = urlsplit(platform.issuer).path.rstrip("/")  # routes live under the issuer's path

    @app.before_request
    def record_request():
        platform.requests.append({
            "method": request.method, "path": request.path, "query": request.args.to_dict(),
            "headers": dict(request.headers), "body": request.get_data(as_text=True),
        })

    @app.get(root + "/mod/lti/auth.php")
    def auth():
        status, answer = platform.auth_response(request.args.to_dict())
        if status != 200:
            return Response(answer, status, mimetype="text/plain")
        fields = {name: answer[name] for name in ("id_token", "state") if name in answer}
        form = (f'<form action="{escape(answer["redirect_uri"])}" name="ltiAuthForm" id="ltiAuthForm" '
                f'method="post" enctype="application/x-www-form-urlencoded">\n{_hidden_inputs(fields)}\n</form>')
        return _page("Moodle", form + "\n" + AUTO_SUBMIT)

    @app.get(root + "/mod/lti/certs.php")
    def certs():
        return _json(platform.jwks())

    @app.post(root + "/mod/lti/token.php")
    def token():
        status, headers, body = platform.token_response(request.form.to_dict())
        return Response(json.dumps(body, indent=2), status, headers=headers)

    @app.get(root + "/mod/lti/openid-configuration.php")
    def openid_configuration():
        return _json(platform.openid_configuration())

    @app.post(root + "/mod/lti/openid-registration.php")
    def openid_registration():
        try:  # Moodle json_decodes the raw body whatever its Content-Type
            body = json.loads(request.get_data(as_text=True))
        except ValueError:
            body = None
        status, answer = platform.registration_response(request.headers.get("Authorization", ""), body)
        if status != 200:
            return Response(answer["error"], status, mimetype="text/plain")
        return _json(answer)

    @app.route(root + "/mod/lti/services.php", defaults={"subpath": ""}, methods=SERVICE_METHODS)
    @app.route(root + "/mod/lti/services.php/<path:subpath>", methods=SERVICE_METHODS)
    def services(subpath):
        services = platform.ags
        if services.delay:
            time.sleep(services.delay)
        query_string = request.query_string.decode("latin-1")
        req = {  # PHP's $_GET splits on "&" only (so "&amp;limit" stays "amp;limit"), the last value wins
            "method": request.method, "query": dict(parse_qsl(query_string, keep_blank_values=True)),
            "body": request.get_data(as_text=True), "uri": request.path + ("?" + query_string if query_string else ""),
            "accept": request.headers.get("Accept"), "ctype": request.headers.get("Content-Type"),
            "authorization": request.headers.get("Authorization", "")}
        with services.lock:
            status, headers, body = _outage(services) or _services_php(services, req, "/" + subpath)
            scores = RESOURCES[3][1].fullmatch("/" + subpath)
            if request.method == "POST" and scores:
                item = scores["item"]
                services.scores.append({"item_id": int(item) if item.isdigit() else item,
                                        "body": ags.loads(req["body"]), "status": status, "at": time.time()})
        return Response(body, status, headers=headers)

    @app.get(root + "/course/view.php")
    def course_view():
        kind = request.args.get("kind", "student")
        try:
            fields = platform.login_initiation_form(kind, request.args.get("user_id"))
        except ValueError as exc:
            return Response(str(exc), 400, mimetype="text/plain")
        # view.php embeds the activity; launch.php posts the login initiation into the iframe.
        # ?dialog=1: the activity form's "Select content" dialog (about 650 x 490 px).
        size = 'width="650" height="490"' if request.args.get("dialog") else 'width="100%" height="600"'
        body = (
            "<h1>LTI Lab Course</h1>\n"
            f'<iframe name="contentframe" id="contentframe" {size} '
            'allow="microphone *; camera *; geolocation *; midi *; encrypted-media *; autoplay *" '
            "allowfullscreen></iframe>\n"
            f'<form method="post" target="contentframe" action="{escape(platform.login_url)}" '
            f'style="display:none">\n{_hidden_inputs(fields)}\n</form>\n{AUTO_SUBMIT}'
        )
        return _page("Course: LTI Lab Course", body)

    @app.post(root + "/mod/lti/contentitem_return.php")
    def contentitem_return():
        """Where a deep-linking response lands: Moodle checks the tool's signature and keeps the items."""
        status, answer = platform.deep_link_return(request.form.get("JWT", ""))
        if status != 200:
            return Response(answer, status, mimetype="text/plain")
        titles = "".join(f"<li>{escape(item.get('title', ''))}</li>" for item in answer)
        return _page("Content selected", f'<ul data-testid="moodle-selected">{titles}</ul>')

    @app.get(root + "/admin/dynreg")
    def dynamic_registration():
        url = request.args.get("url")
        if not url:
            return Response("url is required", 400, mimetype="text/plain")
        # Moodle appends the two parameters without encoding them (see dynreg_initiation.json).
        src = (f"{url}{'&' if '?' in url else '?'}"
               f"openid_configuration={platform.issuer}/mod/lti/openid-configuration.php"
               f"&registration_token={platform.make_registration_token()}")
        body = (
            "<h1>Manage tools</h1>\n"
            f'<iframe id="dynreg" src="{escape(src)}" width="100%" height="600"></iframe>\n'
            "<script>\n"
            "window.addEventListener('message', function (event) {\n"
            "  if (event.data && event.data.subject === 'org.imsglobal.lti.close') {\n"
            "    document.body.dataset.ltiClosed = 'closed';\n"
            "  }\n"
            "});\n"
            "</script>"
        )
        return _page("Manage tools", body)

    return app


def _outage(services):
    """services.down (503) or a failure from services.fail_next(), answered by Apache."""
    if services.down:
        status, headers = 503, {}
    elif services.failures:
        status, headers = services.failures.pop(0)
    else:
        return None
    page = APACHE_PAGE.format(status=status, phrase=PHRASES.get(status, "Error"))
    return status, {"Content-Type": "text/html; charset=iso-8859-1", **headers}, page


def _services_php(services, req: dict, path: str):
    """mod/lti/services.php: the first resource whose path AND media type fit (a POST's Content-Type exactly one of
    its types, a GET's Accept empty, */* or one of them) handles the request; none: 400."""
    method, accept, ctype = req["method"], req["accept"] or "", req["ctype"] or ""
    for name, pattern, formats, methods in RESOURCES:
        match = pattern.fullmatch(path)
        if not match or (method == "GET" and accept and "*/*" not in accept and accept not in formats):
            continue
        if method not in ("GET", "DELETE") and ctype not in formats:
            continue
        if method not in methods:
            return _moodle_error(req, 405)
        try:
            return getattr(services, "serve_" + name)(req, match)
        except ags.Refused as refused:
            return _moodle_error(req, refused.status, refused.reason)
    return _moodle_error(req, 400)


def _moodle_error(req: dict, status: int, reason: str = ""):
    """response.php send(): an error answer without a body gets this JSON."""
    request_info = {"method": req["method"], "url": req["uri"]}
    if req["accept"] is not None:
        request_info["accept"] = req["accept"]
    if req["ctype"] is not None:
        request_info["contentType"] = req["ctype"].split(";", 1)[0]
    reason = reason or MOODLE_REASONS.get(status) or MOODLE_REASONS[status // 100 * 100]
    body = {"status": status, "reason": reason, "request": request_info}
    return status, {"Content-Type": "application/json; charset=utf-8"}, json.dumps(body, indent=4)


class _QuietRequestHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:  # requests are recorded in FakePlatform.requests
        pass


class BackgroundServer:
    """A threaded werkzeug server on a daemon thread; the port is bound at once, the app given to start()."""

    def __init__(self, host: str, port: int):
        self._server = make_server(host, port, None, threaded=True, request_handler=_QuietRequestHandler)
        self.base_url = f"http://{host}:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-moodle", daemon=True)

    def start(self, app) -> None:
        self._server.app = app
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
