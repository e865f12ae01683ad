"""The report of a feedback form (routes on the ``feedback`` blueprint of ``pages``): ``feedback.report`` (the page),
``feedback.remind`` (reminders to those who have not answered, named forms) and ``feedback.save_report_settings``
(minimum group size, index target; from the Settings page).

**Who sees what.** The course's staff (Moodle's *Teacher* and *Manager* launch as Instructor; a site administrator as
Administrator) see every item and every facilitator. A **facilitator** (widyaiswara) is given Moodle's
*Non-editing teacher* role in the course: Moodle launches it as a *Learner* (it lacks ``mod/lti:manage``), and the
instructor links that account to the facilitator's name in the form's list of facilitators (Settings, picked from
the roster). Such a launch opens the report with the rows about that facilitator only (the learner's page shows them
the link); any other learner is refused (403). Linked accounts are left out of the learners counted for the rate.
"""
from flask import flash, g, request, url_for
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..extensions import db
from ..lti.refusal import Refused
from ..mail import mail_configured
from . import report_labels as texts
from .pages import bp, current_form, go, page
from .services import FeedbackRefused
from .services.report import Viewer, form_report
from .services.report_charts import chart_json
from .services.report_people import persons_of_user, send_reminders
from .services.report_settings import update_report_settings
from .services.run_revisions import run_requests
from .services.tags import item_tag_counts


def _viewer(form):
    if g.launch.is_staff:
        return Viewer(True)
    persons = persons_of_user(form, g.launch.user.sub)
    if not persons:
        raise Refused("forbidden")
    return Viewer(False, persons)


def facilitator_link():
    """The report's URL for a facilitator's launch (the learner's page shows it), else None."""
    launch, activity = getattr(g, "launch", None), getattr(g, "activity", None)
    if launch is None or activity is None or launch.is_staff or activity.kind != "feedback":
        return None
    if not persons_of_user(current_form(), launch.user.sub):
        return None
    return url_for("feedback.report", launch=launch.token)


def _report_page(form, status=200, reminded=None):
    report = form_report(form, g.activity, g.launch.course, _viewer(form))
    overall = _("All facilitators")
    charts = {item.id: chart_json(item, overall if item.type == "person_rating" else _("All answers"))
              for item in report.items}
    staff = g.launch.is_staff
    changes = run_requests(form, g.launch.course.issuer) if staff else []
    tags = item_tag_counts(form) if staff and not report.withheld else {}
    return page("feedback/report.html", form, status=status, report=report, charts=charts, texts=texts,
                reminded=reminded, can_mail=mail_configured(), changes=changes, tags=tags)


@bp.get("/report")
@requires_activity("feedback")
def report():
    return _report_page(current_form())


@bp.post("/report/remind")
@requires_activity("feedback", staff=True)
def remind():
    form = current_form()
    try:
        reminded = send_reminders(form, g.activity, g.launch.course, request.form.getlist("learner"), g.launch.user)
    except FeedbackRefused as exc:
        db.session.rollback()
        flash(texts.report_refusal(exc.code, exc.params), "error")
        return go("feedback.report", _anchor="non-respondents")
    if reminded.mailed:
        flash(_("%(n)s reminder(s) sent by email.", n=len(reminded.mailed)), "success")
    return _report_page(form, reminded=reminded)


@bp.post("/report/settings")
@requires_activity("feedback", staff=True)
def save_report_settings():
    form = current_form()
    try:
        update_report_settings(form, request.form, g.launch.user)
    except FeedbackRefused as exc:
        db.session.rollback()
        flash(texts.report_refusal(exc.code, exc.params), "error")
        return go("feedback.settings", _anchor="report-settings")
    flash(_("The report settings are saved."), "success")
    return go("feedback.settings", _anchor="report-settings")
