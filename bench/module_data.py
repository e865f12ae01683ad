"""Data for the module benchmarks (issue 13): an app with a migrated database and one big review round, made
directly with the models (``tests/report_support.py``, ``make_big_round``), for any page benchmark to reuse.

    app, folder = make_app()                 # SQLite in a temporary folder, or DATABASE_URL (an EMPTY database)
    with app.app_context():
        big = build_big_round(app)           # {"client", "teacher", "activity_id", "round": 1, "versions": (1, 2),
                                             #  "open_round": 2, "reviewer_token", "reviewer_id"}

Round 1: version 1 of a module of 50 sections (~20,000 words, ``modules_support.module_markdown``), 30
reviewers in 3 groups (10 each, all submitted, scores spread over 1–4), 500 comments anchored on quotes of the
version (``anchors_on``), a fifth of them blocking, every one answered (addressed in version 2 or declined with a
reason) and every tenth with a reply; the round decided (approved against the rule, with a reason).

Version 2 (``modules_support.revise``: about 10% of the sections edited, one renamed, moved, removed and added):
the diff page between versions 1 and 2 places round 1's 500 comments on it. Round 2, open on version 2 until a
week from now, reviewers may see each other's comments (``show_comments``, names shown): the same 30 people asked
again (``previous_id``: the reviewer's page lists the author's answers to their comments of round 1), none
submitted yet, each confirmed; 500 open comments anchored on version 2, every tenth with a reply (the author's or
another reviewer's). ``reviewer_token`` is the personal link of round 2's first reviewer (``reviewer_id``), whose
page shows the 500 threads.
"""
import os
import random
import tempfile
from datetime import timedelta

from fakeplatform import FakePlatform
from lti_flow import ToolBrowser
from modules_support import anchors_on, revise
from report_support import make_big_round, make_comment, make_reviewer, make_round
from support import custom_activity, https_client, register

from lti_tool import create_app
from lti_tool.activities.services import create_activity
from lti_tool.clock import utcnow
from lti_tool.extensions import db
from lti_tool.lti.models import Course, LtiUser
from lti_tool.modules.domain.sections import split_sections, to_markdown
from lti_tool.modules.models import ModuleReviewer, ModuleVersion
from lti_tool.modules.services.review_data import new_token
from lti_tool.modules.services.setup import module_for
from lti_tool.modules.services.versions import sections_json

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
    # token.php checks the tool's assertion with its keyset: the course roster (NRPS, on the round page's reviewers
    # panel) is then read once and cached, as with a real Moodle, instead of failing on every request
    fake.tool_jwks_fetcher = lambda: app.test_client().get("/lti/jwks").get_json()
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
    people = ModuleReviewer.query.filter_by(round_id=row.id).order_by(ModuleReviewer.id).all()
    split = split_sections(db.session.get(ModuleVersion, row.version_id).markdown)
    token, reviewer_id = _second_round(activity, people, author, revise(split), comments, random.Random(seed + 1))
    db.session.commit()
    return {"client": browser.client, "teacher": teacher, "activity_id": activity.id, "round": row.number,
            "versions": (1, 2), "open_round": 2, "reviewer_token": token, "reviewer_id": reviewer_id}


def _version(activity, number, markdown, author):
    split = split_sections(markdown)
    version = ModuleVersion(module_id=activity.id, number=number, markdown=markdown, sections=sections_json(split),
                            word_count=len(markdown.split()), created_by=author)
    db.session.add(version)
    db.session.flush()
    return version


def _second_round(activity, before, author, sections, comments, rng):
    """Version 2 and round 2 (open) on it, described above; ``(token, reviewer id)`` of its first reviewer."""
    version = _version(activity, 2, to_markdown(sections), author)
    split = split_sections(version.markdown)
    row = make_round(activity, version, number=2, state="open", show_comments=True, created_by=author)
    row.deadline = utcnow() + timedelta(days=7)
    people = []
    for person in before:
        again = make_reviewer(row, person.name, person.group, submitted=False, institution=person.institution)
        again.previous_id, again.invited_by, again.confirmed_at = person.id, author, row.opened_at
        people.append(again)
    token, people[0].token_hash = new_token()
    words = version.markdown.split()
    for n, anchor in enumerate(anchors_on(split, comments, seed=16)):
        comment = make_comment(row, people[n % len(people)], anchor.section_id,
                               f"Catatan {n + 1}: " + " ".join(rng.choice(words) for _ in range(20)),
                               quote=anchor.exact, blocking=n % 7 == 0)
        if n % 10 == 0:  # a reply: every other one the author's, else the next reviewer's
            by_author = n % 20 == 0
            make_comment(row, None if by_author else people[(n + 1) % len(people)], anchor.section_id,
                         "Setuju, bagian ini perlu contoh dari lapangan.", parent=comment,
                         user_id=author if by_author else None)
    db.session.flush()
    return token, people[0].id
