"""The people around a report: the course roster (Names and Roles, ``grades.roster``), the response rate against it,
who has not answered (named forms), reminders to them, and facilitators linked to Moodle accounts.

**Rate.** Learners are the roster's members with the Learner role, less the accounts linked to a facilitator of the
form (Moodle sends a *non-editing teacher* as a Learner: see ``report_views``); answered are those of them with a
``FeedbackCompletion`` (matched on the platform's user id, the LTI ``sub``, of the course's issuer). Without the
roster service the rate is unavailable and the page says why; the response count is always shown.

**Reminders** go to learners of the roster who have not answered, chosen on the page (ids from the browser are looked
up among them, nothing else): an email through ``mail.send_mail`` when SMTP is configured and the learner has an
address, else (or when the server refuses it) an Indonesian text to copy into WhatsApp or a message. One audit event
per sending (how many mailed, how many texts), no names.
"""
from dataclasses import dataclass, field
from fractions import Fraction

from sqlalchemy import select

from ...extensions import db
from ...grades.roster import roster_or_problem
from ...lti.models import LtiUser
from ...mail import MailError, mail_configured, send_mail
from ..domain.stats import percent
from ..models import FeedbackCompletion
from ..report_labels import reminder
from . import FeedbackRefused, audit
from .report_data import NonRespondent, ResponseRate


def has_roster(course):
    return bool(course.nrps_url) and course.platform_id is not None


def members_or_problem(course):
    """(members, problem): the roster's members, or None and why (None: the course has no roster service)."""
    if not has_roster(course):
        return None, None
    members, problem = roster_or_problem(course)
    return (None, problem) if problem else (members, None)


def linked_subs(form):
    """The Moodle accounts (``sub``) linked to a facilitator of the form."""
    return {str(p["user"]) for p in form.persons or [] if p.get("user")}


def persons_of_user(form, sub):
    """The ids of the form's persons linked to the account ``sub`` (a facilitator may be listed once per session)."""
    return frozenset(p["id"] for p in form.persons or [] if sub and str(p.get("user") or "") == sub)


def _answered_subs(form_id, issuer):
    rows = db.session.execute(select(LtiUser.sub).join(FeedbackCompletion, FeedbackCompletion.user_id == LtiUser.id)
                              .where(FeedbackCompletion.form_id == form_id, LtiUser.issuer == issuer))
    return {row[0] for row in rows}


def _percent(part, whole):
    return percent(Fraction(part, whole), 1) if whole else None


@dataclass(frozen=True)
class Roll:
    rate: ResponseRate
    waiting: tuple = ()  # NonRespondent: roster learners who have not answered, by name


def roll(form, course):
    """The response rate against the roster and the learners who have not answered."""
    members, problem = members_or_problem(course)
    if members is None:
        return Roll(ResponseRate(False, problem))
    facilitators = linked_subs(form)
    learners = [m for m in members if m.is_learner and m.user_id not in facilitators]
    done = _answered_subs(form.activity_id, course.issuer)
    answered = sum(1 for m in learners if m.user_id in done)
    waiting = sorted((NonRespondent(m.user_id, m.name, m.email) for m in learners if m.user_id not in done),
                     key=lambda p: (p.name.casefold(), p.user_id))
    return Roll(ResponseRate(True, None, len(learners), answered, _percent(answered, len(learners))), tuple(waiting))


def facilitator_choices(course):
    """[(sub, "name · email")] of the roster's members for linking a facilitator, or None without a roster."""
    members, _problem = members_or_problem(course)
    if members is None:
        return None
    return sorted(((m.user_id, " · ".join(p for p in (m.name or m.user_id, m.email) if p)) for m in members),
                  key=lambda pair: pair[1].casefold())


@dataclass
class Reminded:
    mailed: list = field(default_factory=list)  # NonRespondent
    texts: list = field(default_factory=list)  # (NonRespondent, subject, body): to copy
    failures: list = field(default_factory=list)  # (NonRespondent, the mail server's reason)


def send_reminders(form, activity, course, chosen, user):
    """Remind the chosen learners (``sub`` values) among those who have not answered. FeedbackRefused when the form is
    anonymous or nobody chosen is still waiting."""
    if form.anonymous:
        raise FeedbackRefused("not_named")
    waiting = {p.user_id: p for p in roll(form, course).waiting}
    people = [waiting[sub] for sub in dict.fromkeys(str(c) for c in chosen) if sub in waiting]
    if not people:
        raise FeedbackRefused("nobody_chosen")
    result, can_mail = Reminded(), mail_configured()
    for person in people:
        subject, body = reminder(person.name, activity.title, course.title or course.label, form.close_at)
        if can_mail and person.email:
            try:
                send_mail(person.email, subject, body)
                result.mailed.append(person)
                continue
            except MailError as exc:
                result.failures.append((person, str(exc)))
        result.texts.append((person, subject, body))
    audit.record(form.activity_id, user, "reminders_sent", mailed=len(result.mailed), texts=len(result.texts))
    db.session.commit()
    return result
