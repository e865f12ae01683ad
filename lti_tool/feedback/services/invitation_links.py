"""An invitee's personal link, absolute (it is sent by email or WhatsApp): ``LATIH_BASE_URL`` when set (behind a
proxy the request's host may be an internal name), else the request's own address. Outside a request (the due job
in the grade worker) only ``LATIH_BASE_URL`` can say where the tool is: without it no link can be made (None)."""
from flask import current_app, has_request_context, request

ENDPOINT = "feedback_invited.page"


def invitation_link(form_id, token):
    values = {"form_id": form_id, "token": token}
    path = current_app.url_map.bind("latih.invalid").build(ENDPOINT, values)
    base = current_app.config.get("LATIH_BASE_URL")
    if base:
        return base.rstrip("/") + path
    if has_request_context():
        return request.url_root.rstrip("/") + path
    return None


def link_maker(form_id):
    """``link_for(token)`` for one form (what the services take)."""
    return lambda token: invitation_link(form_id, token)
