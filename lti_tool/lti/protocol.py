"""pylti1p3 wiring, and the checks the library leaves to the tool.

Gaps of pylti1p3(next) closed here:
- the nonce is bound to the login it was issued for: stored under that login's state (in the shared store,
  namespaced by the browser's session-id cookie) and taken once at launch with it; pylti1p3 stores nonces on their
  own and only checks that one exists, so a nonce issued for another login of the same browser would pass;
- RS256 only, ``aud`` verified, ``azp`` checked, exact ``iss``, ``exp``/``iat`` with a small leeway;
- the platform JWKS is cached and fetched once more on an unknown kid;
- every failure becomes a ``Refused`` (the library raises plain Exception in places);
- cookies are always ``SameSite=None; Secure; Partitioned`` (also on http://localhost), including deletions;
- an unknown deployment is recorded (inactive) for an admin to approve.
"""
import base64
import hmac
import json
import logging
import secrets

import jwt
from flask import current_app, request
from flask_babel import lazy_gettext as _l
from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest
from pylti1p3.cookie import CookieService
from pylti1p3.launch_data_storage.base import LaunchDataStorage
from pylti1p3.session import SessionService
from sqlalchemy.exc import IntegrityError

from ..clock import utcnow
from ..extensions import db
from ..state import store
from .fetch import guarded_session
from .launch import C_DEPLOYMENT, C_MESSAGE_TYPE, C_VERSION, SUPPORTED_MESSAGES
from .models import Deployment
from .platform_keys import platform_key
from .refusal import Refused
from .toolconf import DbToolConf, deployment_state, find_platform

log = logging.getLogger(__name__)

COOKIE_PREFIX = "lti1p3"
LOGIN_LIFETIME = 300  # seconds a login's state and nonce wait for the launch (pylti1p3's state cookie: 5 minutes)


def set_frame_cookie(response, key, value, max_age):
    """Cookies that survive a cross-site iframe: Secure; SameSite=None; Partitioned; HttpOnly."""
    response.set_cookie(
        key, value, max_age=max_age, path="/", secure=True, httponly=True, samesite="None", partitioned=True
    )


class FrameCookieService(CookieService):
    _cookie_prefix = COOKIE_PREFIX

    def __init__(self, req):
        self._request = req
        self._to_set = {}

    def _key(self, name):
        return f"{self._cookie_prefix}-{name}"

    def get_cookie(self, name):
        return self._request.get_cookie(self._key(name))

    def set_cookie(self, name, value, exp=3600):
        self._to_set[self._key(name)] = (value, exp)

    def update_response(self, response):
        for key, (value, exp) in self._to_set.items():
            set_frame_cookie(response, key, value, exp)


class SharedStorage(LaunchDataStorage):
    """Launch state in the shared store, namespaced by the browser's ``lti1p3-session-id`` cookie."""

    def can_set_keys_expiration(self):
        return True

    def get_value(self, key):
        return store().get(self._prepare_key(key))

    def set_value(self, key, value, exp=None):
        store().set(self._prepare_key(key), value, exp or current_app.config["LATIH_LAUNCH_LIFETIME"])

    def check_value(self, key):
        return self.get_value(key) is not None

    def take_value(self, key):
        return store().take(self._prepare_key(key))


class LoginBoundSession(SessionService):
    """A login's nonce lives in its state's entry (see LatihOIDCLogin), never on its own; a launch takes both."""

    _launch_data_lifetime = LOGIN_LIFETIME

    def save_nonce(self, nonce):
        pass  # saved with the login's state instead

    def check_nonce(self, nonce):
        return False  # never "issued by us and unused" alone: see take_login

    def take_login(self, state):
        """What the login with this state saved (its nonce), taken so that it serves one launch only."""
        return self.data_storage.take_value(self._get_key(state))

    def check_state_is_valid(self, state, id_token_hash):
        return False  # no server-side shortcut (and no read): the state must come back in its cookie


def _services():
    req = FlaskRequest()
    return req, {
        "session_service": LoginBoundSession(req),
        "cookie_service": FrameCookieService(req),
        "launch_data_storage": SharedStorage(),
    }


class LatihOIDCLogin(FlaskOIDCLogin):
    def _generate_nonce(self):
        # pylti1p3 makes the state, then the nonce, then saves the "state params" under the state: the nonce goes
        # there, bound to this login, and LoginBoundSession.save_nonce stores nothing on its own.
        # 256 random bits; pylti1p3's own (uuid4 + uuid1) carries the server's clock and MAC address to the platform.
        nonce = secrets.token_hex(32)
        self.pass_params_to_launch({"nonce": nonce})
        return nonce


def check_login_request(params):
    """Refuse a login initiation that is incomplete or comes from a platform that is not registered."""
    for name in ("iss", "login_hint"):
        if not params.get(name):
            raise Refused("login", detail=_l("missing %(name)s", name=name))
    if find_platform(params["iss"], params.get("client_id")) is None:
        raise Refused("platform", issuer=params["iss"], client_id=params.get("client_id"))


def oidc_redirect(launch_url):
    """Answer a third-party login initiation with the redirect to the platform's auth endpoint."""
    req, services = _services()
    login = LatihOIDCLogin(req, DbToolConf(), **services)
    try:
        return login.redirect(launch_url)
    except Exception as exc:  # the library raises plain exceptions here
        log.warning("OIDC login refused: %s", exc)
        raise Refused("login", detail=str(exc)) from exc


class StrictMessageLaunch(FlaskMessageLaunch):
    """A resource-link or deep-linking launch, validated fully or refused."""

    platform = None  # the registration it came through (toolconf.PlatformRef), once validate_registration found it

    def get_client_id(self):
        body = self._jwt.get("body", {})
        aud = body.get("aud")
        if isinstance(aud, list):
            return body.get("azp") or (aud[0] if aud else None)
        return aud

    def validate(self):
        try:
            return super().validate()
        except Refused:
            raise
        except Exception as exc:
            code = {
                "Missing state param": "state",
                "State not found": "state",
            }.get(str(exc), "format")
            log.warning("Launch refused (%s): %s", code, exc)
            raise Refused(code) from exc

    def validate_jwt_format(self):
        try:
            return super().validate_jwt_format()
        except Exception as exc:
            raise Refused("format") from exc

    def validate_nonce(self):
        """The id_token's nonce must be the one issued for the login whose state came back; both are used up."""
        nonce = self._jwt.get("body", {}).get("nonce")
        state = self._get_request_param("state")
        login = self._session_service.take_login(state) if state else None
        issued = login.get("nonce") if isinstance(login, dict) else None
        if not isinstance(nonce, str) or not isinstance(issued, str) or not hmac.compare_digest(issued, nonce):
            raise Refused("nonce")
        return self

    def validate_registration(self):
        body = self._jwt.get("body", {})
        iss, client_id = body.get("iss"), self.get_client_id()
        if not iss or not isinstance(iss, str):
            raise Refused("claims", detail=_l("no issuer"))
        aud = body.get("aud")
        if isinstance(aud, list) and len(aud) > 1 and not body.get("azp"):
            raise Refused("claims", issuer=iss, detail=_l("several audiences but no azp"))
        self.platform = find_platform(iss, client_id)
        if self.platform is None:
            raise Refused("platform", issuer=iss, client_id=client_id)
        return super().validate_registration()

    def validate_jwt_signature(self):
        header, body = self._jwt.get("header", {}), self._jwt.get("body", {})
        iss, client_id = body.get("iss"), self.get_client_id()
        if header.get("alg") != "RS256":
            raise Refused("signature", issuer=iss, detail=_l("algorithm %(alg)s is not allowed", alg=header.get("alg")))
        key = platform_key(self._registration.get_key_set_url(), header.get("kid"), iss)
        try:
            jwt.decode(
                self._get_id_token(),
                key,
                algorithms=["RS256"],
                audience=client_id,
                issuer=self._registration.get_issuer(),
                leeway=current_app.config["LATIH_JWT_LEEWAY"],
                options={"require": ["exp", "iat", "iss", "aud", "nonce"]},
            )
        except jwt.InvalidSignatureError as exc:
            raise Refused("signature", issuer=iss, detail=_l("the signature does not match")) from exc
        except jwt.InvalidTokenError as exc:
            raise Refused("claims", issuer=iss, client_id=client_id, detail=str(exc)) from exc
        aud = body.get("aud")
        if isinstance(aud, list) and len(aud) > 1 and body.get("azp") != client_id:
            raise Refused("claims", issuer=iss, client_id=client_id, detail=_l("azp does not name the client"))
        if "azp" in body and body["azp"] != client_id:
            raise Refused("claims", issuer=iss, client_id=client_id, detail=_l("azp does not name the client"))
        return self

    def validate_deployment(self):
        body = self._jwt["body"]
        iss, client_id, dep_id = body["iss"], self.get_client_id(), body.get(C_DEPLOYMENT)
        if not dep_id or not isinstance(dep_id, str):
            raise Refused("claims", issuer=iss, client_id=client_id, detail=_l("no deployment id"))
        active = deployment_state(self.platform, dep_id)
        if active is None:
            # Signed by a registered platform: record it so an admin can approve it with one click.
            try:
                db.session.add(Deployment(platform_id=self.platform.id, deployment_id=dep_id, active=False,
                                          first_seen_at=utcnow()))
                db.session.commit()
            except IntegrityError:  # a concurrent launch recorded it first
                db.session.rollback()
            log.warning("Launch from unknown deployment %s of %s (%s): recorded, pending", dep_id, iss, client_id)
        if not active:
            raise Refused("deployment", issuer=iss, client_id=client_id, deployment_id=dep_id)
        return self

    def validate_message(self):
        body = self._jwt["body"]
        if body.get(C_VERSION) != "1.3.0":
            raise Refused("message", detail=_l("LTI version %(v)s", v=body.get(C_VERSION)))
        if body.get(C_MESSAGE_TYPE) not in SUPPORTED_MESSAGES:
            raise Refused("message", detail=str(body.get(C_MESSAGE_TYPE)))
        try:
            return super().validate_message()
        except Exception as exc:
            raise Refused("message", detail=str(exc)) from exc

    def save_launch_data(self):
        return self  # nothing to keep server-side: the session entry (context.py) holds what later pages need


def _unused_requests_session():
    """pylti1p3 makes a ``requests.Session`` for every launch unless given one; a launch here fetches nothing through
    it (the platform's keys: platform_keys.py), so one per process is handed over, bound by the outbound policy."""
    extensions = current_app.extensions
    if "latih_launch_requests" not in extensions:
        extensions["latih_launch_requests"] = guarded_session()
    return extensions["latih_launch_requests"]


def validated_launch():
    """Validate the launch in the current request. Returns (claims, client_id, launch_id, platform) or raises
    Refused; ``platform`` is the registration (toolconf.PlatformRef) it came through."""
    req, services = _services()
    try:
        launch = StrictMessageLaunch(req, DbToolConf(), requests_session=_unused_requests_session(), **services)
    except Exception as exc:  # pylti1p3 raises when the session cookie is missing
        raise Refused("session") from exc
    launch.validate()
    return launch.get_launch_data(), launch.get_client_id(), launch.get_launch_id(), launch.platform


def unverified_locale_hint():
    """The launch's locale, read before validation, only to show a refusal in the user's language."""
    from .launch import C_PRESENTATION, locale_from_code

    token = request.form.get("id_token", "")
    try:
        payload = token.split(".")[1]
        body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return locale_from_code((body.get(C_PRESENTATION) or {}).get("locale"))
    except Exception:
        return None
