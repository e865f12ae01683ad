"""What the admin area does: admin accounts, registrations, deployments, links (signing in: ``signin.py``).

Plain functions over plain values and model rows; the views only parse forms and call one of these.
"""
from dataclasses import dataclass

from flask import current_app
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from config import MIN_ADMIN_PASSWORD

from ..extensions import db
from ..lti import keys, regtokens
from ..lti.models import Deployment, Platform
from ..security import invalidate_frame_origins
from . import sessions
from .models import AdminUser

MIN_PASSWORD = MIN_ADMIN_PASSWORD  # config.MIN_ADMIN_PASSWORD: also checked at start-up


def upsert_admin(username, password):
    """Create an admin account, or set a new password for an existing one (refused under MIN_PASSWORD)."""
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"The password must have at least {MIN_PASSWORD} characters.")
    user = AdminUser.query.filter_by(username=username).first()
    if user is None:
        user = AdminUser(username=username)
        db.session.add(user)
    else:
        sessions.end_all(user.id)  # a new password signs the account out everywhere
    user.set_password(password)
    db.session.commit()
    return user


REGISTRATION_FIELDS = ("name", "issuer", "client_id", "auth_login_url", "auth_token_url", "auth_audience",
                       "key_set_url", "active")

_DUMMY_HASH = None  # checked against for unknown usernames, so both cases take as long


class DuplicateRegistration(Exception):
    """Another registration already has this issuer and client id."""


@dataclass(frozen=True)
class Overview:
    registrations: list
    key_ids: list
    active_kid: str | None
    open_links: int  # registration links created but not used yet


# --- accounts ----------------------------------------------------------------------------------------

def ensure_env_admin(username, password):
    """Create the account named in LATIH_ADMIN_USERNAME/PASSWORD on first use; never touch an existing one."""
    if not username or not password or AdminUser.query.filter_by(username=username).first():
        return
    try:
        upsert_admin(username, password)
    except ValueError as exc:
        current_app.logger.warning("LATIH_ADMIN_USERNAME not created: %s", exc)


def waste_time(password):
    """Check ``password`` against a dummy hash: an unknown username takes as long as a wrong password."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = generate_password_hash("not-a-password")
    check_password_hash(_DUMMY_HASH, password)


# --- registrations -----------------------------------------------------------------------------------

def overview():
    registrations = Platform.query.order_by(Platform.name, Platform.id).all()
    kids = [jwk["kid"] for jwk in keys.published_jwks()["keys"]]
    active = keys.active_key()
    return Overview(registrations, kids, active.kid if active else None, len(regtokens.pending()))


def get_registration(platform_id):
    return db.session.get(Platform, platform_id)


def _check_unique(issuer, client_id, own_id=None):
    query = Platform.query.filter_by(issuer=issuer, client_id=client_id)
    if own_id is not None:
        query = query.filter(Platform.id != own_id)
    if query.first() is not None:
        raise DuplicateRegistration(issuer, client_id)


def _add_deployments(platform, deployment_ids):
    known = {d.deployment_id: d for d in platform.deployments}
    for dep_id in deployment_ids:
        if dep_id in known:
            known[dep_id].active = True  # listing a pending id on purpose approves it
        else:
            platform.deployments.append(Deployment(deployment_id=dep_id, active=True))


def _commit():
    try:
        db.session.commit()
    except IntegrityError as exc:  # a concurrent save won the unique constraint
        db.session.rollback()
        raise DuplicateRegistration() from exc
    invalidate_frame_origins(current_app)


def create_registration(fields, deployment_ids):
    """A manual registration. ``fields`` holds REGISTRATION_FIELDS; raises DuplicateRegistration."""
    _check_unique(fields["issuer"], fields["client_id"])
    platform = Platform(registered_via="manual", **{f: fields[f] for f in REGISTRATION_FIELDS})
    _add_deployments(platform, deployment_ids)
    db.session.add(platform)
    _commit()
    return platform


def update_registration(platform_id, fields, new_deployment_ids):
    """Change a registration and add deployment ids; existing deployments stay. None when it is gone."""
    platform = get_registration(platform_id)
    if platform is None:
        return None
    _check_unique(fields["issuer"], fields["client_id"], own_id=platform.id)
    for name in REGISTRATION_FIELDS:
        setattr(platform, name, fields[name])
    _add_deployments(platform, new_deployment_ids)
    _commit()
    return platform


def set_registration_active(platform_id, active):
    platform = get_registration(platform_id)
    if platform is not None:
        platform.active = bool(active)
        _commit()
    return platform


# --- deployments -------------------------------------------------------------------------------------

def get_deployment(deployment_pk):
    return db.session.get(Deployment, deployment_pk)


def approve_deployment(deployment_pk):
    deployment = get_deployment(deployment_pk)
    if deployment is not None:
        deployment.active = True
        _commit()
    return deployment


def remove_deployment(deployment_pk):
    """Delete a deployment id. Returns (deployment id, registration name), or None when it is gone."""
    deployment = get_deployment(deployment_pk)
    if deployment is None:
        return None
    removed = (deployment.deployment_id, deployment.platform.name or deployment.platform.issuer)
    db.session.delete(deployment)
    _commit()
    return removed


# --- dynamic registration links ----------------------------------------------------------------------

def new_registration_token(minutes, created_by):
    """A one-time token for /lti/register; only its hash is stored, so the caller shows it once."""
    return regtokens.create(minutes=minutes, created_by=created_by)
