"""Alumni of earlier runs, invited by a personal link (the core's ``lti_tool.invitations``): the instructor names
them (name, institution, optional email), the link is shown once; the alumnus signs up or cancels on a standalone
page. Not Moodle users: their attendance is noted in the list, never credited to a learning record."""
from ..clock import utcnow
from ..extensions import db
from ..invitations.emails import clean_email
from ..invitations.tokens import by_token, link_state, new_token
from .models import FollowupInvitee
from .services import FollowupRefused


def add(activity, staff_user, name, institution="", email=""):
    """A new invitee and their link's token (returned once): ``(invitee, token)``."""
    name = (name or "").strip()[:120]
    if not name:
        raise FollowupRefused("name")
    try:
        email = clean_email(email)
    except ValueError:
        raise FollowupRefused("email") from None
    token, token_hash = new_token()
    row = FollowupInvitee(activity_id=activity.id, name=name, institution=(institution or "").strip()[:200],
                          email=email, token_hash=token_hash, added_by=staff_user.id if staff_user else None)
    db.session.add(row)
    db.session.commit()
    return row, token


def invitees(activity):
    return FollowupInvitee.query.filter_by(activity_id=activity.id).order_by(FollowupInvitee.id).all()


def invitee_in(activity, invitee_id):
    if invitee_id is None:
        return None
    return FollowupInvitee.query.filter_by(activity_id=activity.id, id=invitee_id).first()


def revoke(row):
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        db.session.commit()


def access(token):
    """``(status, invitee)``: ``unknown``, ``revoked`` or ``ok``."""
    row = by_token(FollowupInvitee, token)
    if row is None:
        return "unknown", None
    return link_state(row.revoked_at), row


def send_link(activity, session, row, link):
    """Email the link when email is set up and the alumnus gave an address (the caller shows it either way):
    the core's ``letters.deliver`` (a ``Sent``)."""
    from flask_babel import gettext as _

    from ..formats import format_datetime
    from ..invitations.letters import Letter, deliver

    where = session.place or session.online_url
    body = _("Dear %(name)s,\n\nYou are invited to “%(title)s” on %(when)s (%(where)s). Sign up or cancel with your "
             "personal link:\n%(link)s\n\nThe link is for you only.", name=row.name, title=activity.title,
             when=format_datetime(session.starts_at), where=where, link=link)
    sent = deliver(row, Letter(_("Invitation: %(title)s", title=activity.title), body))
    db.session.commit()
    return sent
