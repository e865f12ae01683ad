"""Helpers shared by tests (import them from here, never from conftest: pytest loads several conftest files)."""
from flask.testing import FlaskClient

from lti_tool.extensions import db


class HttpsClient(FlaskClient):
    """A test client that talks HTTPS, so the tool's Secure cookies come back as in a browser."""

    def open(self, *args, **kwargs):
        if args and isinstance(args[0], str) and "base_url" not in kwargs:
            kwargs["base_url"] = "https://localhost"
        return super().open(*args, **kwargs)


def https_client(app):
    app.test_client_class = HttpsClient
    return app.test_client()


def register(fake, active=True):
    from lti_tool.lti.models import Deployment, Platform

    row = Platform(
        name="Moodle (test)",
        issuer=fake.issuer,
        client_id=fake.client_id,
        auth_login_url=fake.issuer + "/mod/lti/auth.php",
        auth_token_url=fake.issuer + "/mod/lti/token.php",
        key_set_url=fake.issuer + "/mod/lti/certs.php",
        active=active,
    )
    row.deployments.append(Deployment(deployment_id=fake.deployment_id, active=True))
    db.session.add(row)
    db.session.commit()
    return row


def custom_activity(activity):
    """Launch claims that bind the link to ``activity``, as a deep-linked link does."""
    return {"https://purl.imsglobal.org/spec/lti/claim/custom": {"latih_activity": str(activity.id)}}
