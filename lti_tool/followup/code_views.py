"""The attendance code on the projector: six digits, a new one every minute (each accepted for three minutes), shown
big with a QR code (segno, an SVG as a ``data:`` image: the CSP allows no inline script or style) that opens the
learner's page with the code filled in. The page reloads itself at the next minute (``<meta http-equiv=refresh>``,
no script). ``/followup/attend/<activity>``, the QR's address, needs no launch: in a browser that has launched the
activity it goes to the learner's page with the code filled in; elsewhere it says to open the activity in Moodle
and enter the code."""
import time

from flask import g, redirect, render_template, request, session, url_for

from ..activities.access import requires_activity
from ..extensions import db
from ..lti.launch import Role
from ..lti.models import ResourceLink
from . import codes
from .attendance import SHOWN_SECONDS, show_code
from .pages import absolute, bp, page
from .services import session_of


def qr_data_uri(text):
    import segno

    return segno.make(text, error="m").svg_data_uri(scale=8, border=2)


@bp.get("/projector")
@requires_activity("followup", staff=True)
def projector():
    now = time.time()
    code = codes.code_at(session_of(g.activity).code_secret, now)
    show_code(g.activity.id)
    target = absolute(url_for("followup.attend", activity_id=g.activity.id, code=code))
    body, status = page("followup/projector.html", code=code, qr=qr_data_uri(target), target=target,
                        valid_minutes=SHOWN_SECONDS // 60)
    return body, status, {"Cache-Control": "no-store", "Refresh": str(codes.seconds_left(now) + 1)}


def _launch_for(activity_id):
    """A live learner's launch of this browser whose link shows the activity (the newest), else None."""
    for token, entry in sorted((session.get("launches") or {}).items(), key=lambda item: -item[1].get("exp", 0)):
        staff = {Role.INSTRUCTOR.value, Role.ADMIN.value} & set(entry.get("roles") or ())
        if entry.get("exp", 0) < time.time() or not entry.get("link") or staff:
            continue
        link = db.session.get(ResourceLink, entry["link"])
        if link is not None and link.activity_id == activity_id:
            return token
    return None


@bp.get("/attend/<int:activity_id>")
def attend(activity_id):
    code = codes.normalised(request.args.get("code"))
    token = _launch_for(activity_id)
    if token is not None:
        return redirect(url_for("followup.learner", launch=token, code=code or None))
    return render_template("followup/attend.html", code=code), 200, {"Cache-Control": "no-store"}
