"""Moodle's URLs for the fake platform (see fakeplatform.py), as a Flask app.

Pages are shaped like Moodle's: auth.php and the course page answer with a self-submitting form
(mod/lti/auth.php, mod/lti/launch.php), token.php answers JSON labelled text/html.
"""
from __future__ import annotations

import json
import threading
from html import escape
from urllib.parse import urlsplit

from flask import Flask, Response, request
from werkzeug.serving import WSGIRequestHandler, make_server

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body>
{body}
</body></html>
"""
AUTO_SUBMIT = "<script>document.forms[0].submit();</script>"


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

    @app.get(root + "/course/view.php")
    def course_view():
        kind = request.args.get("kind", "student")
        try:
            fields = platform.login_initiation_form(kind, request.args.get("user_id"))
        except ValueError as exc:
            return Response(str(exc), 400, mimetype="text/plain")
        # view.php embeds the activity; launch.php posts the login initiation into the iframe.
        body = (
            "<h1>LTI Lab Course</h1>\n"
            '<iframe name="contentframe" id="contentframe" width="100%" height="600" '
            'allow="microphone *; camera *; geolocation *; midi *; encrypted-media *; autoplay *" '
            "allowfullscreen></iframe>\n"
            f'<form method="post" target="contentframe" action="{escape(platform.login_url)}" '
            f'style="display:none">\n{_hidden_inputs(fields)}\n</form>\n{AUTO_SUBMIT}'
        )
        return _page("Course: LTI Lab Course", body)

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
