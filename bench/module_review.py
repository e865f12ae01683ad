"""Module-review benchmark (issue 13): the pure domain and the pages on a module of 50 sections and ~20,000 words.

    .venv/bin/python bench/module_review.py [--sections 50] [--words 20000] [--anchors 500] [--repeat 15]
                                            [--page-repeat 7] [--no-pages] [--only NAME …]

Generates, deterministically (random.Random with fixed seeds, ``tests/modules_support.py``), version 1 of a module,
version 2 with about 10% of its sections edited (a word replaced, a sentence added, a paragraph removed) and one
section renamed, one moved, one removed and one added, and 500 comments anchored on version 1 (quotes of 2–15
words, as 30 reviewers would select them). Times, repeated ``--repeat`` times:

- diff: ``diff_versions(v1, v2)`` (section pairing, moves, the word diff of every changed section) — budget 500 ms;
- place_all: the 500 anchors of version 1 placed on version 2 (``place_all``, the version indexed once, renamed
  sections followed through the diff) — budget 500 ms;
- split: the Markdown of version 1 split into sections.

Prints a table (median, slowest run, CPU time median, budget, median/budget, OVER) and how the anchors were placed;
exits non-zero when a median is over its budget.

Then the pages (``--pages``, on by default; ``--no-pages`` skips them; ``--only NAME …`` times some of them), on
the app with SQLite, or PostgreSQL when DATABASE_URL is set (an empty database: it is migrated and filled): the
data of ``bench/module_data.py`` (50 sections, versions 1 and 2; round 1 decided with 30 reviewers in 3 groups and
500 answered comments; round 2 open on version 2 with the same 30 people and 500 open comments they all see).
Server time through Flask's test client (the whole request in this process, no network), median of
``--page-repeat`` runs (at least 5) after a warm-up request; every answer must be 200 with its expected content
(500 comments shown, …), else the bench stops. The SQL statements of one request are counted (``queries``):

- round_page: the author's page of round 1 (reviewers, scores, decision, 500 comments with answer forms) — budget
  200 ms (issue 13); round_page_open: the same for round 2, open — same budget;
- diff_page: version 1 → 2 with round 1's 500 comments placed on version 2 — budget 500 ms;
- report_page: round 1's review report (HTML) — no budget of its own; report_pdf: budget 2 s; report_xlsx;
- reviewer_page: the personal-link page of a reviewer of round 2 (the version, 500 threads, the author's answers
  to their comments of round 1, the scores form) — budget 150 ms.
"""
import argparse
import os
import statistics
import sys
import time
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests")]

from modules_support import anchors_on, module_markdown, revise  # noqa: E402

from lti_tool.modules.domain.anchors import place_all  # noqa: E402
from lti_tool.modules.domain.diff import diff_versions  # noqa: E402
from lti_tool.modules.domain.sections import split_sections, word_count  # noqa: E402

BUDGET_MS = {"diff": 500, "place_all": 500, "round_page": 200, "diff_page": 500, "report_pdf": 2000,
             "reviewer_page": 150}


def timed(function, repeat):
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sections", type=int, default=50)
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--anchors", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--pages", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--page-repeat", type=int, default=7)
    parser.add_argument("--only", nargs="*", help="time only these pages (names as in the table)")
    args = parser.parse_args()

    markdown = module_markdown(sections=args.sections, words=args.words)
    v1 = split_sections(markdown)
    v2 = revise(v1)
    anchors = anchors_on(v1, args.anchors)
    renamed = diff_versions(v1, v2).renamed
    print(f"version 1: {len(v1)} sections, {word_count(v1)} words; version 2: {len(v2)} sections, "
          f"{word_count(v2)} words; {len(anchors)} anchors")

    steps = {
        "split": lambda: split_sections(markdown),
        "diff": lambda: diff_versions(v1, v2),
        "place_all": lambda: place_all(anchors, v2, renamed=renamed),
    }
    results, rows = {}, []
    for name, function in steps.items():
        walls, cpus, results[name] = timed(function, args.repeat)
        rows.append((name, walls, cpus, BUDGET_MS.get(name), ""))
    failed = table(f"domain (median of {args.repeat} runs)", rows)
    diff = results["diff"]
    print(f"diff: {len(diff.changed)} changed, {len(diff.added)} added, {len(diff.removed)} removed, "
          f"{len(diff.moved)} moved, {len(diff.unchanged)} unchanged")
    placed = Counter(p.status.value for p in results["place_all"])
    print("anchors: " + ", ".join(f"{count} {status}" for status, count in placed.most_common()))
    if args.pages:
        failed |= page_timings(max(5, args.page_repeat), args.only)
    return 1 if failed else 0


def table(title, rows):
    """Print ``rows`` [(name, walls, cpus, budget, note)] as a table; True when a median is over its budget."""
    print(f"\n{title}\n{'name':<15} {'median ms':>10} {'max ms':>9} {'cpu ms':>9} {'budget':>7} {'ratio':>6}  note")
    failed = False
    for name, walls, cpus, budget, note in rows:
        median = statistics.median(walls)
        over = budget is not None and median > budget
        failed |= over
        ratio = f"{median / budget:6.2f}" if budget else f"{'–':>6}"
        print(f"{name:<15} {median:10.1f} {max(walls):9.1f} {statistics.median(cpus):9.1f} "
              f"{budget if budget else '–':>7} {ratio}  {note}{'  OVER' if over else ''}")
    return failed


def _count(marker, expected):
    def check(data):
        found = data.decode("utf-8").count(marker)
        assert found == expected, f"{marker!r}: {found} times, expected {expected}"
    return check


def _starts(prefix):
    def check(data):
        assert data.startswith(prefix), data[:40]
    return check


def _all(*checks):
    def check(data):
        for one in checks:
            one(data)
    return check


def pages_of(big, comments):
    """(name, URL, budget, check of the body) of every page timed; a check that fails stops the bench (a broken
    page must not look fast)."""
    launch, first, second = f"launch={big['teacher']}", big["round"], big["open_round"]
    old, new = big["versions"]
    return [
        ("round_page", f"/modules/rounds/{first}?{launch}", BUDGET_MS["round_page"],
         _all(_count('data-testid="round-comments"', 1), _count('data-comment="', comments))),
        ("round_page_open", f"/modules/rounds/{second}?{launch}", BUDGET_MS["round_page"],
         _all(_count('data-testid="round-comments"', 1), _count('data-comment="', comments))),
        ("diff_page", f"/modules/diff?from={old}&to={new}&{launch}", BUDGET_MS["diff_page"],
         _all(_count('data-testid="carried-summary"', 1), _count('data-testid="carried-comment"', comments))),
        ("report_page", f"/modules/rounds/{first}/report?{launch}", None, _count('data-testid="report"', 1)),
        ("report_pdf", f"/modules/rounds/{first}/report.pdf?{launch}", BUDGET_MS["report_pdf"], _starts(b"%PDF-")),
        ("report_xlsx", f"/modules/rounds/{first}/report.xlsx?{launch}", None, _starts(b"PK\x03\x04")),
        ("reviewer_page", f"/modules/review/{big['reviewer_token']}/", BUDGET_MS["reviewer_page"],
         _all(_count('data-testid="module-text"', 1), _count('data-testid="thread"', comments),
              _count('data-testid="previous-answers"', 1))),
    ]


def page_timings(repeat, only=None):
    """The pages on the big rounds (``module_data.build_big_round``), through Flask's test client (server time in
    this process); True when a median is over its budget."""
    import sqlalchemy as sa
    from module_data import build_big_round, make_app

    from lti_tool.extensions import db

    app, _folder = make_app()
    app.config["LATIH_REVIEW_PAGE_LIMIT"] = 1_000_000  # counted as always, never refused however many runs
    rows = []
    with app.app_context():
        big = build_big_round(app)
        engine = db.engine
    # The requests are made outside that app context: each has its own, with its own database session, as in a
    # server (inside it, every request would share one session and its identity map).
    client, statements = big["client"], []
    sa.event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    for name, url, budget, check in pages_of(big, 500):
        if only and name not in only:
            continue

        def fetch(url=url, check=check):
            response = client.get(url)
            assert response.status_code == 200, (url.split("?")[0], response.status_code)
            check(response.data)
            return len(response.data)

        fetch()  # warm: templates compiled, the roster read, the reviewer's first opening recorded
        statements.clear()
        fetch()
        queries = len(statements)
        walls, cpus, size = timed(fetch, repeat)
        rows.append((name, walls, cpus, budget, f"{queries:3d} queries  {size // 1024:4d} KB"))
    database = engine.url.get_backend_name()
    return table(f"pages on {database} (median of {repeat} runs; versions 1→2, round 1: 30 reviewers, 500 answered "
                 f"comments; round 2 open: 500 comments)", rows)


if __name__ == "__main__":
    sys.exit(main())
