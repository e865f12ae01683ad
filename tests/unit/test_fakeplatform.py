"""Tests of the fake Moodle platform itself: its messages must keep the shape of the real captures."""
from __future__ import annotations

import html
import json
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ (a tests/conftest.py would do this too)
from fakeplatform import FIXTURE_ISSUER, KIND_FIXTURES, REMOVE, FakePlatform, fixture  # noqa: E402

TOOL = "http://localhost:5000"
CAPTURED_TOOL_URLS = {  # the capture's test tool -> this tool
    "http://127.0.0.1:9001/launch/": TOOL + "/lti/launch",
    "http://127.0.0.1:9001/login/": TOOL + "/lti/login",
    "http://127.0.0.1:9001/jwks/": TOOL + "/lti/jwks",
    "127.0.0.1:9001": "localhost:5000",
}


@pytest.fixture(scope="module")
def platform_keys():
    # Key generation is the slow part: reuse one platform's keys, but give every test fresh state.
    return FakePlatform()._keys


@pytest.fixture
def platform(platform_keys):
    p = FakePlatform(issuer="http://127.0.0.1:8811")
    p._keys = dict(platform_keys)
    p.kid = next(iter(p._keys))
    return p


def verify(p: FakePlatform, token: str) -> dict:
    key = jwt.PyJWKSet.from_dict(p.jwks())[jwt.get_unverified_header(token)["kid"]].key
    return jwt.decode(token, key, algorithms=["RS256"], audience=p.client_id, issuer=p.issuer)


def launch_query(p: FakePlatform, form: dict, **changes) -> dict:
    query = {"scope": "openid", "response_type": "id_token", "response_mode": "form_post", "prompt": "none",
             "client_id": form["client_id"], "redirect_uri": TOOL + "/lti/launch", "state": "state-123",
             "nonce": "nonce-456", "login_hint": form["login_hint"], "lti_message_hint": form["lti_message_hint"]}
    query.update(changes)
    return query


@pytest.mark.parametrize("kind", sorted(KIND_FIXTURES))
def test_token_has_the_shape_of_the_captured_moodle_token(platform, kind):
    captured = fixture(KIND_FIXTURES[kind])
    token = platform.id_token(kind)

    header = jwt.get_unverified_header(token)
    assert list(header) == list(captured["id_token_header"]) == ["typ", "alg", "kid"]
    assert header["kid"] == platform.kid
    claims = verify(platform, token)  # RS256 signature against the platform's JWKS
    assert list(claims) == list(captured["id_token_payload"])  # same keys, same order
    assert claims["iss"] == "http://127.0.0.1:8811" and claims["aud"] == "T4jsDA8m420ziki"
    assert claims["exp"] - claims["iat"] == 60
    assert claims["https://purl.imsglobal.org/spec/lti/claim/target_link_uri"] == TOOL + "/lti/launch"
    assert claims["nonce"] != captured["id_token_payload"]["nonce"]
    assert FIXTURE_ISSUER not in str(claims)  # AGS/NRPS/return URLs follow the issuer
    assert "http://127.0.0.1:8811/mod/lti/services.php/2/lineitems?type_id=1" in str(claims)


def test_jwks_like_moodle_and_key_rotation(platform):
    captured_key = fixture("moodle_jwks.json")["response"]["body"]["keys"][0]
    assert [list(k) for k in platform.jwks()["keys"]] == [list(captured_key)]
    old_token = platform.id_token()
    platform.rotate_key(keep_old=True)
    assert len(platform.jwks()["keys"]) == 2
    verify(platform, old_token)
    assert jwt.get_unverified_header(platform.id_token())["kid"] == platform.kid
    platform.rotate_key()
    with pytest.raises(KeyError):
        verify(platform, old_token)


def test_overrides_and_forged_tokens(platform):
    claims = platform.claims("instructor", sub="99", email=REMOVE)
    assert claims["sub"] == "99" and "email" not in claims
    unsigned = platform.sign(claims, alg="none")
    assert unsigned.endswith(".") and unsigned.count(".") == 2
    with pytest.raises(jwt.InvalidTokenError):
        verify(platform, unsigned)
    secret = "a-shared-secret-of-32-bytes-long!"
    hs256 = platform.sign(claims, alg="HS256", key=secret)
    assert jwt.decode(hs256, secret, algorithms=["HS256"], audience=platform.client_id)["sub"] == "99"
    assert "kid" not in jwt.get_unverified_header(platform.sign(claims, headers={"kid": REMOVE}))


def test_oidc_login_and_auth(platform):
    form = platform.login_initiation_form("deep_linking")
    assert list(form) == list(fixture("oidc_login_initiation_POST.json")["form"])
    assert form["login_hint"] == "3" and form["iss"] == platform.issuer

    status, answer = platform.auth_response(launch_query(platform, form))
    assert status == 200, answer
    assert answer["state"] == "state-123" and answer["redirect_uri"] == TOOL + "/lti/launch"
    claims = verify(platform, answer["id_token"])
    assert claims["nonce"] == "nonce-456"
    assert claims["https://purl.imsglobal.org/spec/lti/claim/message_type"] == "LtiDeepLinkingRequest"


def test_auth_for_another_course_member(platform):
    form = platform.login_initiation_form("student", user_id=5)
    status, answer = platform.auth_response(launch_query(platform, form))
    claims = verify(platform, answer["id_token"])
    assert (claims["sub"], claims["name"], claims["email"]) == ("5", "Sally Scholar", "student2@example.com")


@pytest.mark.parametrize("redirect_uri", [TOOL + "/lti/launch/", TOOL + "/lti/launch?x=1", "http://evil.test/lti/launch"])
def test_auth_refuses_an_unregistered_redirect_uri(platform, redirect_uri):
    form = platform.login_initiation_form()
    status, reason = platform.auth_response(launch_query(platform, form, redirect_uri=redirect_uri))
    assert status == 400 and "redirect_uri" in reason


@pytest.mark.parametrize("change", [{"scope": "openid profile"}, {"response_mode": "query"}, {"prompt": "login"},
                                    {"client_id": "other"}, {"login_hint": "4"}, {"nonce": ""}])
def test_auth_refuses_bad_requests(platform, change):
    form = platform.login_initiation_form("instructor")
    assert platform.auth_response(launch_query(platform, form, **change))[0] == 400


def test_login_hint_is_single_use(platform):
    query = launch_query(platform, platform.login_initiation_form())
    assert platform.auth_response(query)[0] == 200
    status, reason = platform.auth_response(query)
    assert status == 400 and "already used" in reason


def test_token_endpoint(platform):
    tool_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tool_jwk = {**jwt.algorithms.RSAAlgorithm.to_jwk(tool_key.public_key(), as_dict=True), "kid": "tool-1"}
    platform.tool_jwks_fetcher = lambda: {"keys": [tool_jwk]}
    captured = fixture("access_token_request_and_response.json")

    def form(**claims):
        now = int(time.time())
        assertion = jwt.encode({"iss": platform.client_id, "sub": platform.client_id,
                                "aud": platform.issuer + "/mod/lti/token.php", "iat": now, "exp": now + 60,
                                "jti": "j1", **claims}, tool_key, algorithm="RS256", headers={"kid": "tool-1"})
        requested = captured["request"]["body"]["scope"] + " https://example.com/scope/unknown"
        return {**captured["request"]["body"], "client_assertion": assertion, "scope": requested}

    status, headers, body = platform.token_response(form())
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert list(body) == list(captured["response"]["body"])
    assert body["expires_in"] == 3600 and body["scope"] == captured["response"]["body"]["scope"]
    assert platform.access_tokens[-1]["access_token"] == body["access_token"]
    assert platform.token_response(form(aud="http://127.0.0.1:8811"))[0] == 400
    assert platform.token_response(form(iss="someone-else"))[0] == 400


def test_dynamic_registration(platform):
    captured = fixture("dynreg_registration_request_and_response.json")
    as_json = json.dumps(captured["registration_request"])
    for old, new in CAPTURED_TOOL_URLS.items():
        as_json = as_json.replace(old, new)
    body = json.loads(as_json)
    token = platform.make_registration_token()
    assert list(jwt.get_unverified_header(token)) == ["typ", "alg", "kid"]
    new_client_id = jwt.decode(token, options={"verify_signature": False})["sub"]

    assert platform.registration_response("Bearer " + token, {**body, "jwks_uri": ""})[0] == 400
    status, answer = platform.registration_response("Bearer " + token, body)
    assert status == 200, answer
    assert list(answer) == list(captured["registration_response"])
    assert answer["client_id"] == new_client_id
    assert answer["scope"] == captured["registration_response"]["scope"]
    conf = answer["https://purl.imsglobal.org/spec/lti-tool-configuration"]
    assert conf["deployment_id"] == "2"
    assert conf["claims"] == ["sub", "iss", "name", "family_name", "given_name", "email"]
    assert (platform.client_id, platform.deployment_id) == (new_client_id, "2")
    assert platform.redirect_uris == [TOOL + "/lti/launch"] and platform.tool_jwks_url == TOOL + "/lti/jwks"
    assert "127.0.0.1:9001" not in json.dumps(answer)

    assert platform.registration_response("Bearer " + token, body)[0] == 401  # single use
    mismatch = {**body, "https://purl.imsglobal.org/spec/lti-tool-configuration": {**conf, "domain": "other:1"}}
    assert platform.registration_response("Bearer " + platform.make_registration_token(), mismatch)[0] == 400


def _hidden_fields(page: str) -> dict:
    return {html.unescape(n): html.unescape(v) for n, v in re.findall(r'name="([^"]*)" value="([^"]*)"', page)}


def test_http_course_page_and_auth():
    p = FakePlatform()
    base = p.serve()
    try:
        assert p.issuer == base != FIXTURE_ISSUER
        page = requests.get(base + "/course/view.php", params={"kind": "instructor"}, timeout=5).text
        assert 'name="contentframe"' in page and f'action="{TOOL}/lti/login"' in page
        form = _hidden_fields(page)
        assert form["iss"] == base and form["login_hint"] == "3"

        response = requests.get(base + "/mod/lti/auth.php?" + urlencode(launch_query(p, form)), timeout=5)
        assert response.status_code == 200
        assert f'action="{TOOL}/lti/launch"' in response.text and "document.forms[0].submit()" in response.text
        assert verify(p, _hidden_fields(response.text)["id_token"])["sub"] == "3"
        replay = requests.get(base + "/mod/lti/auth.php?" + urlencode(launch_query(p, form)), timeout=5)
        assert replay.status_code == 400  # the login hint was used up

        assert requests.get(base + "/mod/lti/certs.php", timeout=5).json() == p.jwks()
        assert requests.get(base + "/mod/lti/openid-configuration.php", timeout=5).json()["issuer"] == base
        dynreg = requests.get(base + "/admin/dynreg", params={"url": TOOL + "/lti/register?a=b"}, timeout=5).text
        assert (f"{TOOL}/lti/register?a=b&amp;openid_configuration={base}/mod/lti/openid-configuration.php"
                "&amp;registration_token=ey") in dynreg
        assert [r["path"] for r in p.requests][:2] == ["/course/view.php", "/mod/lti/auth.php"]
    finally:
        p.shutdown()
