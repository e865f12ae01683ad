"""``GET /lti/register``: the page Moodle opens in its dialog to register the tool."""
from flask import Blueprint, current_app, g, render_template, request

from ..security import invalidate_frame_origins, origin_of
from . import regtokens
from .dynreg import RegistrationError, register
from .refusal import Refused
from .urls import tool_urls

bp = Blueprint("dynreg", __name__)


@bp.get("/lti/register")
def register_tool():
    config_url = request.args.get("openid_configuration", "")
    if origin_of(config_url):
        g.frame_origins_extra = (origin_of(config_url),)
    # The tool fetches the URL it is handed: without a valid one-time token it fetches nothing.
    if not regtokens.consume(request.args.get("reg", "")):
        return render_template("lti/register_refused.html"), 403
    if not config_url:
        raise Refused("login", detail="openid_configuration")
    try:
        result = register(config_url, request.args.get("registration_token", ""), tool_urls())
    except RegistrationError as exc:
        current_app.logger.warning("Dynamic registration failed: %s", exc)
        return render_template("lti/register_failed.html", error=str(exc)), 400
    invalidate_frame_origins(current_app)
    return render_template("lti/registered.html", result=result)
