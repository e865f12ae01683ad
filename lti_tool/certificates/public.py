"""The learner's own certificates (any launch: the launch's user only, no user id read from the browser) and the
public verification page ``/verify/<code>``.

The verification page needs no login and is made for a phone: valid or *dicabut* (revoked: the date and the
reason), name, training, dates, JP, the NIP masked, the number. It is a standalone page (``invitations.standalone``:
never framed, no referrer, noindex, no cache), rate-limited per address (``invitations.limit``, scope ``verify``,
``LATIH_VERIFY_PAGE_LIMIT`` a minute); there is no listing, and an unknown or mistyped code gets a 404 page in the
tool's layout saying so. A replaced certificate says it was replaced, never by which (the new code is private)."""
from flask import Blueprint, abort, current_app, g, make_response, render_template, request

from ..invitations import limit
from ..invitations.standalone import protect
from ..lti.context import requires_launch
from . import services
from .fields import date_range, display_jp, mask_nip
from .views import pdf_response

bp = Blueprint("certificates_learner", __name__, url_prefix="/certificates/mine")
verify_bp = protect(Blueprint("certificates_verify", __name__, url_prefix="/verify"), "/verify/")


@bp.get("/<id:certificate_id>/pdf")
@requires_launch()
def download(certificate_id):
    cert = services.db.session.get(services.Certificate, certificate_id)
    if cert is None or cert.user_id != g.launch.user.id:
        abort(404)
    return pdf_response(cert)


@verify_bp.before_request
def _limit():
    per_minute = current_app.config.get("LATIH_VERIFY_PAGE_LIMIT", 60)
    if not limit.allow(request.remote_addr, per_minute, scope="verify"):
        response = make_response(render_template("certificates/verify.html", cert=None, status=429), 429)
        response.headers["Retry-After"] = str(limit.WINDOW)
        return response
    return None


@verify_bp.get("/<code>")
def page(code):
    cert = services.by_code(code)
    if cert is None:
        return make_response(render_template("certificates/verify.html", cert=None, status=404), 404)
    return render_template("certificates/verify.html", cert=cert, status=200, masked_nip=mask_nip(cert.nip),
                           dates=date_range(cert.started_on, cert.ended_on), jp=display_jp(cert.jp))
