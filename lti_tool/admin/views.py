"""The tool's admin area: sign-in, registrations, deployments and dynamic registration links."""
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..grades.services import failures as grade_failures_list
from ..lti.urls import external_url, tool_urls
from . import auth, services, signin, throttle
from .forms import ActionForm, ConfirmRemoveForm, EditRegistrationForm, LoginForm, RegistrationForm

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.record_once(lambda state: throttle.init_app(state.app))  # the sign-in counters (Redis or the database)


@bp.context_processor
def _action_form():
    return {"action_form": ActionForm()}  # the CSRF token of every plain POST button


@bp.after_request
def _no_store(response):
    # Registration links and settings must not linger in shared caches or the browser's history.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    next_url = auth.safe_next(request.args.get("next"))
    error, status, headers = None, 200, {}
    if form.validate_on_submit():
        env_admin = (current_app.config.get("LATIH_ADMIN_USERNAME"), current_app.config.get("LATIH_ADMIN_PASSWORD"))
        outcome = signin.authenticate(form.username.data, form.password.data, request.remote_addr, env_admin)
        if outcome.user_id is not None:
            auth.log_in(outcome.user_id)
            return redirect(next_url or url_for(".index"))
        if outcome.unavailable:
            error, status = _("Signing in is not possible right now. Try again in a minute."), 503
            headers["Retry-After"] = "60"
        elif outcome.retry_after:
            error, status = _wait_message(outcome.retry_after), 429
            headers["Retry-After"] = str(outcome.retry_after)
        else:
            error, status = _("The username or password is wrong."), 401
    return render_template("admin/login.html", form=form, next_url=next_url, error=error), status, headers


def _wait_message(seconds):
    if seconds < 120:
        return ngettext("Too many failed sign-ins. Try again in %(num)d second.",
                        "Too many failed sign-ins. Try again in %(num)d seconds.", seconds)
    minutes = -(-seconds // 60)
    return ngettext("Too many failed sign-ins. Try again in %(num)d minute.",
                    "Too many failed sign-ins. Try again in %(num)d minutes.", minutes)


@bp.post("/logout")
def logout():
    auth.log_out()  # CSRFProtect has checked the form's token already
    flash(_("You are signed out."), "info")
    return redirect(url_for(".login"))


@bp.get("/")
@auth.login_required
def index():
    return render_template("admin/index.html", data=services.overview(), urls=tool_urls())


@bp.get("/grades/failures")
@auth.login_required
def grade_failures():
    """Scores Moodle refused or that wait for another try, across courses."""
    return render_template("grades/admin_failures.html", scores=grade_failures_list())


@bp.route("/registrations/new", methods=["GET", "POST"])
@auth.login_required
def add_registration():
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            platform = services.create_registration(form.fields_dict(), form.deployment_ids.data)
        except services.DuplicateRegistration:
            form.client_id.errors.append(_duplicate_message())
        else:
            flash(_("The registration %(name)s is saved.", name=platform.name), "success")
            return redirect(url_for(".index"))
    return render_template("admin/registration_form.html", form=form, platform=None)


@bp.route("/registrations/<id:platform_id>/edit", methods=["GET", "POST"])
@auth.login_required
def edit_registration(platform_id):
    platform = services.get_registration(platform_id) or abort(404)
    form = EditRegistrationForm(obj=platform)
    if form.validate_on_submit():
        try:
            services.update_registration(platform_id, form.fields_dict(), form.deployment_ids.data)
        except services.DuplicateRegistration:
            form.client_id.errors.append(_duplicate_message())
        else:
            flash(_("The registration %(name)s is saved.", name=platform.name), "success")
            return redirect(url_for(".index"))
    return render_template("admin/registration_form.html", form=form, platform=platform)


def _duplicate_message():
    return _("Another registration already has this platform ID and client ID. Edit that one instead.")


@bp.post("/registrations/<id:platform_id>/<any(activate, deactivate):change>")
@auth.login_required
def set_active(platform_id, change):
    platform = services.set_registration_active(platform_id, change == "activate") or abort(404)
    if platform.active:
        flash(_("The registration %(name)s is active: launches from it are accepted.", name=platform.name), "success")
    else:
        flash(_("The registration %(name)s is inactive: launches from it are refused.", name=platform.name), "info")
    return redirect(url_for(".index"))


@bp.post("/deployments/<id:deployment_pk>/approve")
@auth.login_required
def approve_deployment(deployment_pk):
    deployment = services.approve_deployment(deployment_pk) or abort(404)
    flash(_("The deployment ID %(id)s is approved: launches from it are accepted.", id=deployment.deployment_id),
          "success")
    return redirect(url_for(".index"))


@bp.route("/deployments/<id:deployment_pk>/remove", methods=["GET", "POST"])
@auth.login_required
def remove_deployment(deployment_pk):
    deployment = services.get_deployment(deployment_pk) or abort(404)
    form = ConfirmRemoveForm()
    # The overview's Remove button only opens this page; the ticked box on this page removes.
    if form.confirming.data and form.validate_on_submit():
        dep_id, name = services.remove_deployment(deployment_pk) or abort(404)
        flash(_("The deployment ID %(id)s of %(name)s is removed.", id=dep_id, name=name), "success")
        return redirect(url_for(".index"))
    return render_template("admin/confirm_remove.html", form=form, deployment=deployment)


@bp.post("/registration-link")
@auth.login_required
def registration_link():
    minutes = current_app.config["LATIH_REGISTRATION_TOKEN_MINUTES"]
    raw = services.new_registration_token(minutes, created_by=g.admin.username)
    url = external_url("dynreg.register_tool", reg=raw)
    return render_template("admin/registration_link.html", url=url, minutes=minutes)
