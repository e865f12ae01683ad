"""Forms of the admin area. Every one is a FlaskForm, so every POST carries a CSRF token."""
import re
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from .services import REGISTRATION_FIELDS


# WTForms has no Indonesian messages of its own: every validator gets its text from the tool's catalogue.
def _required():
    return DataRequired(_l("This field is required."))


def _at_most(n):
    return Length(max=n, message=_l("At most %(max)d characters.", max=n))


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def http_url(form, field):
    """An absolute http(s) URL with a host, and nothing that could hide another one."""
    if not field.data:
        return
    parts = urlsplit(field.data)
    if parts.scheme not in ("http", "https") or not parts.hostname or re.search(r"\s", field.data):
        raise ValidationError(_l("Enter a full web address that starts with https:// (or http://)."))


def split_ids(text):
    """Deployment ids from text: one per line or separated by commas, blanks and repeats dropped."""
    seen = []
    for part in re.split(r"[,\n\r]+", text or ""):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen


class DeploymentIdsField(TextAreaField):
    """A text area whose data is a list of deployment ids."""

    def process_formdata(self, valuelist):
        self.data = split_ids(valuelist[0]) if valuelist else []

    def _value(self):
        return "\n".join(self.data or [])


def ids_fit(form, field):
    if any(len(dep_id) > 255 for dep_id in field.data or []):
        raise ValidationError(_l("Each deployment ID can have at most 255 characters."))


def at_least_one_id(form, field):
    if not field.data:
        raise ValidationError(_l("Enter at least one deployment ID."))


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), filters=[_strip], validators=[_required(), _at_most(100)])
    password = PasswordField(_l("Password"), validators=[_required(), _at_most(500)])


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token is sent."""


class ConfirmRemoveForm(FlaskForm):
    confirming = HiddenField()  # empty when the Remove button on the overview opened the confirmation
    confirm = BooleanField(
        _l("Yes, remove this deployment ID. Launches from it will be refused until it is added again."),
        validators=[DataRequired(_l("Tick the box to confirm the removal."))],
    )


class RegistrationForm(FlaskForm):
    name = StringField(_l("Name"), filters=[_strip], validators=[_required(), _at_most(200)],
                       description=_l("A name you recognise, for example the LMS and its institution."))
    issuer = StringField(_l("Platform ID (issuer)"), filters=[_strip],
                         validators=[_required(), _at_most(500), http_url],
                         description=_l("In Moodle this is the site address, for example https://lms.example.go.id."))
    client_id = StringField(_l("Client ID"), filters=[_strip], validators=[_required(), _at_most(255)])
    auth_login_url = StringField(_l("Authentication request URL"), filters=[_strip],
                                 validators=[_required(), _at_most(1000), http_url],
                                 description=_l("The platform's OIDC authorisation endpoint."))
    auth_token_url = StringField(_l("Access token URL"), filters=[_strip],
                                 validators=[_required(), _at_most(1000), http_url])
    auth_audience = StringField(_l("Access token audience (optional)"), filters=[_strip],
                                validators=[Optional(), _at_most(1000)],
                                description=_l("Leave this empty unless the platform asks for a different audience."))
    key_set_url = StringField(_l("Public keyset URL"), filters=[_strip],
                              validators=[_required(), _at_most(1000), http_url])
    deployment_ids = DeploymentIdsField(_l("Deployment IDs"), validators=[at_least_one_id, ids_fit],
                                        description=_l("One per line, or separated by commas."))
    active = BooleanField(_l("Active: launches from this platform are accepted."), default=True)

    def fields_dict(self):
        """The registration's columns as plain values, for the service."""
        values = {name: getattr(self, name).data for name in REGISTRATION_FIELDS}
        values["auth_audience"] = values["auth_audience"] or None
        values["active"] = bool(values["active"])
        return values


class EditRegistrationForm(RegistrationForm):
    deployment_ids = DeploymentIdsField(_l("Add deployment IDs (optional)"), validators=[ids_fit],
                                        description=_l("One per line, or separated by commas. To remove a "
                                                       "deployment ID, use Remove on the overview page."))
