"""Certificates (*sertifikat / STTP*, issue 15): a core part, fed by the completion event like the learning record.

- ``models``: a course's rules (setting, required activities), the certificates (a snapshot of the printed fields),
  the numbering's counters. ``issuing``: the number and the row in one locked transaction. ``numbering``: the
  configurable scheme. ``fields``: masking, dates, placeholders. ``template`` + ``pdf``: the PDF from a template
  kept as data. ``bundle``: a course's certificates as one streamed ZIP.
- ``services``: automatic issue on ``activity_completed`` (the last required activity), by hand, revocation,
  reissue; ``certificate_numbers_for`` for the record's exports.
- ``views``: the staff's page of a course (in the iframe); ``public``: the learner's download and the public
  verification page ``/verify/<code>`` (standalone, rate-limited, noindex); ``admin_views``: the tool's admin
  finds a certificate by number or code and revokes it.

Settings (read from the environment too): ``LATIH_CERT_NUMBER_FORMAT``, ``LATIH_CERT_TEMPLATE``,
``LATIH_CERT_INSTITUTION``, ``LATIH_CERT_RESULT``, ``LATIH_VERIFY_PAGE_LIMIT``. Never imports a kind.
"""
import json
import os

DEFAULTS = {
    "LATIH_CERT_NUMBER_FORMAT": "{seq:04d}/PLT-PLJ/{year}",
    "LATIH_CERT_TEMPLATE": "",  # a JSON file; empty: lti_tool/certificates/default_template.json
    "LATIH_CERT_INSTITUTION": "",  # the institution a new course's certificate names at first
    "LATIH_CERT_RESULT": "",  # the result's wording a new course's certificate proposes (e.g. "Memuaskan")
    "LATIH_VERIFY_PAGE_LIMIT": 60,  # requests per minute from one address to /verify/…; 0: off
}


def configure(app):
    """Defaults, the environment, then the checks: a bad numbering scheme or template refuses to start."""
    from config import ConfigError

    from . import numbering, template

    for name, default in DEFAULTS.items():
        raw = os.environ.get(name, "")
        if name not in app.config and raw != "":
            app.config[name] = int(raw) if isinstance(default, int) else raw
        app.config.setdefault(name, default)
    scheme = app.config["LATIH_CERT_NUMBER_FORMAT"]
    if isinstance(scheme, str) and scheme.lstrip().startswith("{\""):
        try:
            scheme = app.config["LATIH_CERT_NUMBER_FORMAT"] = json.loads(scheme)  # {institution: scheme}
        except ValueError as exc:
            raise ConfigError(f"LATIH_CERT_NUMBER_FORMAT: not JSON ({exc})") from exc
    try:
        numbering.check(scheme)
    except numbering.NumberFormatError as exc:
        raise ConfigError(f"LATIH_CERT_NUMBER_FORMAT={scheme!r}: {exc}; e.g. {numbering.DEFAULT_FORMAT}") from exc
    try:
        app.extensions["latih_cert_template"] = template.load(app.config["LATIH_CERT_TEMPLATE"] or None)
    except template.TemplateError as exc:
        raise ConfigError(f"LATIH_CERT_TEMPLATE: {exc}") from exc


def init_app(app):
    from ..activities.completion import activity_completed
    from . import admin_views, public, services, views
    from . import models as _models  # noqa: F401  (tables for Alembic)

    configure(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(public.verify_bp)
    app.register_blueprint(admin_views.bp)
    activity_completed.connect(services.on_completed)  # a module function: a strong reference, connected once
    app.add_template_global(services.certificates_of, "certificates_of")
