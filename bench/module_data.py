"""Data for the module benchmarks (issue 13): an app with a migrated database and one big review round, made
directly with the models (``tests/report_support.py``), for any page benchmark to reuse.

    app, folder = make_app()                 # SQLite in a temporary folder, or DATABASE_URL (an EMPTY database)
    with app.app_context():
        big = build_big_round(app)           # {"client", "teacher", "activity_id", "round": 1, "reviewer_tokens"}

The round: version 1 of a module of 50 sections (~20,000 words, ``modules_support.module_markdown``), 30
reviewers in 3 groups (10 each, all submitted, scores spread over 1–4), 500 comments anchored on quotes of the
version (``anchors_on``), a fifth of them blocking, every one answered (addressed in version 2 or declined with a
reason) and every tenth with a reply; the round decided (approved against the rule, with a reason).
"""
import os
import random
import tempfile

from fakeplatform import FakePlatform
from lti_flow import ToolBrowser
from modules_support import anchors_on, module_markdown
from report_support import make_comment, make_reviewer, make_round
from support import custom_activity, https_client, register

from lti_tool import create_app
from lti_tool.activities.services import create_activity
from lti_tool.extensions import db
from lti_tool.lti.models import Course, LtiUser
from lti_tool.modules.domain.sections import split_sections
from lti_tool.modules.models import ModuleVersion
from lti_tool.modules.services.setup import module_for
from lti_tool.modules.services.versions import sections_json

INDONESIAN = {"https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {"locale": "id"}}
GROUPS = ("pemda", "masyarakat", "perguruan_tinggi")


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
    markdown = module_markdown(sections=sections, words=words)
    split = split_sections(markdown)
    version = ModuleVersion(module_id=activity.id, number=1, markdown=markdown, sections=sections_json(split),
                            word_count=len(markdown.split()), created_by=author)
    db.session.add(version)
    db.session.flush()
    row = make_round(activity, version, state="decided", outcome="approved", against_rule=True,
                     reason="Disetujui rapat tim kurikulum", decided_by=author)
    rng = random.Random(seed)
    people = [make_reviewer(row, f"Peninjau {n + 1}", GROUPS[n % len(GROUPS)],
                            {c: rng.choice((2, 3, 3, 4)) for c in ("relevance", "accuracy", "clarity", "usability",
                                                                   "culture")},
                            rng.choice(("approve", "approve_with_changes", "reject")),
                            institution=f"Instansi {n % 7 + 1}") for n in range(reviewers)]
    for n, anchor in enumerate(anchors_on(split, comments)):
        status = "addressed" if n % 3 else "declined"
        comment = make_comment(row, people[n % len(people)], anchor.section_id,
                               f"Komentar {n + 1}: " + " ".join(rng.choice(markdown.split()) for _ in range(25)),
                               quote=anchor.exact, blocking=n % 5 == 0, status=status,
                               answered_in=2 if status == "addressed" else None,
                               answer="Sudah diperbaiki di versi 2" if status == "addressed" else
                               "Tidak sesuai kurikulum nasional", user_id=author)
        if n % 10 == 0:
            make_comment(row, None, anchor.section_id, "Terima kasih, sudah kami ubah.", parent=comment,
                         user_id=author)
    db.session.commit()
    return {"client": browser.client, "teacher": teacher, "activity_id": activity.id, "round": row.number}
