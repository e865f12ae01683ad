"""OIDC login initiation, launch, and the tool's JWKS."""
import logging

from flask import Blueprint, g, jsonify, make_response, redirect, render_template, request, url_for

from ..activities.services import CUSTOM_PARAM, bind_from_custom
from ..extensions import csrf, db
from . import cache, keys
from .context import bind_to_session, current_link
from .launch import Launch
from .protocol import check_login_request, oidc_redirect, set_frame_cookie, unverified_locale_hint, validated_launch
from .refusal import Refused
from .urls import external_url

bp = Blueprint("lti", __name__)
bp.record_once(lambda _state: cache.install())  # registrations and keys cached per process, see cache.py
log = logging.getLogger(__name__)

PROBE_COOKIE = "latih-probe"
LOGIN_PARAMS = ("iss", "login_hint", "target_link_uri", "lti_message_hint", "client_id", "lti_deployment_id")


@bp.route("/lti/login", methods=["GET", "POST"])
@csrf.exempt  # a cross-site form post from the platform; protected by state and nonce
def login():
    params = {k: request.values[k] for k in LOGIN_PARAMS if request.values.get(k)}
    check_login_request(params)
    if request.values.get("new_window"):
        return oidc_redirect(external_url("lti.launch"))
    if not request.values.get("probe"):
        # First pass: set a probe cookie, then come back (auto-submitted) to see whether it stuck.
        response = make_response(render_template("lti/continue.html", params=params))
        set_frame_cookie(response, PROBE_COOKIE, "1", 300)
        return response
    if request.cookies.get(PROBE_COOKIE):
        return oidc_redirect(external_url("lti.launch"))
    # The browser refuses cookies in this frame: offer the tool in a new window instead of failing.
    return render_template("lti/new_window.html", url=url_for("lti.login", new_window=1, **params))


@bp.post("/lti/launch")
@csrf.exempt  # the platform's form post; the id_token is the proof
def launch():
    g.locale_hint = unverified_locale_hint  # read from the token only if a refusal is shown
    claims, client_id, launch_id, platform = validated_launch()
    lti_launch = Launch.from_claims(claims, client_id)
    if not lti_launch.roles:  # course rights come from context roles only (see launch.parse_role)
        raise Refused("no_role", issuer=lti_launch.issuer)
    token = bind_to_session(lti_launch, launch_id, platform.id)
    if CUSTOM_PARAM in lti_launch.custom:  # a deep-linked link names its activity
        bind_from_custom(current_link(token), lti_launch.custom)
    log.info("Launch %s by %s/%s in course %s", lti_launch.message_type, lti_launch.issuer, lti_launch.sub,
             lti_launch.context_id)
    return redirect(url_for("activities.entry", launch=token), code=303)


@bp.get("/.well-known/jwks.json")
@bp.get("/lti/jwks")
def jwks():
    """The tool's public keys; from memory or the instance folder when the database cannot be reached, so that
    platforms keep verifying the tool's signatures through an outage."""
    try:
        published = keys.published_jwks()
    except Exception as exc:  # the database (or the store) is unreachable
        _forget_session()
        published = keys.last_known_jwks()
        if published is None:
            raise
        log.warning("JWKS served without the database (%s)", exc.__class__.__name__)
    response = jsonify(published)
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def _forget_session():
    try:
        db.session.rollback()
    except Exception:  # the connection is gone; the session is removed at the end of the request anyway
        pass


@bp.app_errorhandler(Refused)
def refused(exc):
    what, check = exc.texts()
    log.warning("Refused (%s) %s %s: %s", exc.code, request.method, request.path, exc.params)
    return render_template("lti/refused.html", code=exc.code, what=what, check=check), exc.status
