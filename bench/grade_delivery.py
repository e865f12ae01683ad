"""Grade delivery benchmark: the tool's outbox vs. a naive pylti1p3 integration, side by side in one run.

    .venv/bin/python bench/grade_delivery.py [--learners 1000] [--rounds 3]

Both send one score per learner to the same line item of a fake Moodle (tests/fakeplatform.py, served on
127.0.0.1 in this process; tests/ is put on sys.path to import it):

- tool: scores written with ``record_score`` into the outbox, then ``deliver_due(limit=100)`` until nothing
  is due: per batch one claim query (lease), one read, one newest-only query, up to four scores in flight on
  kept-alive HTTP sessions with the token cached per registration + scope set, and one transaction writing the
  results (one UPDATE for the delivered rows);
- baseline: for each learner a fresh pylti1p3 ``ServiceConnector`` (no token cache, fresh HTTP session) and
  ``AssignmentsGradesService.put_grade`` — a new token for every score, as a naive integration does.

The runs alternate ``--rounds`` times; the fake's gradebook and token list are emptied before each run. Only
delivery is timed (not writing the outbox rows). Exits non-zero if any score is missing from the gradebook.
"""
import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests")]

from fakeplatform import FakePlatform  # noqa: E402
from pylti1p3.assignments_grades import AssignmentsGradesService  # noqa: E402
from pylti1p3.grade import Grade  # noqa: E402
from pylti1p3.service_connector import ServiceConnector  # noqa: E402

from lti_tool import create_app  # noqa: E402
from lti_tool.extensions import db  # noqa: E402

ITEM_ID = 6  # a line item of the captured Moodle course


class NoCacheConnector(ServiceConnector):
    """pylti1p3's connector with no token cache: every request asks token.php first."""

    def _get_cached_access_token(self, scope_key):
        return None

    def _cache_access_token(self, scope_key, access_token, expires_in):
        pass


def setup(fake, learners):
    """Registration, course, activity, a link bound to line item 6, and the learners (in the tool and the fake)."""
    from lti_tool.activities.models import Activity
    from lti_tool.lti.models import Course, Deployment, LtiUser, Platform, ResourceLink

    platform = Platform(name="Moodle (bench)", issuer=fake.issuer, client_id=fake.client_id,
                        auth_login_url=fake.issuer + "/mod/lti/auth.php",
                        auth_token_url=fake.issuer + "/mod/lti/token.php",
                        key_set_url=fake.issuer + "/mod/lti/certs.php", active=True)
    platform.deployments.append(Deployment(deployment_id=fake.deployment_id, active=True))
    lineitems = f"{fake.ags.base}/2/lineitems?type_id={fake.deployment_id}"
    course = Course(issuer=fake.issuer, deployment_id=fake.deployment_id, context_id="2", title="Bench",
                    platform=platform, ags_lineitems=lineitems)
    activity = Activity(course=course, kind="practice", title="Bench", score_maximum=100)
    db.session.add_all([platform, course, activity])
    db.session.flush()
    link = ResourceLink(issuer=fake.issuer, resource_link_id="bench", course=course, activity_id=activity.id,
                        ags_lineitem=fake.ags.item_url(ITEM_ID))
    users = [LtiUser(issuer=fake.issuer, sub=m["user_id"], name=m["name"]) for m in fake.ags.add_members(learners)]
    db.session.add_all([link, *users])
    db.session.commit()
    return {"platform": platform, "activity": activity, "link": link, "users": users, "lineitems": lineitems}


def points(n, round_no):
    return (n * 7 + round_no) % 101


def plural(count, noun):
    return f"{count:.10g} {noun}{'s' * (count != 1)}"


def reset_fake(fake):
    for records in (fake.ags.gradebook, fake.ags.scores, fake.access_tokens, fake.token_requests, fake.requests):
        records.clear()


def check(fake, env, round_no, who):
    """Every learner's score is in the gradebook, with the value sent, and every score POST answered 200."""
    expected = {u.sub: points(n, round_no) for n, u in enumerate(env["users"])}
    got = {user: grade["scoreGiven"] for (item, user), grade in fake.ags.gradebook.items() if item == ITEM_ID}
    bad = [s for s in fake.ags.scores if s["status"] != 200]
    if got != expected or bad or len(fake.ags.scores) != len(expected):
        sys.exit(f"{who} round {round_no}: {len(got)}/{len(expected)} scores in the gradebook, "
                 f"{len(fake.ags.scores)} POSTs, {len(bad)} refused (e.g. {bad[:1]})")


def run_tool(fake, env, round_no):
    from lti_tool.grades import delivery, tokens
    from lti_tool.grades.outbox import record_score

    for n, user in enumerate(env["users"]):
        record_score(user=user, activity=env["activity"], link=env["link"], score_given=points(n, round_no),
                     activity_progress="Completed", grading_progress="FullyGraded")
    db.session.commit()
    tokens.clear_local_cache()  # each run starts without a token, like the baseline
    reset_fake(fake)
    delivered, start = 0, time.perf_counter()
    while counts := delivery.deliver_due(limit=100):
        delivered += counts.get("delivered", 0)
    seconds = time.perf_counter() - start
    check(fake, env, round_no, "tool")
    return delivered, seconds, len(fake.access_tokens)


def run_baseline(fake, env, round_no):
    from lti_tool.grades.ags import AGS_SCOPES
    from lti_tool.lti.toolconf import DbToolConf

    reset_fake(fake)
    stamp = datetime.now(UTC).isoformat()
    delivered, start = 0, time.perf_counter()
    # Looked up once per run, not per score: generous to the baseline (a launch restored from cache would
    # look the registration up again for every score).
    registration = DbToolConf().find_registration_by_params(fake.issuer, fake.client_id)
    service_data = {"scope": list(AGS_SCOPES), "lineitems": env["lineitems"], "lineitem": fake.ags.item_url(ITEM_ID)}
    for n, user in enumerate(env["users"]):
        ags = AssignmentsGradesService(NoCacheConnector(registration), service_data)
        grade = (Grade().set_user_id(user.sub).set_score_given(points(n, round_no)).set_score_maximum(100)
                 .set_activity_progress("Completed").set_grading_progress("FullyGraded").set_timestamp(stamp))
        ags.put_grade(grade)  # raises LtiServiceException on anything but 2xx
        delivered += 1
    seconds = time.perf_counter() - start
    check(fake, env, round_no, "baseline")
    return delivered, seconds, len(fake.access_tokens)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--learners", type=int, default=1000, help="scores per run (default 1000)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each, alternating (default 3)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="latih-bench-") as tmp:
        os.environ["LATIH_INSTANCE_PATH"] = tmp
        app = create_app({"LATIH_ENV": "testing", "DATABASE_URL": "sqlite:///" + os.path.join(tmp, "bench.sqlite3"),
                          "SECRET_KEY": "bench-secret-key-" + "x" * 32, "LATIH_DELIVER_AFTER_REQUEST": False})
        fake = FakePlatform(tool_base="https://localhost")
        fake.serve()
        fake.tool_jwks_fetcher = lambda: app.test_client().get("/lti/jwks").get_json()
        try:
            with app.app_context():
                from flask_migrate import upgrade

                logging.disable(logging.INFO)  # Alembic's migration log
                upgrade()
                logging.disable(logging.NOTSET)
                env = setup(fake, args.learners)
                results = {"tool": [], "baseline": []}
                for round_no in range(1, args.rounds + 1):
                    for name, run in (("tool", run_tool), ("baseline", run_baseline)):
                        delivered, seconds, token_requests = run(fake, env, round_no)
                        results[name].append((delivered, delivered / seconds, token_requests))
                        print(f"  round {round_no} {name:<8} {delivered} scores in {seconds:6.2f} s "
                              f"= {delivered / seconds:7.1f} scores/s, {plural(token_requests, 'token request')}",
                              file=sys.stderr, flush=True)
                db.session.remove()
        finally:
            fake.shutdown()

    rates = {}
    for name, runs in results.items():
        rates[name] = statistics.median(r[1] for r in runs)
        tokens = statistics.median(r[2] for r in runs)
        print(f"{name:<9} {runs[0][0]} scores  {rates[name]:7.1f} scores/s (median of {args.rounds})   "
              f"{plural(tokens, 'token request')}")
    print(f"speed-up  {rates['tool'] / rates['baseline']:.1f}x")


if __name__ == "__main__":
    main()
