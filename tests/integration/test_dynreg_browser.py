"""A registration URL opened in a browser (not by a platform) explains itself and keeps its one-time token."""
from urllib.parse import urlencode

import pytest
from fakeplatform import FakePlatform

from lti_tool.lti import regtokens
from lti_tool.lti.models import Platform


@pytest.fixture
def moodle(app):
    fake = FakePlatform(tool_base="https://localhost")
    fake.serve()
    yield fake
    fake.shutdown()


def moodle_opens(client, fake, reg):
    """What Moodle sends (tests/fixtures/moodle/dynreg_initiation.json): openid_configuration, registration_token."""
    query = {"reg": reg, "openid_configuration": fake.issuer + "/mod/lti/openid-configuration.php",
             "registration_token": fake.make_registration_token()}
    return client.get("/lti/register?" + urlencode(query))


@pytest.mark.parametrize("language, text", [
    ("en", "Paste this URL into Moodle's Manage tools page"),
    ("id", "Tempelkan URL ini di halaman Manage tools Moodle"),
])
def test_browser_gets_instructions_and_the_token_stays_usable(client, moodle, language, text):
    reg = regtokens.create(60)
    resp = client.get(f"/lti/register?reg={reg}", headers={"Accept-Language": language})
    body = resp.get_data(as_text=True)
    assert resp.status_code == 200, body
    assert 'data-testid="register-in-moodle"' in body
    assert text in body
    assert f"/lti/register?reg={reg}" in body  # the URL to copy
    assert moodle.requests == []  # nothing fetched
    assert regtokens.is_usable(reg)
    # Moodle then opens the same link and registration works.
    resp = moodle_opens(client, moodle, reg)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert Platform.query.count() == 1


def test_browser_with_a_spent_or_unknown_token_is_told_so(client, moodle):
    reg = regtokens.create(60)
    assert moodle_opens(client, moodle, reg).status_code == 200
    for token in (reg, "not-a-token", ""):
        resp = client.get(f"/lti/register?reg={token}")
        assert resp.status_code == 403
        assert 'data-testid="register-refused"' in resp.get_data(as_text=True)


def test_unusable_configuration_url_does_not_spend_the_token(client, moodle):
    reg = regtokens.create(60)
    query = {"reg": reg, "openid_configuration": "file:///etc/passwd", "registration_token": "t"}
    resp = client.get("/lti/register?" + urlencode(query), headers={"Accept-Language": "en"})
    assert resp.status_code == 400
    assert "has been used" not in resp.get_data(as_text=True)
    assert regtokens.is_usable(reg)
    assert moodle_opens(client, moodle, reg).status_code == 200
