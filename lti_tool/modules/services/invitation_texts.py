"""The invitation and reminder a reviewer receives (by email, or copied into WhatsApp by the author): always in
Indonesian, whatever the language of the author's page — the catalogue's Indonesian, under ``force_locale("id")``.

A text names the reviewer, the module, its version and the round, who invites (the instructor and the course), what
to do, the personal link and the deadline in the training centre's zone ("Jumat, 12 Desember 2026 pukul 17.00
WIB"). ``link`` is given by the caller (the token is never stored, only its hash).
"""
from babel import dates
from flask_babel import force_locale
from flask_babel import gettext as _

from ... import clock
from ...extensions import db
from ...invitations.letters import Letter
from ..labels import group_name
from ..models import Module
from .setup import settings_of

LANGUAGE = "id"


def deadline_text(deadline):
    """``Jumat, 12 Desember 2026 pukul 17.00 WIB`` (call under the letter's locale)."""
    local = clock.to_local(deadline)
    return _("%(date)s at %(time)s %(zone)s", date=dates.format_date(local, "EEEE, d MMMM y", locale=LANGUAGE),
             time=dates.format_time(local, "HH.mm", locale=LANGUAGE), zone=clock.zone_abbreviation())


def _facts(reviewer, inviter):
    round_row = reviewer.round
    module = _module_of(round_row)
    groups = {g["id"]: g for g in settings_of(module).groups}
    group = groups.get(reviewer.group, {"id": reviewer.group, "name": ""})
    activity = module.activity
    course = activity.course.title if activity.course is not None else ""
    return {"name": reviewer.name, "title": activity.title, "version": round_row.version.number,
            "round": round_row.number, "group": group_name(group), "inviter": (inviter.name if inviter else "") or
            _("the module's author"), "course": course or activity.title}


def _module_of(round_row):
    return db.session.get(Module, round_row.module_id)  # the round row has no relationship to its module


def _until(reviewer):
    deadline = reviewer.round.deadline
    if deadline is None:
        return _("The link works until the review round is closed.")
    return _("The link works until %(deadline)s.", deadline=deadline_text(deadline))


def _steps():
    return "\n".join((
        _("What to do:"),
        _("1. Open your personal link below (no Moodle account is needed) and confirm your name and institution."),
        _("2. Read the module; comment on the passages that need to change (mark a comment as blocking when it must "
          "change before approval)."),
        _("3. Score each criterion, give your recommendation and submit. Until you submit, you can change your "
          "review."),
    ))


def invitation_text(reviewer, link, inviter=None):
    """The invitation (a Letter: subject and body), in Indonesian."""
    with force_locale(LANGUAGE):
        facts = _facts(reviewer, inviter)
        body = "\n\n".join((
            _("Dear %(name)s,", name=facts["name"]),
            _("%(inviter)s (%(course)s) invites you to review the training module “%(title)s”, version %(version)s, "
              "in review round %(round)s, for the group %(group)s.", **facts),
            _steps(),
            _("Your personal link (do not pass it on: it opens your own review):") + "\n" + link,
            _until(reviewer),
            _("Thank you.") + "\n" + facts["inviter"],
        ))
        subject = _("Invitation to review the module “%(title)s”", title=facts["title"])
    return Letter(subject, body)


def reminder_text(reviewer, link, inviter=None):
    """A reminder to a reviewer who has not submitted yet, with a new link (the earlier one no longer works)."""
    with force_locale(LANGUAGE):
        facts = _facts(reviewer, inviter)
        body = "\n\n".join((
            _("Dear %(name)s,", name=facts["name"]),
            _("A reminder from %(inviter)s (%(course)s): your review of the training module “%(title)s”, version "
              "%(version)s (review round %(round)s), is not submitted yet.", **facts),
            _("Your new personal link (the earlier one no longer works; what you already wrote is kept):")
            + "\n" + link,
            _until(reviewer),
            _("Thank you.") + "\n" + facts["inviter"],
        ))
        subject = _("Reminder: review of the module “%(title)s”", title=facts["title"])
    return Letter(subject, body)
