"""Certificates benchmark (issue 15): one certificate's PDF, and a course's 500 certificates as one ZIP.

    .venv/bin/python bench/certificates.py [--certificates 500] [--repeat 15] [--zip-repeat 3]

On the app with SQLite in a temporary folder, or PostgreSQL when DATABASE_URL is set (an EMPTY database of your own:
it is migrated and filled). A course with its certificate rules and ``--certificates`` learners (Indonesian names,
18-digit NIPs), each issued a certificate through the tool's own issuing (the locked counter, the snapshot); then,
in a request context of the app (server time, no network, the shipped template and fonts):

- one_pdf: ``bundle.render`` of one certificate (fields, template, QR code, fonts embedded) — budget 300 ms; median
  over ``--repeat`` runs after a warm-up (the first render of a process cuts the fonts once, ``certificates/fonts``);
- zip_500: every certificate of the course through ``bundle.zip_stream`` (what the staff's download streams),
  consumed to the end — budget 60 s; median over ``--zip-repeat`` runs; the archive is checked (one PDF per
  certificate).

Prints median, slowest, CPU median, budget and ratio (median / budget) per measure; exits non-zero when a median is
over its budget.
"""
import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT]

BUDGET_MS = {"one_pdf": 300, "zip_500": 60_000}
FIRST = ("Siti", "Budi", "Dewi", "Agus", "Rina", "Hendra", "Wahyu", "Nur", "Putu", "Made", "Yohanes", "Fitri")
LAST = ("Rahayu", "Santoso", "Lestari", "Hidayat", "Siregar", "Wibowo", "Nasution", "Saputra", "Pratama")


def build(app, count):
    from datetime import date

    from lti_tool.certificates import services
    from lti_tool.certificates.models import Certificate, CertificateSetting
    from lti_tool.extensions import db
    from lti_tool.lti.models import Course, LtiUser

    rng = random.Random(15)
    course = Course(issuer="https://moodle.bench", deployment_id="1", context_id="latsar", title="Latsar CPNS")
    db.session.add(course)
    db.session.flush()
    db.session.add(CertificateSetting(
        course_id=course.id, institution="BPSDM Provinsi Jawa Tengah", place="Semarang", result="Memuaskan",
        training_name="Pelatihan Dasar CPNS Golongan III Angkatan XII", started_on=date(2026, 3, 2),
        ended_on=date(2026, 4, 24), signatory_name="Dr. Budi Santoso, M.Si.",
        signatory_title="Kepala Badan Pengembangan Sumber Daya Manusia"))
    users = []
    for n in range(count):
        nip = f"19{rng.randint(70, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}20{rng.randint(10, 25)}" \
              f"{rng.randint(1, 12):02d}{rng.randint(1, 2)}{rng.randint(1, 999):03d}"
        users.append(LtiUser(issuer=course.issuer, sub=str(n), nip=nip,
                             name=f"{rng.choice(FIRST)} {rng.choice(LAST)}, S.{rng.choice('EHPT')}."))
    db.session.add_all(users)
    db.session.commit()
    for user in users:
        services.issue_by_hand(course.id, user, None, rank="Penata Muda (III/a)", position="Analis Keuangan")
    return Certificate.query.filter_by(course_id=course.id).order_by(Certificate.seq).all()


def timed(fn, runs):
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--certificates", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--zip-repeat", type=int, default=3)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="latih-bench-certificates-")
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 40)
    from flask_migrate import upgrade

    from lti_tool import create_app
    from lti_tool.certificates import bundle

    config = {"LATIH_ENV": "testing", "LATIH_INSTANCE_PATH": folder, "LATIH_BASE_URL": "https://latih.example.go.id",
              "DATABASE_URL": os.environ.get("DATABASE_URL") or "sqlite:///" + os.path.join(folder, "bench.sqlite3")}
    app = create_app(config)
    with app.app_context():
        upgrade()
    with app.test_request_context():
        started = time.perf_counter()
        certificates = build(app, args.certificates)
        print(f"{len(certificates)} certificates issued in {time.perf_counter() - started:.1f} s "
              f"({certificates[0].number} … {certificates[-1].number})")
        one = certificates[len(certificates) // 2]
        bundle.render(one)  # warm-up: the fonts are cut once per process
        results = {"one_pdf": timed(lambda: bundle.render(one), args.repeat)}

        def whole_zip():
            data = b"".join(bundle.zip_stream(certificates))
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
            assert len(names) == len(certificates) and all(n.endswith(".pdf") for n in names)

        results["zip_500"] = timed(whole_zip, args.zip_repeat)
    over = False
    print(f"{'measure':<10} {'median ms':>10} {'slowest':>10} {'CPU median':>11} {'budget':>8} {'ratio':>6}")
    for name, (walls, cpus) in results.items():
        median, budget = statistics.median(walls), BUDGET_MS[name]
        ratio = median / budget
        over = over or ratio > 1
        print(f"{name:<10} {median:>10.1f} {max(walls):>10.1f} {statistics.median(cpus):>11.1f} {budget:>8} "
              f"{ratio:>6.2f}{'  OVER' if ratio > 1 else ''}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
