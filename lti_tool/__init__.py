"""Latih: an LTI 1.3 tool for civil-servant training in Moodle."""
import os

from flask import Flask

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def create_app(test_config=None):
    import config

    from . import cli, dbpool, errors, formats, i18n, ids, logmask, security, state, wrappers
    from .activities import completion as _completion  # noqa: F401  (table for Alembic)
    from .activities import models as _activity_models  # noqa: F401
    from .activities.kinds import load_kinds
    from .activities.views import bp as activities_bp
    from .admin import models as _admin_models  # noqa: F401  (tables for Alembic)
    from .admin.views import bp as admin_bp
    from .certificates import init_app as init_certificates
    from .extensions import csrf, db, migrate
    from .grades import models as _grade_models  # noqa: F401
    from .grades.views import bp as grades_bp
    from .health import bp as health_bp
    from .home.views import bp as home_bp
    from .lti import models as _lti_models  # noqa: F401
    from .lti.dynreg_views import bp as dynreg_bp
    from .lti.views import bp as lti_bp
    from .record import init_app as init_record
    from .revisions import init_app as init_revisions

    app = Flask(
        __name__,
        instance_path=os.environ.get("LATIH_INSTANCE_PATH") or os.path.join(ROOT, "instance"),
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(ROOT, "static"),
    )
    logmask.install()  # no secret in any log line of this process (access logs included)
    config.load(app, test_config)
    wrappers.init_app(app)  # text from the browser without NUL characters
    ids.init_app(app)  # before any blueprint's routes use <id:…>
    os.makedirs(app.instance_path, exist_ok=True)
    security.init_app(app)

    db.init_app(app)
    dbpool.init_app(app, db)  # a connection idle a while is pinged before use
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"))
    csrf.init_app(app)
    i18n.init_app(app)
    formats.init_app(app)
    state.init_app(app)
    errors.init_app(app)  # error pages in the layout and the reader's language

    for bp in (health_bp, lti_bp, dynreg_bp, home_bp, activities_bp, grades_bp, admin_bp):
        app.register_blueprint(bp)
    init_revisions(app)  # revision requests: a finding of one activity answered in a version of another
    init_record(app)  # the learning record: JP credited on the completion event
    init_certificates(app)  # certificates (sertifikat / STTP): issued on the last required completion
    load_kinds(app)  # the kinds of activity named in LATIH_KINDS, each from its own package
    cli.init_app(app)
    return app
