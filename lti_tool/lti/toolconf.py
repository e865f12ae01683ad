"""pylti1p3 reads registrations and deployments through this database-backed tool configuration."""
from pylti1p3.deployment import Deployment as LibDeployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract

from .keys import ensure_active_key
from .models import Deployment, Platform


def find_platform(issuer, client_id):
    """The active registration for (issuer, client_id). Without a client id, the issuer's only one."""
    query = Platform.query.filter_by(issuer=issuer, active=True)
    if client_id:
        return query.filter_by(client_id=client_id).first()
    found = query.limit(2).all()
    return found[0] if len(found) == 1 else None


def find_deployment(platform, deployment_id):
    return Deployment.query.filter_by(platform_id=platform.id, deployment_id=deployment_id).first()


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
        key = ensure_active_key()
        public_pem = _public_pem(key.private_pem)
        reg = Registration()
        reg.set_issuer(platform.issuer).set_client_id(platform.client_id)
        reg.set_auth_login_url(platform.auth_login_url).set_auth_token_url(platform.auth_token_url)
        reg.set_key_set_url(platform.key_set_url)
        if platform.auth_audience:
            reg.set_auth_audience(platform.auth_audience)
        reg.set_tool_private_key(key.private_pem).set_tool_public_key(public_pem)
        return reg

    def find_deployment(self, iss, deployment_id):
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        platform = find_platform(iss, client_id)
        if platform is None:
            return None
        row = find_deployment(platform, deployment_id)
        if row is None or not row.active:
            return None
        return LibDeployment().set_deployment_id(row.deployment_id)


def _public_pem(private_pem):
    from cryptography.hazmat.primitives import serialization

    private = serialization.load_pem_private_key(private_pem.encode(), password=None)
    return private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
