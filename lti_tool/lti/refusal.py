"""Why a login or launch was refused: a code for logs and tests, and text for the person in front of it."""
import sys

from flask_babel import lazy_gettext as _l

from ..outages import outage_in

# code -> (what failed, what the admin should check). Details (issuer, client id...) are filled in by ``params``.
REASONS = {
    "platform": (
        _l("This platform is not registered with the tool (issuer %(issuer)s, client %(client_id)s)."),
        _l("Register the platform in the tool's admin area, or check that it is active."),
    ),
    "login": (
        _l("The login request from the platform is incomplete: %(detail)s."),
        _l("Check the tool's login URL in the platform's settings."),
    ),
    "session": (
        _l("This launch could not be matched to your browser."),
        _l("Cookies may be blocked for this site. Start the activity again from the course page."),
    ),
    "state": (
        _l("This launch could not be matched to your browser (state not found)."),
        _l("Start the activity again from the course page. If it keeps happening, the tool must be served over HTTPS."),
    ),
    "format": (
        _l("The launch message is not a valid token."),
        _l("Check that the platform is an LTI 1.3 platform and the redirection URL is the tool's launch URL."),
    ),
    "nonce": (
        _l("This launch was already used or has expired."),
        _l("Start the activity again from the course page."),
    ),
    "signature": (
        _l("The launch signature could not be verified: %(detail)s."),
        _l("Check the platform's public keyset URL in the registration (issuer %(issuer)s)."),
    ),
    "claims": (
        _l("The launch message is not valid: %(detail)s."),
        _l("Check the issuer and client id in the registration and the clocks of both servers."),
    ),
    "deployment": (
        _l("Deployment %(deployment_id)s of this platform is not active yet."),
        _l("An administrator of the tool must approve this deployment (issuer %(issuer)s, client %(client_id)s)."),
    ),
    "message": (
        _l("This kind of launch is not supported: %(detail)s."),
        _l("The tool accepts LTI 1.3.0 resource link and deep linking launches."),
    ),
    "expired": (
        _l("Your session with the tool has ended."),
        _l("Start the activity again from the course page."),
    ),
    "forbidden": (
        _l("You do not have access to this page."),
        _l("This page is for instructors of this course."),
    ),
    "no_role": (
        _l("The platform did not name a role of yours in this course (learner or instructor)."),
        _l("Ask the course's teacher to enrol you. A role in the institution or on the site alone gives no access to a "
           "course's activities."),
    ),
}


class Refused(Exception):
    """A refusal to show the user. Never carries a stack trace or a secret to the page.

    A refusal made while our own database or Redis is failing (raised from, or while handling, such an error: the
    launch code turns every exception of the library into a refusal) is not the platform's fault nor the user's:
    it is made a ``RefusedInOutage``, which the error pages answer with 503 "temporarily unavailable".
    """

    STATUS = {"expired": 401, "forbidden": 403, "no_role": 403}

    def __new__(cls, *args, **params):
        if cls is Refused and outage_in(sys.exc_info()[1]) is not None:
            cls = RefusedInOutage
        return super().__new__(cls)

    def __init__(self, code, **params):
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = {k: ("" if v is None else str(v)) for k, v in params.items()}
        self.status = self.STATUS.get(code, 400)

    def texts(self):
        what, check = REASONS[self.code]
        params = {"issuer": "", "client_id": "", "detail": "", "deployment_id": ""} | self.params
        return str(what) % params, str(check) % params


class RefusedInOutage(Refused):
    """A refusal made while the database or Redis was unreachable (see ``Refused``); answered with 503."""

    @property
    def outage(self):
        return outage_in(self.__cause__ or self.__context__)
