"""Walks the LTI 1.3 login → auth → launch exchange through Flask's test client, as Moodle and a browser would."""
from urllib.parse import parse_qs, urlsplit


class ToolBrowser:
    def __init__(self, client, platform):
        self.client = client
        self.platform = platform

    def login(self, kind="student", user_id=None, form=None):
        """Third-party login initiation up to the redirect to the platform. Returns the auth request's query."""
        form = form or self.platform.login_initiation_form(kind, user_id=user_id)
        first = self.client.post("/lti/login", data=form)
        assert first.status_code == 200, first.get_data(as_text=True)
        second = self.client.post("/lti/login", data=dict(form, probe="1"))
        assert second.status_code == 302, second.get_data(as_text=True)
        location = second.headers["Location"]
        assert location.startswith(self.platform.issuer + "/mod/lti/auth.php?")
        return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}

    def authorize(self, query):
        status, answer = self.platform.auth_response(query)
        assert status == 200, answer
        return answer

    def post_launch(self, id_token, state):
        return self.client.post("/lti/launch", data={"id_token": id_token, "state": state})

    def launch(self, kind="student", user_id=None):
        """The whole exchange. Returns the launch response (a 303 to the landing page when accepted)."""
        answer = self.authorize(self.login(kind, user_id=user_id))
        return self.post_launch(answer["id_token"], answer["state"])

    def launch_with(self, kind="student", sign=None, **overrides):
        """Log in, then post a token the test shaped itself (claims overridden; ``sign`` kwargs for the header)."""
        query = self.login(kind)
        overrides.setdefault("nonce", query["nonce"])
        claims = self.platform.claims(kind, **overrides)
        token = self.platform.sign(claims, **(sign or {}))
        return self.post_launch(token, query["state"])

    def open(self, response):
        """Follow an accepted launch to its landing page."""
        assert response.status_code == 303, response.get_data(as_text=True)
        return self.client.get(response.headers["Location"], follow_redirects=True)
