"""Budget benchmark: a 500-line budget's pages and live check, each within 50 ms of server time (issue 16).

    .venv/bin/python bench/budget.py [--lines 500] [--repeat 15]

Server time = what the request spends in the tool: the editor page (GET /budgeting/, which parses the draft,
computes amounts, groups, totals and every check, and renders 500 rows), the confirmation page, and the live
check the editor's script posts while the learner types (POST /budgeting/api/check, JSON), measured through
Flask's test client, so no network and no browser. Validation alone (parse the stored document + every check +
the automatic score) is timed separately. SQLite in a temporary folder.

The exercise has the shipped sample account and price lists; the learner's pages are in Indonesian, as the draft
was typed, so every line is read and every check runs on it (the bench asserts that no line shows a reading
error). Prints medians of wall and CPU time and the slowest wall time; exits non-zero when a median page time is
over the budget.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlencode

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASELINE_COMMIT = "a4a3c09"  # main before the editor's rework: "today's figures" of issue 16


def load(root):
    """Import the tool (and the tests' helpers) from the checkout at ``root``: this one, or the baseline's."""
    sys.path[:0] = [root, os.path.join(root, "tests")]
    global FakePlatform, ToolBrowser, custom_activity, https_client, register, create_app, create_activity
    global check_budget, automatic_score, BudgetSubmission, documents, exercises, settings, db, Course
    from fakeplatform import FakePlatform
    from lti_flow import ToolBrowser
    from support import custom_activity, https_client, register

    from lti_tool import create_app
    from lti_tool.activities.services import create_activity
    from lti_tool.budgeting.domain.checks import check_budget
    from lti_tool.budgeting.domain.scoring import automatic_score
    from lti_tool.budgeting.models import BudgetSubmission
    from lti_tool.budgeting.services import documents, exercises, settings
    from lti_tool.extensions import db
    from lti_tool.lti.models import Course


BUDGET_MS = 50
INDONESIAN = {"https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {"locale": "id"}}


def document(n, rules):
    """A draft as a learner in Plaju types it (Indonesian numbers), against the shipped sample lists: a third of the
    lines name a reference item by its code, a third only by its name (checked against it all the same), a third
    are free text; every line parses, so every check runs on every line."""
    items = [p for p in rules.prices if p.accounts]
    lines = []
    for i in range(n):
        item = items[i % len(items)]
        account = sorted(item.accounts)[0]
        kind = i % 3
        lines.append({
            "account": account, "reference_code": item.code if kind == 0 else "",
            "component": item.name if kind < 2 else f"Komponen {i}", "specification": f"Spesifikasi {i}",
            "koefisien": f"{1 + i % 30} orang × {1 + i % 3} hari", "abbreviation": "OH",
            "unit_price": f"{int(item.price) + 1_000 * (i % 7):,}".replace(",", "."), "ppn": i % 2 == 0})
    doc = documents.empty_document()
    doc["lines"], doc["locale"] = documents.in_account_order(lines), "id"
    return doc


def timed(fn, repeat):
    """Medians of wall time and of this thread's CPU time (the test client serves in this thread; CPU time is
    less disturbed by whatever else the machine runs), and the slowest wall time, in ms."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.thread_time()
        fn()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.thread_time() - cpu) * 1000)
    return statistics.median(walls), max(walls), statistics.median(cpus)


PAGES = (("validate", "validate (parse + checks + score)"), ("editor", "editor page GET /budgeting/"),
         ("confirm", "confirmation page"), ("print", "printable page (draft)"),
         ("check", "live check POST /budgeting/api/check"), ("result", "result page (submitted)"),
         ("print_submitted", "printable page (submitted)"))


def measure(lines, repeat):
    """Every timing of the tree loaded by ``load``: {name: (median wall, slowest wall, median CPU)} in ms."""
    folder = tempfile.mkdtemp(prefix="latih-bench-")
    app = create_app({"LATIH_ENV": "testing", "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
                      "SECRET_KEY": "bench" * 8, "LATIH_INSTANCE_PATH": folder})
    out = {}
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        fake = FakePlatform(tool_base="https://localhost")
        fake.serve()
        register(fake)
        browser = ToolBrowser(https_client(app), fake)
        browser.open(browser.launch("instructor"))
        activity = create_activity(Course.query.one().id, None, "budgeting", "Bench")
        exercise = exercises.exercise_for(activity)
        for kind in ("accounts", "prices"):
            path = os.path.join(HERE, "lti_tool", "budgeting", "sample", f"{kind}_sample.csv")
            with open(path, "rb") as sample:
                settings.import_reference(exercise, kind, os.path.basename(path), sample.read(), None, "id")
        exercise.ceiling = 2_000_000_000
        exercise.max_attempts = 2
        db.session.commit()
        resp = browser.launch_with("student", **custom_activity(activity), **INDONESIAN)
        token = resp.headers["Location"].split("launch=", 1)[1]
        browser.client.get(f"/budgeting/?launch={token}")  # creates the draft
        submission = BudgetSubmission.query.one()
        submission.document = document(lines, exercises.rules_for(exercise))
        db.session.commit()

        def validate():
            parsed = documents.parse_document(submission.document, "id")
            rules = exercises.rules_for(exercise)
            automatic_score(check_budget(parsed.budget, rules), rules.weights)

        def page(path, rows=(0, lines)):
            response = browser.client.get(f"{path}?launch={token}")
            assert response.status_code == 200 and response.data.count(b"data-line=") in rows, path
            assert b'data-testid="line-error"' not in response.data  # every line read, every check run

        out["validate"] = timed(validate, repeat)
        out["editor"] = timed(lambda: page("/budgeting/"), repeat)
        out["confirm"] = timed(lambda: page("/budgeting/confirm"), repeat)
        out["print"] = timed(lambda: page("/budgeting/print"), repeat)
        # What the editor's script posts while the learner types: the form as it is, checked, as JSON.
        body = browser.client.get(f"/budgeting/?launch={token}").get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)
        form = {"csrf_token": csrf}
        for n, line in enumerate(submission.document["lines"], start=1):
            form.update({f"lines-{n}-{key}": value for key, value in line.items()})
        # Encoded once, as the browser does: encoding the form is the client's cost, not the server's.
        body = urlencode(form).encode()

        def live_check():
            response = browser.client.post(f"/budgeting/api/check?launch={token}", data=body,
                                           content_type="application/x-www-form-urlencoded",
                                           headers={"X-CSRFToken": csrf})
            answer = response.get_json()
            assert response.status_code == 200 and len(answer["lines"]) == lines
            assert not any(line["error"] for line in answer["lines"].values())

        out["check"] = timed(live_check, repeat)
        response = browser.client.post(f"/budgeting/submit?launch={token}",
                                       data={"csrf_token": csrf, "revision": str(submission.revision)})
        assert response.status_code == 302 and db.session.get(BudgetSubmission, submission.id).status != "draft"
        out["result"] = timed(lambda: page("/budgeting/"), repeat)
        out["print_submitted"] = timed(lambda: page("/budgeting/print"), repeat)
        fake.shutdown()
    return out


def run_tree(root, args):
    """This script run on the checkout at ``root`` in a fresh interpreter: its timings."""
    command = [sys.executable, os.path.abspath(__file__), "--root", root, "--lines", str(args.lines),
               "--repeat", str(args.repeat)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=root, check=False)
    if done.returncode:
        sys.exit(f"bench failed on {root}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def baseline_tree(args, folder):
    """The baseline checkout: ``--baseline PATH``, else main's commit before the rework, exported to ``folder``."""
    if args.baseline:
        return os.path.abspath(args.baseline)
    archive = subprocess.run(["git", "-C", HERE, "archive", args.baseline_commit], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
    return folder


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=2, help="alternate baseline and current this many times")
    parser.add_argument("--baseline", metavar="PATH", help="the baseline checkout (default: main at a4a3c09)")
    parser.add_argument("--baseline-commit", default=BASELINE_COMMIT)
    parser.add_argument("--no-baseline", action="store_true", help="bench this checkout only")
    parser.add_argument("--root", help=argparse.SUPPRESS)  # internal: time the checkout at ROOT, print JSON
    args = parser.parse_args()
    if args.root:
        load(args.root)
        print(json.dumps(measure(args.lines, args.repeat)))
        return 0
    runs = {"baseline": [], "current": []}
    with tempfile.TemporaryDirectory(prefix="latih-bench-base-") as folder:
        base = None if args.no_baseline else baseline_tree(args, folder)
        for _ in range(args.rounds):  # alternated, so both see the same load
            if base:
                runs["baseline"].append(run_tree(base, args))
            runs["current"].append(run_tree(HERE, args))

    def median(name, tree, i):
        values = [run[name][i] for run in runs[tree] if name in run]
        return statistics.median(values) if values else None

    print(f"{args.lines}-line budget, median of {args.repeat} × {args.rounds} rounds, server time in ms "
          f"(wall, CPU in brackets); ratio = current / baseline ({args.baseline or args.baseline_commit})")
    print(f"  {'':<38} {'baseline':>17} {'current':>17} {'ratio wall':>10} {'ratio cpu':>9}")
    worst = 0
    for name, label in PAGES:
        now_wall, now_cpu = median(name, "current", 0), median(name, "current", 2)
        base_wall, base_cpu = median(name, "baseline", 0), median(name, "baseline", 2)
        base_text = f"{base_wall:7.1f} ({base_cpu:6.1f})" if base_wall is not None else f"{'-':>17}"
        ratio = (f"{now_wall / base_wall:10.2f} {now_cpu / base_cpu:9.2f}" if base_wall else "")
        print(f"  {label:<38} {base_text} {now_wall:7.1f} ({now_cpu:6.1f}) {ratio}")
        if name != "validate":
            worst = max(worst, now_cpu)
    print(f"  budget (CPU median of every page and the live check) {BUDGET_MS} ms: "
          + ("OK" if worst <= BUDGET_MS else f"OVER ({worst:.1f} ms)"))
    return 0 if worst <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
