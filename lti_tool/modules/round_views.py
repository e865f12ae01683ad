"""The author's review rounds: the list with the "new round" form, and one round's page (setup, open/close/extend,
who has reviewed, scores, the approval rule, comments with answers and replies, the decision, publishing) — routes
on the ``modules`` blueprint of ``pages``.

Round numbers come from the URL and are looked up within the launch's module (else 404); comment ids come from
forms and must belong to the round of the URL (else refused)."""
from flask import abort, current_app, flash, g, request
from flask_babel import gettext as _

from ..activities.access import requires_activity
from ..clock import to_local, utcnow, zone_abbreviation
from ..extensions import db
from ..ids import record_id
from . import labels
from .pages import bp, current_module, go, page, review_link
from .services import ModuleRefused, invitations, rounds, versions
from .services.review_data import round_numbered, rounds_of
from .services.revision_answers import panel
from .services.round_overview import overview, round_counts
from .services.setup import settings_of


def _refuse(exc, module):
    db.session.rollback()
    flash(labels.round_refusal(exc.code, exc.params, settings_of(module)), "error")


def _round_or_404(module, number):
    row = round_numbered(module, number)
    if row is None:
        abort(404)
    return row


def _setup_fields(form):
    groups = form.getlist("groups")
    return dict(groups=groups, criteria_by_group={gid: form.getlist(f"criteria-{gid}") for gid in groups},
                deadline=rounds.deadline_from(form.get("deadline_date"), form.get("deadline_time")),
                show_comments=form.get("show_comments") == "1", hide_identities=form.get("hide_identities") == "1")


def _local_parts(moment):
    """A stored deadline as the form's date and time fields, in the configured zone."""
    if moment is None:
        return "", ""
    local = to_local(moment)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M")


@bp.get("/rounds")
@requires_activity("modules", staff=True)
def rounds_page():
    module = current_module()
    return page("modules/rounds.html", module, rounds=rounds_of(module), counts=round_counts(module),
                versions=versions.versions_of(module), labels=labels, zone=zone_abbreviation(),
                all_criteria={grp["id"]: [c["id"] for c in settings_of(module).criteria]
                              for grp in settings_of(module).groups},
                revision_panel=panel(module))


@bp.post("/rounds")
@requires_activity("modules", staff=True)
def new_round():
    module = current_module()
    try:
        number = record_id(request.form.get("version"))
        if number is None:
            raise ModuleRefused("version_unknown", number=(request.form.get("version") or "")[:12])
        row = rounds.create_round(module, g.launch.user, number, **_setup_fields(request.form))
    except ModuleRefused as exc:
        _refuse(exc, module)
        return go("modules.rounds_page")
    flash(_("Review round %(n)s is prepared. Invite the reviewers, then open it.", n=row.number), "success")
    return go("modules.round_page", number=row.number)


def _round_page(module, row, letters=()):
    data = overview(row, settings_of(module))
    deadline_date, deadline_time = _local_parts(row.deadline)
    return page("modules/round.html", module, round=row, data=data, labels=labels, letters=list(letters),
                zone=zone_abbreviation(), current_time=utcnow(),
                status_names={k: str(v) for k, v in labels.COMMENT_STATUS_LABELS.items()},
                deadline_date=deadline_date, deadline_time=deadline_time,
                later_versions=[v for v in versions.versions_of(module) if v.number > row.version.number],
                unmet=[labels.unmet_text(p, settings_of(module)) for p in data.decision.unmet])


@bp.get("/rounds/<id:number>")
@requires_activity("modules", staff=True)
def round_page(number):
    module = current_module()
    return _round_page(module, _round_or_404(module, number))


def _act(number, step, done):
    """POST on round ``number``: ``step(module, row)`` (a service), then a message and back to the round."""
    module = current_module()
    row = _round_or_404(module, number)
    try:
        step(module, row)
    except ModuleRefused as exc:
        _refuse(exc, module)
    else:
        flash(done, "success")
    return go("modules.round_page", number=row.number)


@bp.post("/rounds/<id:number>/setup")
@requires_activity("modules", staff=True)
def round_setup(number):
    return _act(number, lambda m, r: rounds.update_round(m, g.launch.user, r, **_setup_fields(request.form)),
                _("The round's setup is saved."))


@bp.post("/rounds/<id:number>/open")
@requires_activity("modules", staff=True)
def open_round(number):
    return _act(number, lambda m, r: rounds.open_round(m, g.launch.user, r),
                _("The round is open: reviewers can review until the deadline."))


@bp.post("/rounds/<id:number>/close")
@requires_activity("modules", staff=True)
def close_round(number):
    return _act(number, lambda m, r: rounds.close_round(m, g.launch.user, r),
                _("The round is closed: reviews can no longer change."))


def _extend(m, r):
    deadline = rounds.deadline_from(request.form.get("deadline_date"), request.form.get("deadline_time"))
    if deadline is None:
        raise ModuleRefused("deadline_invalid")
    rounds.extend_deadline(m, g.launch.user, r, deadline)


@bp.post("/rounds/<id:number>/extend")
@requires_activity("modules", staff=True)
def extend_round(number):
    return _act(number, _extend, _("The deadline is extended: the round is open."))


@bp.post("/rounds/<id:number>/decide")
@requires_activity("modules", staff=True)
def decide_round(number):
    return _act(number, lambda m, r: rounds.decide(m, g.launch.user, r, request.form.get("outcome", ""),
                                                   request.form.get("reason")),
                _("The round is decided."))


def _comment_id():
    comment_id = record_id(request.form.get("comment"))
    if comment_id is None:
        raise ModuleRefused("comment_unknown")
    return comment_id


@bp.post("/rounds/<id:number>/answer")
@requires_activity("modules", staff=True)
def answer_comment(number):
    return _act(number, lambda m, r: rounds.answer_comment(
        m, g.launch.user, _comment_id(), request.form.get("status", ""), request.form.get("answer"),
        record_id(request.form.get("version")), row=r), _("The answer is saved."))


@bp.post("/rounds/<id:number>/reply")
@requires_activity("modules", staff=True)
def reply_comment(number):
    return _act(number, lambda m, r: rounds.reply(m, g.launch.user, _comment_id(), request.form.get("body"), row=r),
                _("The reply is posted."))


@bp.post("/rounds/<id:number>/next")
@requires_activity("modules", staff=True)
def next_round(number):
    """The next round; its reviewers' new links are shown on this answer only (they are not stored)."""
    module = current_module()
    previous = _round_or_404(module, number)
    try:
        version = record_id(request.form.get("version"))
        if version is None:
            raise ModuleRefused("version_unknown", number=(request.form.get("version") or "")[:12])
        row, links = rounds.next_round(module, g.launch.user, previous, version,
                                       request.form.get("only_blocking") == "1")
    except ModuleRefused as exc:
        _refuse(exc, module)
        return go("modules.round_page", number=previous.number)
    flash(_("Review round %(n)s is prepared with %(k)s reviewers asked again.", n=row.number, k=len(links)),
          "success")
    # Each reviewer asked again gets the new link like a first invitation: by email when it is set up, and always
    # as the text to copy, on this answer only (only the links' hashes are stored).
    letters = [(invitations.send_invitation(reviewer, review_link(token), g.launch.user), review_link(token))
               for reviewer, token in links]
    response = current_app.make_response(_round_page(module, row, letters=letters))
    response.headers["Cache-Control"] = "no-store"
    return response
