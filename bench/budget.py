"""Budget benchmark: a 500-line budget is validated, and its editor page rendered, in under 200 ms of server time.

    .venv/bin/python bench/budget.py [--lines 500] [--repeat 15]

Server time = what the request spends in the tool: the editor page (GET /budgeting/, which parses the draft,
computes amounts, groups, totals and every check, and renders 500 rows), the confirmation page, and the live
check the editor's script posts while the learner types (POST /budgeting/api/check, JSON), measured through
Flask's test client, so no network and no browser. Validation alone (parse the stored
document + every check + the automatic score) is timed separately. SQLite in a temporary folder. Prints
medians and the slowest run; exits non-zero when the median page time is over the budget.
"""
import argparse
import os
import re
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests")]

from fakeplatform import FakePlatform  # noqa: E402
from lti_flow import ToolBrowser  # noqa: E402
from support import custom_activity, https_client, register  # noqa: E402

from lti_tool import create_app  # noqa: E402
from lti_tool.activities.services import create_activity  # noqa: E402
from lti_tool.budgeting import services  # noqa: E402
from lti_tool.budgeting.domain_checks import automatic_score, check_budget  # noqa: E402
from lti_tool.budgeting.models import BudgetSubmission  # noqa: E402
from lti_tool.extensions import db  # noqa: E402
from lti_tool.lti.models import Course  # noqa: E402

BUDGET_MS = 200


def document(n):
    accounts = ["5.1.02.01.01.0024", "5.1.02.01.01.0052", "5.1.02.02.01.0003", "5.1.02.02.05.0009"]
    lines = [{"account": accounts[i % 4], "component": f"Komponen {i}", "specification": f"Spesifikasi {i}",
              "koefisien": f"{1 + i % 30} orang × {1 + i % 3} hari", "abbreviation": "OH",
              "unit_price": f"{25_000 + 1_000 * (i % 50):,}".replace(",", "."), "ppn": i % 2 == 0,
              "reference_code": ""} for i in range(n)]
    doc = services.empty_document()
    doc["lines"] = lines
    return doc


def timed(fn, repeat):
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs), max(runs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="latih-bench-")
    app = create_app({"LATIH_ENV": "testing", "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
                      "SECRET_KEY": "bench" * 8, "LATIH_INSTANCE_PATH": folder})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        fake = FakePlatform(tool_base="https://localhost")
        fake.serve()
        register(fake)
        browser = ToolBrowser(https_client(app), fake)
        browser.open(browser.launch("instructor"))
        activity = create_activity(Course.query.one().id, None, "budgeting", "Bench")
        resp = browser.launch_with("student", **custom_activity(activity))
        token = resp.headers["Location"].split("launch=", 1)[1]
        browser.client.get(f"/budgeting/?launch={token}")  # creates the draft
        submission = BudgetSubmission.query.one()
        submission.document = document(args.lines)
        db.session.commit()
        exercise = services.exercise_for(activity)

        def validate():
            parsed = services.parse_document(submission.document, "id")
            rules = services.rules_for(exercise)
            automatic_score(check_budget(parsed.budget, rules), rules.weights)

        def page(path):
            response = browser.client.get(f"{path}?launch={token}")
            assert response.status_code == 200 and response.data.count(b"data-line=") in (0, args.lines)

        validate_ms = timed(validate, args.repeat)
        editor_ms = timed(lambda: page("/budgeting/"), args.repeat)
        confirm_ms = timed(lambda: page("/budgeting/confirm"), args.repeat)
        # What the editor's script posts while the learner types: the form as it is, checked, as JSON.
        body = browser.client.get(f"/budgeting/?launch={token}").get_data(as_text=True)
        form = {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)}
        for n, line in enumerate(submission.document["lines"], start=1):
            form.update({f"lines-{n}-{key}": value for key, value in line.items()})

        def live_check():
            response = browser.client.post(f"/budgeting/api/check?launch={token}", data=form,
                                           headers={"X-CSRFToken": form["csrf_token"]})
            assert response.status_code == 200 and len(response.get_json()["lines"]) == args.lines

        check_ms = timed(live_check, args.repeat)
        fake.shutdown()
    print(f"{args.lines}-line budget, median of {args.repeat} (slowest), server time in ms:")
    print(f"  validate (parse + checks + score)  {validate_ms[0]:7.1f}  ({validate_ms[1]:.1f})")
    print(f"  editor page GET /budgeting/        {editor_ms[0]:7.1f}  ({editor_ms[1]:.1f})")
    print(f"  confirmation page                  {confirm_ms[0]:7.1f}  ({confirm_ms[1]:.1f})")
    print(f"  live check POST /budgeting/api/check {check_ms[0]:5.1f}  ({check_ms[1]:.1f})")
    print(f"  budget                             {BUDGET_MS:7d}")
    worst = max(editor_ms[0], confirm_ms[0], check_ms[0])
    print("  OK" if worst < BUDGET_MS else "  OVER BUDGET")
    return 0 if worst < BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
