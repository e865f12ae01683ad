"""The floor for bench/launch.py: the lightest Flask app that answers the same four requests a launch makes.

    gunicorn --pythonpath bench 'launch_floor:create_app()'

- ``POST /lti/login``: a small page (the tool's first pass sets a probe cookie and answers a form);
- ``POST /lti/login`` with ``probe``: a 302 to the platform's auth URL with a random state and nonce, the state
  in a cookie (nothing stored on the server);
- ``POST /lti/launch``: reads the id_token's payload *without verifying it*, puts the name in Flask's signed
  session cookie, 303 to the landing page;
- ``GET /activities/``: a page naming the learner.

No database, no Redis, no signature check: what any Flask app under the same gunicorn costs per flow.
"""
import base64
import json
import secrets
from html import escape
from urllib.parse import urlencode

from flask import Flask, redirect, request, session

PAGE = "<!doctype html><html><head><title>Latih</title></head><body>{}</body></html>"


def create_app():
    app = Flask(__name__)
    app.secret_key = "floor-" + "x" * 32

    @app.post("/lti/login")
    def login():
        if not request.form.get("probe"):
            response = app.make_response(PAGE.format('<form method="post"><input name="probe" value="1"></form>'))
            response.set_cookie("latih-probe", "1", max_age=300)
            return response
        state = "state-" + secrets.token_hex(16)
        query = {"scope": "openid", "response_type": "id_token", "response_mode": "form_post", "prompt": "none",
                 "client_id": request.form["client_id"], "redirect_uri": request.host_url + "lti/launch",
                 "state": state, "nonce": secrets.token_hex(32), "login_hint": request.form["login_hint"],
                 "lti_message_hint": request.form.get("lti_message_hint", "")}
        response = redirect(request.form["iss"] + "/mod/lti/auth.php?" + urlencode(query))
        response.set_cookie("lti1p3-" + state, state, max_age=300)
        return response

    @app.post("/lti/launch")
    def launch():
        payload = request.form["id_token"].split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        session["name"] = claims.get("name", "")
        return redirect("/activities/?launch=" + secrets.token_urlsafe(16), code=303)

    @app.get("/activities/")
    def landing():
        return PAGE.format(f'<p data-testid="context">{escape(session.get("name", ""))}</p>')

    @app.get("/lti/jwks")
    def jwks():
        return {"keys": []}

    return app
