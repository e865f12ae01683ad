"""Where a launch lands: a page for the role and the state of the link."""
from flask import Blueprint, g, render_template

from ..lti.context import requires_launch
from ..lti.launch import DEEP_LINKING_REQUEST
from ..lti.refusal import Refused

bp = Blueprint("home", __name__)

@bp.get("/")
def index():
    return render_template("home/index.html")

@bp.get("/app")
@requires_launch()
def landing():
    ctx = g.launch
    if ctx.message_type == DEEP_LINKING_REQUEST:
        if not ctx.is_staff:
            raise Refused("forbidden")
        return render_template("home/select_content.html", ctx=ctx)
    if ctx.is_staff:
        return render_template("home/setup.html", ctx=ctx)
    return render_template("home/not_ready.html", ctx=ctx)
