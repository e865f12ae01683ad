"""The invitation and the reminder an alumnus or a supervisor receives (by email, or copied into WhatsApp by the
instructor): always in Indonesian, whatever the language of the instructor's page (``force_locale("id")``).

A text names the person, the training (the activity and the course), who invites, whether the form is named or
anonymous, the personal link and until when it works, in the training centre's zone. A supervisor's letter names
the alumnus they are asked about. ``link`` is given by the caller (the token is never stored, only its hash).
"""
from babel import dates
from flask_babel import force_locale
from flask_babel import gettext as _

from ... import clock
from ...extensions import db
from ...invitations.letters import Letter
from ..invitation_models import FeedbackInvitee

LANGUAGE = "id"


def until_text(moment):
    """``Jumat, 12 Desember 2026 pukul 17.00 WIB`` (call under the letter's locale)."""
    local = clock.to_local(moment)
    return _("%(date)s at %(time)s %(zone)s", date=dates.format_date(local, "EEEE, d MMMM y", locale=LANGUAGE),
             time=dates.format_time(local, "HH.mm", locale=LANGUAGE), zone=clock.zone_abbreviation())


def _facts(form, invitation, inviter):
    activity = form.activity
    invitee = invitation.invitee
    course = activity.course.title if activity.course is not None else ""
    alumnus = ""
    if invitee.role == "supervisor" and invitee.alumnus_id:
        found = db.session.get(FeedbackInvitee, invitee.alumnus_id)
        alumnus = found.name if found else ""
    return {"name": invitee.name, "title": activity.title, "course": course or activity.title,
            "inviter": (inviter.name if inviter else "") or _("the training centre"), "alumnus": alumnus}


def _ask(form, invitation, facts):
    if invitation.invitee.role == "supervisor":
        return _("%(inviter)s (%(course)s) asks you, as the direct supervisor of %(alumnus)s, how they apply in "
                 "their work what they learnt in the training “%(title)s”.", **facts)
    return _("%(inviter)s (%(course)s) asks you, an alumnus of the training “%(title)s”, how you apply what you "
             "learnt in your work.", **facts)


def _mode(form):
    if form.anonymous:
        return _("Your answers are anonymous: they are stored without your name, and nobody can link them to you.")
    return _("Your answers are not anonymous: the training centre sees who answered what.")


def _body(form, invitation, link, facts, opening):
    return "\n\n".join((
        _("Dear %(name)s,", name=facts["name"]),
        opening,
        _mode(form) + " " + _("It takes about five minutes; no Moodle account is needed."),
        _("Your personal link (do not pass it on: it is yours alone):") + "\n" + link,
        _("The link works until %(until)s.", until=until_text(invitation.expires_at)),
        _("Thank you.") + "\n" + facts["inviter"],
    ))


def invitation_text(form, invitation, link, inviter=None):
    """The invitation (a Letter: subject and body), in Indonesian."""
    with force_locale(LANGUAGE):
        facts = _facts(form, invitation, inviter)
        body = _body(form, invitation, link, facts, _ask(form, invitation, facts))
        subject = _("Post-training evaluation: “%(title)s”", title=facts["title"])
    return Letter(subject, body)


def reminder_text(form, invitation, link, inviter=None):
    """A reminder to someone who has not answered yet, with a new link (the earlier one no longer works)."""
    with force_locale(LANGUAGE):
        facts = _facts(form, invitation, inviter)
        opening = _("A reminder: we have not received your answers yet.") + " " + _ask(form, invitation, facts) \
            + " " + _("The earlier link no longer works: use the one below.")
        body = _body(form, invitation, link, facts, opening)
        subject = _("Reminder: post-training evaluation “%(title)s”", title=facts["title"])
    return Letter(subject, body)
