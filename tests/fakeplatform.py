"""A fake Moodle 4.5 LTI 1.3 platform for the test suite.

Every message is built from the real Moodle captures in tests/fixtures/moodle/ (see its README.md), so the
tool is tested against what Moodle really sends.  The platform logic is plain Python (usable in-process);
fakeplatform_http.py wraps it in a Flask app with Moodle's URLs, and ``serve()`` runs that on loopback.
"""
from __future__ import annotations

import base64
import copy
import functools
import hashlib
import hmac
import json
import re
import secrets
import string
import time
from pathlib import Path

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

try:
    from . import fakeplatform_http as _http
    from . import fakeplatform_services as _services
except ImportError:  # imported as a top-level module, with tests/ on sys.path
    import fakeplatform_http as _http
    import fakeplatform_services as _services

FIXTURES = Path(__file__).parent / "fixtures" / "moodle"
FIXTURE_ISSUER = "http://127.0.0.1:8800"  # the captured site; its URLs get rewritten to self.issuer

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
AGS = "https://purl.imsglobal.org/spec/lti-ags/scope/"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
BASIC_OUTCOME = "https://purl.imsglobal.org/spec/lti-bo/scope/basicoutcome"
TOOL_SETTING = "https://purl.imsglobal.org/spec/lti-ts/scope/toolsetting"
# What token.php grants the captured tool type (grade sync + column management, NRPS, basic outcomes).
PERMITTED_SCOPES = [AGS + "lineitem", AGS + "lineitem.readonly", AGS + "result.readonly", AGS + "score",
                    NRPS, BASIC_OUTCOME]
# What openid-registration.php can grant, in the order Moodle lists them.
REGISTRATION_SCOPES = [AGS + "score", AGS + "result.readonly", AGS + "lineitem.readonly", AGS + "lineitem",
                       NRPS, TOOL_SETTING]
KIND_FIXTURES = {
    "student": "id_token_resource_link_student.json",
    "instructor": "id_token_resource_link_instructor.json",
    "deep_linking": "id_token_deep_linking_request.json",
}


class _Remove:
    def __repr__(self) -> str:
        return "REMOVE"


REMOVE = _Remove()  # claims(..., key=REMOVE) / sign(..., headers={"kid": REMOVE}) deletes that key


@functools.cache
def _read_fixture(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def fixture(name: str):
    """A fresh (deep-copied) parsed fixture file."""
    return copy.deepcopy(_read_fixture(name))


def roster() -> dict[str, dict]:
    """The captured course members (NRPS), by Moodle user id."""
    members = fixture("nrps_memberships_GET.json")["response"]["body"]["members"]
    return {m["user_id"]: m for m in members}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_json(obj: dict) -> str:
    return b64url(json.dumps(obj, separators=(",", ":")).encode("utf-8"))


def _b64url_uint(value: int) -> str:
    return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


def _domain(url: str) -> str:
    """host[:port] of a URL or bare domain, without "www." (Moodle's lti_get_domain_from_url)."""
    match = re.match(r"(?:https?://)?(?:www\.)?([^/?#]+)", url or "", re.IGNORECASE)
    return match.group(1) if match else ""


def _new_key() -> tuple[str, rsa.RSAPrivateKey]:
    return secrets.token_hex(10), rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakePlatform:
    def __init__(self, issuer: str = FIXTURE_ISSUER, client_id: str = "T4jsDA8m420ziki",
                 deployment_id: str = "1", tool_base: str = "http://localhost:5000"):
        self.issuer = issuer.rstrip("/")
        self._issuer_is_default = self.issuer == FIXTURE_ISSUER
        self.client_id = client_id
        self.deployment_id = deployment_id
        self.tool_base = tool_base.rstrip("/")
        self.login_url = self.tool_base + "/lti/login"      # where the login initiation form is posted
        self.launch_url = self.tool_base + "/lti/launch"    # target_link_uri
        self.redirect_uris = [self.launch_url]
        self.tool_jwks_url = self.tool_base + "/lti/jwks"
        self.tool_jwks_fetcher = None  # optional callable returning the tool's JWKS dict (in-process tests)
        self.permitted_scopes = list(PERMITTED_SCOPES)
        self.kid, key = _new_key()
        self._keys = {self.kid: key}  # kid -> private key, all published in jwks()
        self._pending_launches: dict[str, dict] = {}  # launchid -> {kind, user_id}; single use
        self._next_deployment = int(deployment_id) + 1 if deployment_id.isdigit() else 2
        # Records for assertions.
        self.requests: list[dict] = []        # every HTTP request (fakeplatform_http)
        self.auth_requests: list[dict] = []   # every auth_response() query
        self.launches: list[dict] = []        # successful auth responses: kind, user_id, claims, id_token
        self.token_requests: list[dict] = []  # every token_response(): form, status, body
        self.access_tokens: list[dict] = []   # issued access tokens
        self.registrations: list[dict] = []   # successful dynamic registrations
        self.deep_link_items: list[dict] = []  # ltiResourceLink items accepted at contentitem_return.php
        # Custom parameters of the course's resource link, as Moodle keeps a deep-linked item's ``custom`` on the
        # link it creates (``adopt_deep_link_item``); empty: the captured launches' claims unchanged.
        self.link_custom: dict[str, str] = {}
        # Users' ID numbers (Moodle's profile field "ID number", the NIP at training centres), by user id: Moodle
        # sends a user's in lis.person_sourcedid (empty in the captured launches, whose users have none).
        self.id_numbers: dict[str, str] = {}
        self.token_lifetime = 3600            # expires_in of new access tokens, in seconds
        self.ags = _services.MoodleServices(self)  # AGS + NRPS state (/mod/lti/services.php)
        self._server = None

    # ---- keys and signing ------------------------------------------------------------------------------

    def jwks(self) -> dict:
        keys = []
        for kid, key in self._keys.items():
            numbers = key.public_key().public_numbers()
            keys.append({"kty": "RSA", "alg": "RS256", "kid": kid, "e": _b64url_uint(numbers.e),
                         "n": _b64url_uint(numbers.n), "use": "sig"})
        return {"keys": keys}

    def rotate_key(self, keep_old: bool = False) -> None:
        kid, key = _new_key()
        self._keys = {kid: key, **self._keys} if keep_old else {kid: key}
        self.kid = kid

    @property
    def private_key(self) -> rsa.RSAPrivateKey:
        return self._keys[self.kid]

    def sign(self, claims: dict, *, alg: str = "RS256", kid: str | None = None, key=None,
             headers: dict | None = None) -> str:
        """A compact JWT with Moodle's header {"typ":"JWT","alg":"RS256","kid":...}.

        alg="none" gives "<header>.<payload>." ; alg="HS256" MACs with `key` (any str/bytes, e.g. a public key
        PEM for algorithm-confusion tests); otherwise PyJWT signs with `key` or the private key of `kid`.
        """
        header = {"typ": "JWT", "alg": alg, "kid": kid or self.kid}
        for name, value in (headers or {}).items():
            header[name] = value
        header = {name: value for name, value in header.items() if value is not REMOVE}
        if alg == "none":
            return f"{_b64url_json(header)}.{_b64url_json(claims)}."
        if alg == "HS256":
            secret = key.encode() if isinstance(key, str) else key
            signing_input = f"{_b64url_json(header)}.{_b64url_json(claims)}"
            mac = hmac.new(secret, signing_input.encode("ascii"), hashlib.sha256).digest()
            return f"{signing_input}.{b64url(mac)}"
        if key is None:
            key = self._keys.get(kid or self.kid, self.private_key)  # unknown kid: signed, but not in JWKS
        return jwt.encode(claims, key, algorithm=alg, headers={"typ": None, **header}, sort_headers=False)

    # ---- launch messages -------------------------------------------------------------------------------

    def _url(self, url: str) -> str:
        if url != FIXTURE_ISSUER and not url.startswith(FIXTURE_ISSUER + "/"):
            return url
        url = self.issuer + url[len(FIXTURE_ISSUER):]
        # Moodle's service URLs carry the tool type id, which is the deployment id ("1" when captured).
        return re.sub(r"(type_id=|/bindings/)1(?=\D|$)", lambda m: m.group(1) + self.deployment_id, url)

    def _rewrite(self, value):
        if isinstance(value, dict):
            return {k: self._rewrite(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._rewrite(v) for v in value]
        return self._url(value) if isinstance(value, str) else value

    @staticmethod
    def _fixture_payload(kind: str) -> dict:
        if kind not in KIND_FIXTURES:
            raise ValueError(f"kind must be one of {sorted(KIND_FIXTURES)}, not {kind!r}")
        return fixture(KIND_FIXTURES[kind])["id_token_payload"]

    def claims(self, kind: str = "student", **overrides) -> dict:
        payload = self._rewrite(self._fixture_payload(kind))
        now = int(time.time())
        payload.update({  # all of these keys exist in the fixtures, so Moodle's key order is kept
            "nonce": secrets.token_hex(32), "iat": now, "exp": now + 60, "iss": self.issuer,
            "aud": self.client_id, LTI + "deployment_id": self.deployment_id,
            LTI + "target_link_uri": self.launch_url,
        })
        for name, value in overrides.items():
            if value is REMOVE:
                payload.pop(name, None)
            else:
                payload[name] = value
        return payload

    def id_token(self, kind: str = "student", **overrides) -> str:
        return self.sign(self.claims(kind, **overrides))

    @staticmethod
    def _as_user(claims: dict, user_id: str) -> dict:
        """Make claims describe another course member (from the captured roster); unknown ids only change sub."""
        claims["sub"] = user_id
        member = roster().get(user_id)
        if member:
            for name in ("name", "given_name", "family_name", "email"):
                if name in claims:
                    claims[name] = member[name]
            if LTI + "ext" in claims:
                claims[LTI + "ext"]["user_username"] = member["ext_user_username"]
        return claims

    def login_initiation_form(self, kind: str = "student", user_id=None) -> dict:
        """The third-party login initiation Moodle POSTs to the tool (mod/lti/locallib.php lti_build_login_request)."""
        payload = self._fixture_payload(kind)
        user_id = str(user_id if user_id is not None else payload["sub"])
        if kind == "deep_linking":
            launchid = f"ltilaunch_ContentItemSelectionRequest{secrets.randbelow(2**31)}"
            hint = {"launchid": launchid}
        else:
            link_id = payload[LTI + "resource_link"]["id"]
            launchid = f"ltilaunch{link_id}_{secrets.randbelow(2**31)}"
            hint = {"cmid": link_id, "launchid": launchid}
        self._pending_launches[launchid] = {"kind": kind, "user_id": user_id}
        return {
            "iss": self.issuer,
            "target_link_uri": self.launch_url,
            "login_hint": user_id,
            "lti_message_hint": json.dumps(hint, separators=(",", ":")),
            "client_id": self.client_id,
            "lti_deployment_id": self.deployment_id,
        }

    def adopt_deep_link_item(self, index: int = -1) -> dict:
        """The course's resource link becomes the activity Moodle created from deep-linking item ``index``: its
        launches carry the item's custom parameters from now on (the captured launches' link id is kept)."""
        item = self.deep_link_items[index]
        self.link_custom = dict(item.get("custom") or {})
        return item

    def auth_response(self, query: dict) -> tuple[int, dict | str]:
        """/mod/lti/auth.php, checks in the order Moodle makes them. (200, form fields) or (400, reason)."""
        q = {k: v for k, v in query.items() if isinstance(v, str)}
        self.auth_requests.append(dict(q))
        required = ("scope", "response_type", "client_id", "redirect_uri", "login_hint", "nonce")
        missing = [name for name in required if not q.get(name)]
        if missing:
            return 400, "invalid_request: missing " + ", ".join(missing)
        try:
            launchid = json.loads(q.get("lti_message_hint", ""))["launchid"]
        except (ValueError, TypeError, KeyError):
            return 400, "invalid_request: No launch id in LTI hint"
        if q["scope"] != "openid":
            return 400, "invalid_scope"
        if q["response_type"] != "id_token":
            return 400, "unsupported_response_type"
        launch = self._pending_launches.pop(launchid, None)  # Moodle unsets it from the session here
        if launch is None:
            return 400, "invalidrequest: unknown or already used lti_message_hint"
        if q["client_id"] != self.client_id:
            return 400, "unauthorized_client"
        if q["login_hint"] != launch["user_id"]:
            return 400, "access_denied: login_hint is not the user of this launch"
        if q["redirect_uri"] not in self.redirect_uris:
            return 400, "invalidrequest: redirect_uri is not one of the registered redirect URIs"
        if q.get("response_mode") != "form_post":
            return 400, "invalid_request: Invalid response_mode"
        if q.get("prompt") != "none":
            return 400, "invalid_request: Invalid prompt"
        claims = self._as_user(self.claims(launch["kind"], nonce=q["nonce"]), launch["user_id"])
        if self.link_custom and launch["kind"] != "deep_linking":
            claims[LTI + "custom"] = {**claims.get(LTI + "custom", {}), **self.link_custom}
        if launch["user_id"] in self.id_numbers and LTI + "lis" in claims:
            claims[LTI + "lis"] = {**claims[LTI + "lis"], "person_sourcedid": self.id_numbers[launch["user_id"]]}
        token = self.sign(claims)
        self.launches.append({**launch, "claims": claims, "id_token": token})
        answer = {"id_token": token}
        if q.get("state"):
            answer["state"] = q["state"]
        answer["redirect_uri"] = q["redirect_uri"]
        return 200, answer

    # ---- services --------------------------------------------------------------------------------------

    def _tool_jwks(self) -> dict:
        if self.tool_jwks_fetcher is not None:
            return self.tool_jwks_fetcher()
        response = requests.get(self.tool_jwks_url, timeout=10)
        response.raise_for_status()
        return response.json()

    def token_response(self, form: dict) -> tuple[int, dict, dict]:
        """/mod/lti/token.php: (status, headers, JSON body). Moodle answers JSON as text/html."""
        headers = {"Content-Type": "text/html; charset=utf-8"}
        status, body = self._token(form)
        self.token_requests.append({"form": dict(form), "status": status, "body": body})
        return status, headers, body

    def _token(self, form: dict) -> tuple[int, dict]:
        if form.get("grant_type") != "client_credentials" or form.get("client_assertion_type") != JWT_BEARER:
            return 400, {"error": "invalid_request"}
        assertion, requested = form.get("client_assertion", ""), form.get("scope", "")
        if not assertion or not requested:
            return 400, {"error": "invalid_request"}
        try:
            unverified = jwt.decode(assertion, options={"verify_signature": False})
        except jwt.PyJWTError:
            return 400, {"error": "invalid_request"}
        if unverified.get("sub") != self.client_id:
            return 400, {"error": "invalid_client"}
        try:
            kid = jwt.get_unverified_header(assertion).get("kid")
            if not kid:
                raise ValueError('"kid" empty, unable to lookup correct key')
            key = jwt.PyJWKSet.from_dict(self._tool_jwks())[kid].key
            jwt.decode(assertion, key, algorithms=["RS256"], issuer=self.client_id,
                       audience=self.issuer + "/mod/lti/token.php",
                       options={"require": ["iss", "sub", "aud", "exp"]})
        except (jwt.PyJWTError, KeyError, ValueError, requests.RequestException) as exc:
            return 400, {"error": f"{type(exc).__name__}: {exc}"}
        scopes = [s for s in requested.split(" ") if s in self.permitted_scopes]
        if not scopes:
            return 400, {"error": "invalid_scope"}
        token, lifetime = secrets.token_hex(16), int(self.token_lifetime)
        self.access_tokens.append({"access_token": token, "scopes": scopes, "client_id": self.client_id,
                                   "deployment_id": self.deployment_id, "expires_at": int(time.time()) + lifetime})
        return 200, {"access_token": token, "token_type": "Bearer", "expires_in": lifetime,
                     "scope": " ".join(scopes)}

    def expire_tokens(self) -> None:
        """Every access token issued so far is refused (401) by the services from now on."""
        for token in self.access_tokens:
            token["expires_at"] = 0

    def deep_link_return(self, token: str) -> tuple[int, list | str]:
        """/mod/lti/contentitem_return.php: verify the tool's LtiDeepLinkingResponse; keep its ltiResourceLinks."""
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            keys = {k["kid"]: k for k in self._tool_jwks().get("keys", [])}
            claims = jwt.decode(token, jwt.PyJWK(keys[kid]).key, algorithms=["RS256"], audience=self.issuer)
        except (jwt.PyJWTError, KeyError, ValueError) as exc:
            return 400, f"invalid JWT: {type(exc).__name__}"
        if claims.get("iss") != self.client_id or claims.get(LTI + "deployment_id") != self.deployment_id:
            return 400, "wrong client or deployment"
        if claims.get(LTI + "message_type") != "LtiDeepLinkingResponse":
            return 400, "not a deep-linking response"
        items = claims.get("https://purl.imsglobal.org/spec/lti-dl/claim/content_items") or []
        accepted = [item for item in items if item.get("type") == "ltiResourceLink"]  # Moodle takes only these
        self.deep_link_items.extend(accepted)
        return 200, accepted

    def openid_configuration(self) -> dict:
        return self._rewrite(fixture("moodle_openid_configuration.json"))

    def make_registration_token(self) -> str:
        alphabet = string.ascii_letters + string.digits
        now = int(time.time())
        new_client_id = "".join(secrets.choice(alphabet) for _ in range(15))
        return self.sign({"sub": new_client_id, "scope": "reg", "iat": now, "exp": now + 3600})

    def registration_response(self, auth_header: str, body: dict) -> tuple[int, dict]:
        """/mod/lti/openid-registration.php: (200, registration) or (401/400, {"error": reason})."""
        parts = (auth_header or "").split(" ")
        if len(parts) != 2:
            return 401, {"error": "missing_registration_token"}
        try:
            kid = jwt.get_unverified_header(parts[1]).get("kid")
            token = jwt.decode(parts[1], self._keys[kid].public_key(), algorithms=["RS256"],
                               options={"require": ["sub", "scope", "exp"]})
        except (jwt.PyJWTError, KeyError) as exc:
            return 401, {"error": f"invalid_registration_token: {type(exc).__name__}: {exc}"}
        if token["scope"] != "reg":
            return 401, {"error": "unsupported_token_operation"}
        if any(r["client_id"] == token["sub"] for r in self.registrations):
            return 401, {"error": "token_already_used"}
        error = self._registration_error(body)
        if error:
            return 400, {"error": error}
        response = self._registration(token["sub"], str(self._next_deployment), body)
        self._next_deployment += 1
        return 200, response

    @staticmethod
    def _registration_error(body) -> str | None:
        if not isinstance(body, dict):
            return "invalid_registration_request"
        conf = body.get(TOOL_CONFIGURATION) or {}
        for name in ("initiate_login_uri", "redirect_uris", "jwks_uri"):
            if not body.get(name):
                return f"missing_{name}"
        if not isinstance(body["redirect_uris"], list):
            return "invalid_redirect_uris"
        if not conf.get("domain"):
            return "missing_domain"
        if _domain(conf["domain"]) != _domain(conf.get("target_link_uri") or "https://" + conf["domain"]):
            return "domain_targetlinkuri_mismatch"
        if "id_token" not in (body.get("response_types") or []):
            return "invalid_response_types"
        if body.get("token_endpoint_auth_method") != "private_key_jwt":
            return "invalid_token_endpoint_auth_method"
        if body.get("application_type") != "web":
            return "invalid_application_type"
        return None

    def _registration(self, client_id: str, deployment_id: str, body: dict) -> dict:
        conf = body.get(TOOL_CONFIGURATION) or {}
        target = conf.get("target_link_uri") or "https://" + conf["domain"]
        requested_claims = set(conf.get("claims") or [])
        claims = ["sub", "iss"]
        if requested_claims & {"name", "given_name", "family_name"}:
            claims += ["name", "family_name", "given_name"]
        if "email" in requested_claims:
            claims.append("email")
        tool_conf = {"version": "1.3.0", "deployment_id": deployment_id, "target_link_uri": target,
                     "domain": conf["domain"]}
        if "description" in conf:
            tool_conf["description"] = conf["description"]
        messages = [{k: m[k] for k in ("type", "target_link_uri") if k in m}
                    for m in conf.get("messages") or [] if m.get("type") == "LtiDeepLinkingRequest"]
        if messages:
            tool_conf["messages"] = messages
        if conf.get("custom_parameters"):
            tool_conf["custom_parameters"] = conf["custom_parameters"]
        tool_conf["claims"] = claims
        requested_scopes = (body.get("scope") or "").split()
        scopes = [s for s in REGISTRATION_SCOPES if s in requested_scopes]
        response = {
            "client_id": client_id, "response_types": ["id_token"], "jwks_uri": body["jwks_uri"],
            "initiate_login_uri": body["initiate_login_uri"], "grant_types": ["client_credentials", "implicit"],
            "redirect_uris": body["redirect_uris"], "application_type": "web",
            "token_endpoint_auth_method": "private_key_jwt", "client_name": body.get("client_name", ""),
            "logo_uri": body.get("logo_uri", ""), "scope": " ".join(scopes), TOOL_CONFIGURATION: tool_conf,
        }
        # Moodle keeps the new tool "Pending" until an admin activates it; the fake activates it at once.
        self.registrations.append({"client_id": client_id, "deployment_id": deployment_id,
                                   "request": copy.deepcopy(body), "response": response})
        self.client_id, self.deployment_id = client_id, deployment_id
        self.redirect_uris = list(body["redirect_uris"])
        self.login_url, self.launch_url = body["initiate_login_uri"], target
        self.tool_jwks_url = body["jwks_uri"]
        self.permitted_scopes = scopes + ([BASIC_OUTCOME] if AGS + "score" in scopes else [])
        return response

    # ---- HTTP ------------------------------------------------------------------------------------------

    def wsgi_app(self):
        return _http.create_app(self)

    def serve(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve wsgi_app() in a daemon thread (port 0: a free one) until shutdown(); returns the base URL."""
        self._server = _http.BackgroundServer(host, port)
        if self._issuer_is_default:
            self.issuer = self._server.base_url
        self._server.start(self.wsgi_app())  # built once the issuer is final: routes live under its path
        return self._server.base_url

    def shutdown(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
