"""``bench/learning_record.py`` runs in a smoke size (200 learners, SQLite in a temporary folder) so it cannot rot:
it builds its data, times the four requests, checks their content and prints the table (a busy machine may put a
median over its budget: the bench then exits 1 and says OVER, which is no failure of the code)."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_the_bench_runs_in_a_smoke_size():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}  # never the tests' database
    done = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "learning_record.py"), "--learners", "200",
                           "--unit-size", "50", "--repeat", "2", "--export-repeat", "1"],
                          env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0 or (done.returncode == 1 and "OVER" in done.stdout), \
        done.stdout[-2000:] + done.stderr[-3000:]
    assert "built 200 learners and 2000 ledger rows" in done.stdout
    for name in ("learner_page", "unit_summary", "unit_csv", "all_below"):
        assert f"\n{name} " in done.stdout, name
