"""``GET /lti/register``: the page Moodle opens in its dialog to register the tool."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, g, render_template, request
from flask_babel import gettext as _

from ..security import invalidate_frame_origins, origin_of
from . import regtokens
from .dynreg import RegistrationError, register
from .urls import tool_urls

bp = Blueprint("dynreg", __name__)


def _from_a_platform(config_url):
    """True when the request carries what a platform adds to the registration URL when it opens it (LTI Dynamic
    Registration 3.3): ``openid_configuration``, an http(s) URL (Moodle also adds a ``registration_token``, which
    the specification makes optional). A person who opens the URL in a browser sends neither."""
    parts = urlsplit(config_url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@bp.get("/lti/register")
def register_tool():
    raw = request.args.get("reg", "")
    config_url = request.args.get("openid_configuration", "")
    if not _from_a_platform(config_url):
        # Opened by hand (a browser) or with an unusable configuration URL: the one-time token is not spent.
        if not regtokens.is_usable(raw):
            return render_template("lti/register_refused.html"), 403
        if config_url:
            error = _("The platform's configuration URL (openid_configuration) is not an http(s) URL.")
            return render_template("lti/register_failed.html", error=error, link_used=False), 400
        return render_template("lti/register_in_moodle.html", url=request.url,
                               minutes_left=regtokens.minutes_left(raw))
    # The tool fetches the URL it is handed: without a valid one-time token it fetches nothing. A refused request
    # is not framed by the site it names either: only registered platforms may frame the tool.
    if not regtokens.consume(raw):
        return render_template("lti/register_refused.html"), 403
    # The token (made by the tool's admin, usable once) vouches for this request: the platform it names may frame
    # the answer, so that a failure is read in the platform's registration dialog. On success the platform is
    # registered and frames the tool like any other.
    g.frame_origins_extra = (origin_of(config_url),)
    try:
        result = register(config_url, request.args.get("registration_token", ""), tool_urls())
    except RegistrationError as exc:
        current_app.logger.warning("Dynamic registration failed: %r", str(exc))  # escaped: one line, whatever the URL
        return render_template("lti/register_failed.html", error=str(exc)), 400
    invalidate_frame_origins(current_app)
    return render_template("lti/registered.html", result=result)
