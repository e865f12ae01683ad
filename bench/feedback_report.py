"""Feedback report benchmark (issue 14): the report page and the exports on 10,000 responses × 30 items, and answering
a 30-item form.

    .venv/bin/python bench/feedback_report.py [--responses 10000] [--repeat 9] [--submits 25] [--export-repeat 3]

On the app with SQLite in a temporary folder, or PostgreSQL when DATABASE_URL is set (an EMPTY database of your own:
it is migrated and filled). Deterministic data (``random.Random(14)``):

- an anonymous feedback form of 30 items: ten 1–4 items, six 5-point and two 7-point Likert items (one with "not
  applicable"), NPS 0–10, two single choices, a drop-down, a multiple choice, a number, three ratings per
  facilitator (three facilitators: nine answers each) and three open texts (answered by about half);
- a course roster (the fake Moodle of the tests, Names and Roles) of 10,000 learners more, each with a completion;
- 10,000 responses written straight into the tables (about 36 answer rows each: ~355,000 rows); on PostgreSQL the
  tables are then ANALYZEd, as autovacuum does after such a load.

Then, through Flask's test client (server time: the whole request in this process, no network), median over the runs:

- submit: ``--submits`` learners (new roster members, each launched first, not timed) answer the 30 items through the
  learner's POST (reading, checks, the completion, the response and its answers, the grade in the outbox, the
  completion event) — budget 100 ms per submit, on the big tables;
- report_page: the form closed, the instructor's report page (every item, facilitators side by side, the index, the
  rate against the 10,000-learner roster) — budget 500 ms; its SQL statements are counted;
- xlsx_export: the instructor's XLSX download (the summary, a sheet per page with the report's figures, the raw
  answers of 10,000 responses on their own sheet) — budget 5 s; csv_export (the raw answers) and pdf_export (the
  report of the run) are timed too, without a budget (the issue gives none). Median over ``--export-repeat`` runs
  after a warm-up; the files are checked (sheets, rows, the PDF's signature).

Prints a table (median, slowest, CPU median, budget, ratio, OVER) and exits non-zero when a median is over budget.
"""
import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests")]

BUDGET_MS = {"submit": 100, "report_page": 500, "xlsx_export": 5000, "csv_export": None, "pdf_export": None}
PERSONS = ({"id": 1, "name": "Dr. Ani Wulandari", "hidden": False}, {"id": 2, "name": "Budi Santoso, M.Pd.",
           "hidden": False}, {"id": 3, "name": "Citra Dewi", "hidden": False})
OPTIONS = [{"value": f"o{n}", "id": f"Pilihan {n}", "en": f"Option {n}"} for n in range(1, 5)]


def item_specs():
    """(type, config, options) of the 30 items, in order."""
    specs = [("scale14", {"na": False}, [])] * 10
    specs += [("likert", {"points": 5, "labels": [], "na": n == 0}, []) for n in range(6)]
    specs += [("likert", {"points": 7, "labels": [], "na": False}, [])] * 2
    specs += [("nps", {}, []), ("single", {}, OPTIONS[:3]), ("single", {}, OPTIONS), ("dropdown", {}, OPTIONS),
              ("multiple", {}, OPTIONS), ("numeric", {"min": "0", "max": "1000"}, [])]
    specs += [("person_rating", {"na": False}, [])] * 3
    specs += [("short_text", {"max_length": 200}, []), ("long_text", {"max_length": 2000}, []),
              ("long_text", {"max_length": 2000}, [])]
    assert len(specs) == 30
    return specs


def answer_of(item_type, config, rng):
    """[(person, number, text)] of one answer to an item, skewed to the top like real evaluations."""
    if item_type in ("scale14", "person_rating"):
        point = lambda: rng.choices((1, 2, 3, 4), (1, 3, 9, 7))[0]  # noqa: E731
        if item_type == "person_rating":
            return [(p["id"], point(), None) for p in PERSONS]
        return [(None, point(), None)]
    if item_type == "likert":
        n = config["points"]
        if config.get("na") and rng.random() < 0.1:
            return [(None, None, "na")]
        return [(None, min(n, max(1, round(rng.gauss(n * 0.7, n / 5)))), None)]
    if item_type == "nps":
        return [(None, rng.choices(range(11), (1, 1, 1, 1, 2, 3, 4, 8, 12, 10, 8))[0], None)]
    if item_type in ("single", "dropdown"):
        return [(None, None, rng.choice([o["value"] for o in OPTIONS[:3 if item_type == "single" else 4]]))]
    if item_type == "multiple":
        return [(None, None, o["value"]) for o in rng.sample(OPTIONS, rng.randint(1, 3))]
    if item_type == "numeric":
        return [(None, Decimal(rng.randint(0, 400)) / 4, None)]
    if rng.random() < 0.5:
        return [(None, None, "Materi sangat bermanfaat, namun waktu praktik perlu ditambah " * rng.randint(1, 3))]
    return []


def make_app():
    from lti_tool import create_app

    folder = tempfile.mkdtemp(prefix="latih-bench-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
    return create_app({"LATIH_ENV": "testing", "DATABASE_URL": url, "SECRET_KEY": "bench" * 8,
                       "LATIH_INSTANCE_PATH": folder, "LATIH_DELIVER_AFTER_REQUEST": False})


def build(app, responses, seed=14):
    """The course, the form and its 10,000 responses (see above); returns what the timings need."""
    from fakeplatform import FakePlatform
    from flask_migrate import upgrade
    from lti_flow import ToolBrowser
    from sqlalchemy import insert
    from support import custom_activity, https_client, register

    from lti_tool.activities.services import create_activity
    from lti_tool.clock import utcnow
    from lti_tool.extensions import db
    from lti_tool.feedback.models import (
        FeedbackAnswer,
        FeedbackCompletion,
        FeedbackForm,
        FeedbackItem,
        FeedbackResponse,
    )
    from lti_tool.lti.models import Course, LtiUser

    upgrade()
    fake = FakePlatform(tool_base="https://localhost")
    fake.serve()
    fake.tool_jwks_fetcher = lambda: app.test_client().get("/lti/jwks").get_json()
    register(fake)
    browser = ToolBrowser(https_client(app), fake)
    browser.open(browser.launch("instructor"))
    course = Course.query.one()
    activity = create_activity(course.id, None, "feedback", "Evaluasi Penyelenggaraan Latsar Angkatan 7", form={
        "feedback_form": "1", "feedback_template": "blank", "feedback_anonymous": "1", "feedback_graded": "1"})
    form = db.session.get(FeedbackForm, activity.id)
    form.persons = list(PERSONS)
    items = []
    for position, (item_type, config, options) in enumerate(item_specs(), start=1):
        item = FeedbackItem(form_id=form.activity_id, position=position, page=1 + (position - 1) // 10,
                            type=item_type, required=False, text_id=f"Pertanyaan {position}",
                            text_en=f"Question {position}", options=options, config=config)
        db.session.add(item)
        items.append(item)
    db.session.commit()
    rng, now, day = random.Random(seed), utcnow(), date.today()
    members = fake.ags.add_members(responses)
    users = [{"issuer": course.issuer, "sub": m["user_id"], "name": m["name"], "email": m["email"], "locale": "id",
              "updated_at": now} for m in members]
    for start in range(0, len(users), 5000):
        db.session.execute(insert(LtiUser.__table__), users[start:start + 5000])
    ids = dict(db.session.execute(db.select(LtiUser.sub, LtiUser.id).where(LtiUser.issuer == course.issuer)).all())
    db.session.execute(insert(FeedbackCompletion.__table__), [
        {"form_id": form.activity_id, "user_id": ids[m["user_id"]], "completed_at": now} for m in members])
    batch_responses, batch_answers = [], []
    for n in range(responses):
        response_id = secrets.token_hex(16)
        batch_responses.append({"id": response_id, "form_id": form.activity_id, "day": day - timedelta(days=n % 5)})
        for item in items:
            for person, number, text in answer_of(item.type, item.config, rng):
                batch_answers.append({"id": secrets.token_hex(16), "response_id": response_id, "item_id": item.id,
                                      "person": person, "number": number, "text": text})
        if len(batch_responses) >= 1000 or n == responses - 1:
            db.session.execute(insert(FeedbackResponse.__table__), batch_responses)
            db.session.execute(insert(FeedbackAnswer.__table__), batch_answers)
            batch_responses, batch_answers = [], []
    db.session.commit()
    if db.engine.url.get_backend_name() == "postgresql":  # what autovacuum does after a bulk load: fresh statistics
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")
    custom = custom_activity(activity)
    answers = db.session.execute(db.select(db.func.count()).select_from(FeedbackAnswer)).scalar()
    return {"browser": browser, "fake": fake, "activity_id": activity.id, "custom": custom,
            "items": [(item.id, item.type, dict(item.config)) for item in items], "answers": answers}


def submit_fields(items, rng):
    """The learner's POST of the 30 items (every item answered)."""
    fields = {}
    for item_id, item_type, config in items:
        for person, number, text in answer_of(item_type, config, rng) or [(None, None, "Cukup baik")]:
            name = f"q{item_id}" if person is None else f"q{item_id}_p{person}"
            value = text if text is not None else (str(number) if isinstance(number, int) else format(number, "f"))
            fields.setdefault(name, []).append(value)
    return fields


def timed(function, repeat):
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus


def time_submits(big, count, rng):
    """The learner's POST, one learner each (launch and page load not timed)."""
    import re

    browser, client = big["browser"], big["browser"].client
    walls, cpus = [], []
    for member in big["fake"].ags.add_members(count):
        launched = browser.launch_with("student", sub=member["user_id"], **big["custom"])
        token = launched.headers["Location"].split("launch=")[1]
        page = client.get(f"/feedback/?launch={token}").get_data(as_text=True)
        fields = {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
                  **submit_fields(big["items"], rng)}
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.post(f"/feedback/?launch={token}", data=fields)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 302, (response.status_code, re.findall(
            r'data-testid="problem-[^>]*>[^<]*', response.get_data(as_text=True)))
    return walls, cpus


EXPORTS = (("xlsx_export", "xlsx", "/feedback/export/answers.xlsx"), ("csv_export", "csv",
           "/feedback/export/answers.csv"), ("pdf_export", "pdf", "/feedback/export/report.pdf"))


def check_export(kind, data, responses):
    """The file is whole: the XLSX's sheets and raw rows, the CSV's lines, the PDF's signature."""
    if kind == "xlsx":
        import io

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        assert len(book.sheetnames) == 5, book.sheetnames  # the summary, pages 1–3, the raw answers
        raw = book[book.sheetnames[-1]]
        assert sum(1 for _ in raw.iter_rows(values_only=True)) == responses + 1
    elif kind == "csv":
        assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == responses + 1
    else:
        assert data.startswith(b"%PDF")


def time_exports(client, teacher, args, responses):
    """The three downloads, each warmed once (and checked), then timed ``--export-repeat`` times."""
    rows = []
    for name, kind, path in EXPORTS:
        url = f"{path}?launch={teacher}"

        def fetch(url=url):
            response = client.get(url)
            assert response.status_code == 200, (response.status_code, response.get_data(as_text=True)[:200])
            return response.data

        data = fetch()
        check_export(kind, data, responses)
        if args.profile_export == kind:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.runcall(fetch)
            pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        walls, cpus = timed(fetch, max(1, args.export_repeat))
        rows.append((name, walls, cpus, BUDGET_MS[name], f"{len(data) // 1024} KB, {len(walls)} runs"))
    return rows


def table(title, rows):
    print(f"\n{title}\n{'name':<13} {'median ms':>10} {'max ms':>9} {'cpu ms':>9} {'budget':>7} {'ratio':>6}  note")
    failed = False
    for name, walls, cpus, budget, note in rows:
        median = statistics.median(walls)
        over = budget is not None and median > budget
        failed |= over
        ratio = f"{median / budget:6.2f}" if budget else f"{'–':>6}"
        print(f"{name:<13} {median:10.1f} {max(walls):9.1f} {statistics.median(cpus):9.1f} {budget or '–':>7} "
              f"{ratio}  {note}{'  OVER' if over else ''}")
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--submits", type=int, default=25)
    parser.add_argument("--export-repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print where one report request spends its time")
    parser.add_argument("--profile-export", choices=("xlsx", "csv", "pdf"),
                        help="print where one export request spends its time")
    args = parser.parse_args()
    import sqlalchemy as sa

    from lti_tool.extensions import db
    from lti_tool.feedback.models import FeedbackForm

    app = make_app()
    started = time.perf_counter()
    with app.app_context():
        big = build(app, args.responses)
        engine = db.engine
    print(f"built {args.responses} responses, {big['answers']} answers, 30 items, a roster of "
          f"{args.responses + 3} in {time.perf_counter() - started:.0f} s ({engine.url.get_backend_name()})")
    rng = random.Random(15)
    rows = []
    walls, cpus = time_submits(big, max(5, args.submits), rng)
    rows.append(("submit", walls, cpus, BUDGET_MS["submit"], f"{len(walls)} learners, 30 items each"))
    with app.app_context():
        form = db.session.get(FeedbackForm, big["activity_id"])
        form.close_at = form.created_at  # closed: an anonymous form's results are shown
        db.session.commit()
    client, statements = big["browser"].client, []
    # the learners' launches pushed the teacher's out of the session (8 launches per browser): launch again
    teacher = big["browser"].launch_with("instructor", **big["custom"]).headers["Location"].split("launch=")[1]
    url = f"/feedback/report?launch={teacher}"

    def fetch():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        body = response.get_data(as_text=True)
        assert body.count('data-testid="report-item"') == 30 and 'data-testid="report-withheld"' not in body
        assert body.count('data-testid="person-row"') == 9 and 'data-testid="response-rate"' in body
        return len(body)

    size = fetch()  # warm: templates compiled, the roster read from the fake Moodle and cached
    sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    fetch()
    queries = len(statements)
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(fetch)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
    walls, cpus = timed(fetch, max(5, args.repeat))
    rows.append(("report_page", walls, cpus, BUDGET_MS["report_page"], f"{queries} queries  {size // 1024} KB"))
    rows += time_exports(client, teacher, args, args.responses + len(rows[0][1]))  # the submits answered too
    failed = table(f"on {engine.url.get_backend_name()} (median; {args.responses} responses × 30 items)", rows)
    big["fake"].shutdown()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
