"""Learning record benchmark (issue 15): the learner's page, the admin's summary of one unit and the CSV export of a
unit on 100,000 learners × 10 entries (1 million ledger rows).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/latih_recordviews \\
        .venv/bin/python bench/learning_record.py [--learners 100000] [--entries 10] [--unit-size 10000]
                                                  [--repeat 15] [--export-repeat 5] [--reuse] [--reset] [--plans]

On the app with SQLite in a temporary folder, or PostgreSQL when DATABASE_URL is set (a database of your own: it is
migrated; it must be empty unless ``--reuse`` (keep the learners and ledger built by an earlier run with the same
sizes) or ``--reset`` (empty the learners and the ledger first)). Deterministic data (``random.Random(15)``):
``--learners`` users of one platform in units of ``--unit-size`` ("Unit 00", "Unit 01", …), nine in ten with a NIP,
each with ``--entries`` ledger entries of this year (1–4 JP, the five categories, about a third of the learners
below the 20 JP target). Written with COPY on PostgreSQL (executemany on SQLite), then VACUUM ANALYZE, as autovacuum
does after a bulk load.

Then, through Flask's test client (server time: the whole request in this process, no network; each request in its
own app context), median over the runs after a warm-up:

- learner_page: a launched learner's page of the record (10 entries of this year) — budget 50 ms;
- unit_summary: the admin's page filtered to one unit (the summary of the unit, the learners' count, the first page
  of 50 learners with their JP and target) — budget 300 ms;
- unit_csv: the CSV export of that unit (``--unit-size`` learners × ``--entries`` lines, streamed) — budget 2 s;
- all_below: the admin's page of every unit, below the target only (no budget; the issue gives none).

Prints a table (median, slowest, CPU median, budget, ratio, OVER) and exits non-zero when a median is over budget.
``--baseline COMMIT`` also times the CSV export and the unit's summary as they were at that commit (their modules
read with ``git show``), alternately with the current ones. ``--plans`` prints EXPLAIN (ANALYZE, BUFFERS) of the
statements of the learner's page, of the unit's summary and of the unit's export (PostgreSQL only).
"""
import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date

from learning_record_timing import as_old, explain, old_versions, table, timed, timed_against

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests")]

BUDGET_MS = {"learner_page": 50, "unit_summary": 300, "unit_csv": 2000, "all_below": None}
BENCH_ISSUER = "https://lms.bench.example.go.id"
CATEGORIES = ("pelatihan klasikal", "e-learning", "coaching/mentoring", "seminar/workshop", "belajar mandiri")
ADMIN_PASSWORD = "bench-admin-password"


def make_app():
    from lti_tool import create_app

    folder = tempfile.mkdtemp(prefix="latih-bench-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
    return create_app({"LATIH_ENV": "testing", "DATABASE_URL": url, "SECRET_KEY": "bench" * 8,
                       "LATIH_INSTANCE_PATH": folder, "LATIH_DELIVER_AFTER_REQUEST": False})


def _postgres():
    from lti_tool.extensions import db

    return db.engine.url.get_backend_name() == "postgresql"


def _count(table):
    from lti_tool.extensions import db

    return db.session.execute(db.text(f"SELECT count(*) FROM {table}")).scalar()  # noqa: S608 (a fixed name)


def learners_of(n, unit_size, rng):
    """(sub, name, nip, unit) of the bench's learners."""
    for k in range(n):
        nip = f"19{rng.randint(60, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}20{rng.randint(10, 23)}" \
              f"{rng.randint(1, 12):02d}{rng.randint(1, 2)}{k % 1000:03d}" if rng.random() < 0.9 else ""
        yield f"b{k}", f"Peserta {k:06d}", nip, f"Unit {k // unit_size:02d}"


def build(learners, entries, unit_size, seed=15):
    """The learners and their ledger (see above), in the app's migrated database."""
    from lti_tool.clock import to_local, utcnow
    from lti_tool.extensions import db

    rng, now = random.Random(seed), utcnow()
    year = to_local(now).year
    users = list(learners_of(learners, unit_size, rng))
    if _postgres():
        connection = db.session.connection().connection.driver_connection
        with connection.cursor() as cursor:
            with cursor.copy("COPY lti_user (issuer, sub, name, email, locale, nip, unit, updated_at) "
                             "FROM STDIN") as cp:
                for sub, name, nip, unit in users:
                    cp.write_row((BENCH_ISSUER, sub, name, "", "id", nip, unit, now))
    else:
        db.session.execute(db.text("INSERT INTO lti_user (issuer, sub, name, email, locale, nip, unit, updated_at) "
                                   "VALUES (:i, :s, :n, '', 'id', :nip, :u, :t)"),
                           [{"i": BENCH_ISSUER, "s": s, "n": n, "nip": nip, "u": u, "t": now}
                            for s, n, nip, u in users])
    ids = db.session.execute(db.text("SELECT id FROM lti_user WHERE issuer = :i ORDER BY id"),
                             {"i": BENCH_ISSUER}).scalars().all()

    def rows():
        for user_id in ids:
            for e in range(entries):
                started = date(year, 1 + (e % 11), 1 + rng.randint(0, 25))
                yield (BENCH_ISSUER, user_id, f"Kursus {e}", f"Pelatihan {rng.randint(1, 200)}", CATEGORIES[e % 5],
                       rng.choice((1, 1, 2, 2, 2, 3, 4)), 45, "credit", 0, year, "BPSDM Provinsi", started, started,
                       now)

    columns = ("issuer, user_id, course_title, activity_title, category, jp, minutes_per_jp, entry, cycle, year, "
               "organiser, started_on, ended_on, created_at")
    if _postgres():
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY learning_credit ({columns}) FROM STDIN") as cp:
                for row in rows():
                    cp.write_row(row)
    else:
        names = [c.strip() for c in columns.split(",")]
        statement = db.text(f"INSERT INTO learning_credit ({columns}) VALUES ({', '.join(':' + n for n in names)})")
        batch = []
        for row in rows():
            batch.append(dict(zip(names, row, strict=True)))
            if len(batch) >= 5000:
                db.session.execute(statement, batch)
                batch = []
        if batch:
            db.session.execute(statement, batch)
    db.session.commit()
    if _postgres():
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE lti_user")
            conn.exec_driver_sql("VACUUM ANALYZE learning_credit")


def prepare(args):
    """Migrate; build the data unless reused; a platform, a launched learner with 10 entries, a signed-in admin."""
    from fakeplatform import FakePlatform
    from flask_migrate import upgrade
    from support import register

    from lti_tool.extensions import db
    from lti_tool.lti.models import Platform

    upgrade()
    want_users, want_rows = args.learners, args.learners * args.entries
    have_users = db.session.execute(db.text("SELECT count(*) FROM lti_user WHERE issuer = :i"),
                                    {"i": BENCH_ISSUER}).scalar()
    if args.reset and _postgres():
        db.session.execute(db.text("TRUNCATE learning_credit, lti_user, platform CASCADE"))
        db.session.commit()
        have_users = 0
    elif args.reset:
        db.session.execute(db.text("DELETE FROM learning_credit"))
        db.session.execute(db.text("DELETE FROM lti_user"))
        db.session.commit()
        have_users = 0
    reused = args.reuse and have_users == want_users
    if have_users and not reused:
        sys.exit(f"the database has {have_users} bench learners (want {want_users}): use --reuse with the same "
                 "sizes, or --reset to build again")
    if not reused:
        if _count("lti_user"):
            sys.exit("the database is not empty: use a database of your own, or --reset")
        started = time.perf_counter()
        build(args.learners, args.entries, args.unit_size)
        print(f"built {want_users} learners and {want_rows} ledger rows in {time.perf_counter() - started:.0f} s")
    else:
        print(f"reused {have_users} learners and {_count('learning_credit')} ledger rows")
    for platform in Platform.query.all():  # an earlier run's fake Moodle
        db.session.delete(platform)
    db.session.commit()
    fake = FakePlatform(tool_base="https://localhost")
    fake.serve()
    register(fake)
    return fake


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=10)
    parser.add_argument("--unit-size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--export-repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep the learners and ledger of an earlier run")
    parser.add_argument("--reset", action="store_true", help="empty the learners and the ledger, then build")
    parser.add_argument("--plans", action="store_true", help="print the query plans (PostgreSQL)")
    parser.add_argument("--baseline", metavar="COMMIT", help="also time the CSV export and the unit's summary as "
                        "they were at this git commit, alternately with the current ones")
    parser.add_argument("--certificates-db", metavar="URL", help="then run bench/certificates.py (one certificate's "
                        "PDF, 500 as a ZIP) on this EMPTY database of your own ('sqlite' for a temporary SQLite)")
    args = parser.parse_args(argv)
    import sqlalchemy as sa
    from lti_flow import ToolBrowser
    from record_views_support import csrf_of, entry
    from support import https_client

    from lti_tool.admin.services import upsert_admin
    from lti_tool.extensions import db
    from lti_tool.lti.models import LtiUser

    app = make_app()
    with app.app_context():
        fake = prepare(args)
        engine = db.engine
        fake.tool_jwks_fetcher = lambda: app.test_client().get("/lti/jwks").get_json()
        upsert_admin("bench", ADMIN_PASSWORD)
    client = https_client(app)
    browser = ToolBrowser(client, fake)
    learner = browser.launch("student").headers["Location"].split("launch=")[1]
    with app.app_context():
        user = LtiUser.query.filter_by(issuer=fake.issuer, sub="4").one()
        db.session.execute(db.text("DELETE FROM learning_credit WHERE user_id = :u"), {"u": user.id})
        db.session.commit()
        for e in range(args.entries):
            entry(user, 1 + e % 3, activity=f"Pelatihan {e}", category="e-learning")
    admin = https_client(app)  # its own cookies: signing in starts a fresh session
    page = admin.get("/admin/login").get_data(as_text=True)
    assert admin.post("/admin/login", data={"username": "bench", "password": ADMIN_PASSWORD,
                                             "csrf_token": csrf_of(page)}).status_code == 302
    unit, unit_learners = "Unit 00", min(args.unit_size, args.learners)

    def page_check(url, marker, expected=None, by=admin):
        def fetch():
            response = by.get(url)
            assert response.status_code == 200, (url, response.status_code)
            body = response.get_data(as_text=True)
            if expected is not None:
                assert body.count(marker) == expected, (url, body.count(marker), expected)
            return response.data
        return fetch

    def csv_fetch():
        response = admin.get(f"/admin/record/export.csv?unit={unit.replace(' ', '+')}")
        assert response.status_code == 200
        data = response.get_data()
        lines = data.count(b"\r\n")
        assert data.startswith(b"\xef\xbb\xbf") and lines == unit_learners * args.entries + 1, lines
        return data

    timings = [
        ("learner_page", page_check(f"/record/?launch={learner}", "<tr", args.entries + 1, client), args.repeat,
         f"{args.entries} entries"),
        ("unit_summary", page_check(f"/admin/record/?unit={unit.replace(' ', '+')}", 'data-testid="unit-row"', 1),
         args.repeat, f"{unit}: {unit_learners} learners"),
        ("unit_csv", csv_fetch, args.export_repeat, f"{unit_learners * args.entries} lines"),
        ("all_below", page_check("/admin/record/?below=1", 'data-testid="admin-learner"'), args.export_repeat,
         f"{args.learners} learners"),
    ]
    baseline = old_versions(args.baseline) if args.baseline else {}
    statements, rows = [], []
    listener = lambda *a: statements.append((a[2], a[3]))  # noqa: E731
    for name, fetch, repeat, note in timings:
        size = len(fetch())  # warm
        sa.event.listen(engine, "before_cursor_execute", listener)
        statements.clear()
        fetch()
        sa.event.remove(engine, "before_cursor_execute", listener)
        captured = [s for s in statements if "kv_entry" not in s[0] and "admin_session" not in s[0]]
        if name in baseline:
            old = as_old(baseline[name], fetch)
            old()  # warm
            walls, cpus, old_walls, old_cpus = timed_against(fetch, old, max(1, repeat))
            rows.append((f"{name}@{args.baseline[:7]}", old_walls, old_cpus, BUDGET_MS[name], "alternating"))
            ratio = statistics.median(walls) / statistics.median(old_walls)
            note = f"{note}  {ratio:.2f}× the time of {args.baseline[:7]}"
        else:
            walls, cpus = timed(fetch, max(1, repeat))
        rows.append((name, walls, cpus, BUDGET_MS[name], f"{len(captured)} queries  {size // 1024} KB  {note}"))
        wanted = {"learner_page": r"learning_credit", "unit_summary": r"learning_credit", "unit_csv": r"LATERAL"}
        if args.plans and engine.url.get_backend_name() == "postgresql" and name in wanted:
            print(f"\n== plans of {name}")
            explain(engine, captured, wanted[name])
    failed = table(f"on {engine.url.get_backend_name()} (median; {args.learners} learners × {args.entries} entries)",
                   rows)
    fake.shutdown()
    if args.certificates_db:
        failed = certificates(args.certificates_db) or failed
    return 1 if failed else 0


def certificates(url):
    """Issue 15's certificate figures in the same run: bench/certificates.py in a process of its own (its own app
    and database); True when it reports a median over budget."""
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if url != "sqlite":
        env["DATABASE_URL"] = url
    print("\n== certificates (bench/certificates.py)", flush=True)
    return subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "certificates.py")],
                          env=env).returncode != 0


if __name__ == "__main__":
    sys.exit(main())
