"""Data for the module benchmarks (issue 13): an app with a migrated database and one big review round, made
directly with the models (``tests/report_support.py``, ``make_big_round``), for any page benchmark to reuse.

    app, folder = make_app()                 # SQLite in a temporary folder, or DATABASE_URL (an EMPTY database)
    with app.app_context():
        big = build_big_round(app)           # {"client", "teacher", "activity_id", "round": 1, "reviewer_tokens"}

The round: version 1 of a module of 50 sections (~20,000 words, ``modules_support.module_markdown``), 30
reviewers in 3 groups (10 each, all submitted, scores spread over 1–4), 500 comments anchored on quotes of the
version (``anchors_on``), a fifth of them blocking, every one answered (addressed in version 2 or declined with a
reason) and every tenth with a reply; the round decided (approved against the rule, with a reason).
"""
import os
import tempfile

from fakeplatform import FakePlatform
from lti_flow import ToolBrowser
from report_support import make_big_round
from support import custom_activity, https_client, register

from lti_tool import create_app
from lti_tool.activities.services import create_activity
from lti_tool.extensions import db
from lti_tool.lti.models import Course, LtiUser
from lti_tool.modules.services.setup import module_for

INDONESIAN = {"https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {"locale": "id"}}


def make_app():
    """The app on SQLite in a new temporary folder, or on DATABASE_URL (which must be an empty database)."""
    folder = tempfile.mkdtemp(prefix="latih-bench-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
    app = create_app({"LATIH_ENV": "testing", "DATABASE_URL": url, "SECRET_KEY": "bench" * 8,
                      "LATIH_INSTANCE_PATH": folder, "LATIH_DELIVER_AFTER_REQUEST": False})
    return app, folder


def build_big_round(app, sections=50, words=20_000, reviewers=30, comments=500, seed=21):
    """The big round described above, in the app's (migrated, empty) database; call inside an app context."""
    from flask_migrate import upgrade

    upgrade()
    fake = FakePlatform(tool_base="https://localhost")
    fake.serve()
    register(fake)
    browser = ToolBrowser(https_client(app), fake)
    browser.open(browser.launch("instructor"))
    activity = create_activity(Course.query.one().id, None, "modules", "Perencanaan pembangunan desa partisipatif")
    module_for(activity)
    response = browser.launch_with("instructor", **custom_activity(activity), **INDONESIAN)
    teacher = response.headers["Location"].split("launch=", 1)[1]
    author = LtiUser.query.order_by(LtiUser.id).first().id
    row = make_big_round(activity, author, sections=sections, words=words, reviewers=reviewers, comments=comments,
                         seed=seed)
    db.session.commit()
    return {"client": browser.client, "teacher": teacher, "activity_id": activity.id, "round": row.number}
