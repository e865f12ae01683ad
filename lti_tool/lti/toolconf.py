"""Registrations and deployments as logins and launches read them: from a per-process snapshot (see cache.py),
reloaded when an admin, dynamic registration or a launch changed them. pylti1p3 reads them through DbToolConf."""
from dataclasses import dataclass

from pylti1p3.deployment import Deployment as LibDeployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract

from ..extensions import db
from . import cache
from .keys import signing_key
from .models import Deployment, Platform


@dataclass(frozen=True)
class PlatformRef:
    """An active registration, detached from the database session."""

    id: int
    name: str
    issuer: str
    client_id: str
    auth_login_url: str
    auth_token_url: str
    auth_audience: str | None
    key_set_url: str


@dataclass(frozen=True)
class _Registrations:
    by_client: dict  # (issuer, client id) -> PlatformRef, active registrations only
    by_issuer: dict  # issuer -> [PlatformRef]
    deployments: dict  # (platform id, deployment id) -> active (False: recorded, waiting for approval)


def _load():
    refs = [
        PlatformRef(*row)
        for row in db.session.query(
            Platform.id, Platform.name, Platform.issuer, Platform.client_id, Platform.auth_login_url,
            Platform.auth_token_url, Platform.auth_audience, Platform.key_set_url,
        ).filter(Platform.active.is_(True))
    ]
    by_issuer = {}
    for ref in refs:
        by_issuer.setdefault(ref.issuer, []).append(ref)
    deployments = db.session.query(Deployment.platform_id, Deployment.deployment_id, Deployment.active).join(
        Platform).filter(Platform.active.is_(True))
    return _Registrations(
        by_client={(ref.issuer, ref.client_id): ref for ref in refs},
        by_issuer=by_issuer,
        deployments={(pid, dep): bool(active) for pid, dep, active in deployments},
    )


def _registrations():
    return cache.snapshot("registrations", _load)


def find_platform(issuer, client_id):
    """The active registration for (issuer, client_id). Without a client id, the issuer's only one."""
    regs = _registrations()
    if client_id:
        return regs.by_client.get((issuer, client_id))
    found = regs.by_issuer.get(issuer, ())
    return found[0] if len(found) == 1 else None


def deployment_state(platform, deployment_id):
    """True: active; False: recorded but not approved; None: unknown to the tool."""
    return _registrations().deployments.get((platform.id, deployment_id))


class DbToolConf(ToolConfAbstract):
    """Every issuer may have several client ids, so pylti1p3 always calls the *_by_params methods."""

    def check_iss_has_one_client(self, iss):
        return False

    def check_iss_has_many_clients(self, iss):
        return True

    def find_registration_by_issuer(self, iss, *args, **kwargs):
        return self.find_registration_by_params(iss, None)

    def find_registration_by_params(self, iss, client_id, *args, **kwargs):
        platform = find_platform(iss, client_id)
        if platform is None:
            return None
        key = signing_key()
        reg = Registration()
        reg.set_issuer(platform.issuer).set_client_id(platform.client_id)
        reg.set_auth_login_url(platform.auth_login_url).set_auth_token_url(platform.auth_token_url)
        reg.set_key_set_url(platform.key_set_url)
        if platform.auth_audience:
            reg.set_auth_audience(platform.auth_audience)
        reg.set_tool_private_key(key.private_pem).set_tool_public_key(key.public_pem)
        return reg

    def find_deployment(self, iss, deployment_id):
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        platform = find_platform(iss, client_id)
        if platform is None or not deployment_state(platform, deployment_id):
            return None
        return LibDeployment().set_deployment_id(deployment_id)
