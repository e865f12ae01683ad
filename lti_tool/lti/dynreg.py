"""LTI Dynamic Registration (what Moodle offers under Manage tools > Tool URL > Add LTI Advantage)."""
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import force_locale
from flask_babel import gettext as _

from ..extensions import db
from .fetch import FetchError, fetch_json, status_text
from .models import Deployment, Platform

log = logging.getLogger(__name__)

TOOL_CONFIG = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONFIG = "https://purl.imsglobal.org/spec/lti-platform-configuration"
SCOPES = (
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
)
TOOL_NAME = "Latih"
CLAIMS = ("iss", "sub", "name", "given_name", "family_name", "email")


class RegistrationError(Exception):
    """Registration failed; the message is safe to show to the admin."""


@dataclass(frozen=True)
class Registered:
    platform: Platform
    deployment_id: str
    product: str
    updated: bool


def _texts(key):
    """The same text in Indonesian (default) and English, for the platform's tool list."""
    texts = {}
    for locale in ("id", "en"):
        with force_locale(locale):
            texts[locale] = {
                "description": _("Project exercises, reviewed modules and feedback forms for civil-servant training."),
                "select": _("Latih activity"),
            }[key]
    return texts


def registration_request(urls):
    descriptions, labels = _texts("description"), _texts("select")
    messages = [
        {"type": "LtiResourceLinkRequest", "target_link_uri": urls["launch"], "label": labels["id"],
         "label#en": labels["en"]},
        {"type": "LtiDeepLinkingRequest", "target_link_uri": urls["launch"], "label": labels["id"],
         "label#en": labels["en"], "placements": ["ContentArea"]},
    ]
    return {
        "application_type": "web",
        "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": urls["login"],
        "redirect_uris": [urls["launch"]],
        # Moodle shows client_name on the activity card and in its tool list, where a long name is cut off: the
        # tool's name is the short brand, the same in every language (OpenID dynamic registration's #lang variants).
        "client_name": TOOL_NAME,
        "client_name#id": TOOL_NAME,
        "client_name#en": TOOL_NAME,
        "jwks_uri": urls["jwks"],
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join(SCOPES),
        TOOL_CONFIG: {
            "domain": urls["domain"],
            "target_link_uri": urls["launch"],
            "description": descriptions["id"],
            "description#en": descriptions["en"],
            "claims": list(CLAIMS),
            "messages": messages,
        },
    }


def _http_url(value, what):
    if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).netloc:
        raise RegistrationError(_("The platform's configuration has no valid %(what)s.", what=what))
    return value


def _quoted_url(value, limit=200):
    """An issuer as it may be shown: a short http(s) URL, else a dash (never other text from the answer)."""
    try:
        if isinstance(value, str) and len(value) <= limit and urlsplit(value).scheme in ("http", "https"):
            return value
    except ValueError:
        pass
    return "-"


def fetch_platform_configuration(url):
    _http_url(url, "openid_configuration")
    try:
        status, conf = fetch_json(url)
    except FetchError as exc:
        raise RegistrationError(_("Could not read the platform's configuration: %(e)s", e=str(exc))) from exc
    if status != 200 or not isinstance(conf, dict):
        raise RegistrationError(_("The platform's configuration URL answered %(s)s.", s=status_text(status)))
    issuer = conf.get("issuer")
    # The issuer must be the configuration URL's own site and path prefix (LTI Dynamic Registration 3.5.1).
    if (
        not isinstance(issuer, str)
        or urlsplit(issuer).scheme not in ("http", "https")
        or urlsplit(issuer).netloc != urlsplit(url).netloc
        or not url.startswith(issuer.rstrip("/"))
    ):
        raise RegistrationError(
            _("The platform's issuer %(issuer)s does not match its configuration URL %(url)s.",
              issuer=_quoted_url(issuer), url=url)
        )
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint"):
        _http_url(conf.get(name), name)
    return conf


def register(openid_configuration_url, registration_token, urls):
    """Run the whole exchange and store the registration. Raises RegistrationError."""
    conf = fetch_platform_configuration(openid_configuration_url)
    headers = {"Accept": "application/json"}
    if registration_token:
        headers["Authorization"] = f"Bearer {registration_token}"
    try:
        status, answer = fetch_json(
            conf["registration_endpoint"], method="POST", headers=headers, json_body=registration_request(urls)
        )
    except FetchError as exc:
        raise RegistrationError(_("The platform did not accept the registration: %(e)s", e=str(exc))) from exc
    if status not in (200, 201) or not isinstance(answer, dict) or not answer.get("client_id"):
        # The status only: the answer's body is never shown (it could be anything the URL answered).
        raise RegistrationError(_("The platform refused the registration (%(s)s).", s=status_text(status)))
    deployment_id = str((answer.get(TOOL_CONFIG) or {}).get("deployment_id") or "")
    product = (conf.get(PLATFORM_CONFIG) or {}).get("product_family_code") or ""
    return _store(conf, str(answer["client_id"]), deployment_id, product)


def _store(conf, client_id, deployment_id, product):
    issuer = conf["issuer"]
    platform = Platform.query.filter_by(issuer=issuer, client_id=client_id).first()
    updated = platform is not None
    if platform is None:
        platform = Platform(issuer=issuer, client_id=client_id)
        db.session.add(platform)
    platform.name = platform.name or f"{product or 'LMS'} {urlsplit(issuer).netloc}"
    platform.auth_login_url = conf["authorization_endpoint"]
    platform.auth_token_url = conf["token_endpoint"]
    platform.key_set_url = conf["jwks_uri"]
    platform.registered_via = "dynamic"
    platform.active = True
    if deployment_id and not any(d.deployment_id == deployment_id for d in platform.deployments):
        platform.deployments.append(Deployment(deployment_id=deployment_id, active=True))
    db.session.commit()
    log.info("Dynamic registration stored: %s client %s deployment %s", issuer, client_id, deployment_id)
    return Registered(platform=platform, deployment_id=deployment_id, product=product, updated=updated)
