"""Module-review benchmark (issue 13): the pure domain on a module of 50 sections and about 20,000 words.

    .venv/bin/python bench/module_review.py [--sections 50] [--words 20000] [--anchors 500] [--repeat 15]

Generates, deterministically (random.Random with fixed seeds, ``tests/modules_support.py``), version 1 of a module,
version 2 with about 10% of its sections edited (a word replaced, a sentence added, a paragraph removed) and one
section renamed, one moved, one removed and one added, and 500 comments anchored on version 1 (quotes of 2–15
words, as 30 reviewers would select them). Times, repeated ``--repeat`` times:

- diff: ``diff_versions(v1, v2)`` (section pairing, moves, the word diff of every changed section) — budget 500 ms;
- place_all: the 500 anchors of version 1 placed on version 2 (``place_all``, the version indexed once, renamed
  sections followed through the diff) — budget 500 ms;
- split: the Markdown of version 1 split into sections.

Prints the median, the slowest run and the CPU time median per step, and how the anchors were placed; exits non-zero
when a median is over its budget.

Then the pages (``--pages``, on by default; ``--no-pages`` skips them), on the app with SQLite, or PostgreSQL when
DATABASE_URL is set (an empty database: it is migrated and filled): the big round of ``bench/module_data.py``
(50 sections, 30 reviewers in 3 groups, 500 answered comments), server time through Flask's test client, median of
``--page-repeat`` runs (at least 5):

- report page: the round's review report (HTML) — no budget of its own (the round page's is 200 ms);
- report PDF: budget 2 s (issue 13);
- report XLSX.
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

BUDGET_MS = {"diff": 500, "place_all": 500, "report_pdf": 2000}


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
    failed = False
    results = {}
    for name, function in steps.items():
        walls, cpus, results[name] = timed(function, args.repeat)
        median = statistics.median(walls)
        budget = BUDGET_MS.get(name)
        over = budget is not None and median > budget
        failed |= over
        print(f"{name:>10}: median {median:7.1f} ms  max {max(walls):7.1f} ms  cpu median "
              f"{statistics.median(cpus):7.1f} ms" + (f"  (budget {budget} ms{', OVER' if over else ''})"
                                                     if budget else ""))
    diff = results["diff"]
    print(f"diff: {len(diff.changed)} changed, {len(diff.added)} added, {len(diff.removed)} removed, "
          f"{len(diff.moved)} moved, {len(diff.unchanged)} unchanged")
    placed = Counter(p.status.value for p in results["place_all"])
    print("anchors: " + ", ".join(f"{count} {status}" for status, count in placed.most_common()))
    if args.pages:
        failed |= page_timings(max(5, args.page_repeat))
    return 1 if failed else 0


def page_timings(repeat):
    """The report's page, PDF and XLSX on the big round (``module_data.build_big_round``); True when over budget."""
    from module_data import build_big_round, make_app

    app, _folder = make_app()
    failed = False
    with app.app_context():
        big = build_big_round(app)
        client, token, number = big["client"], big["teacher"], big["round"]
        database = app.config.get("SQLALCHEMY_DATABASE_URI", "").split(":", 1)[0]
        print(f"pages on {database}: round {number} with 30 reviewers and 500 comments")
        for name, suffix in (("report_page", "report"), ("report_pdf", "report.pdf"),
                             ("report_xlsx", "report.xlsx")):
            def fetch(suffix=suffix):
                response = client.get(f"/modules/rounds/{number}/{suffix}?launch={token}")
                assert response.status_code == 200, response.status_code
                return len(response.data)
            walls, cpus, size = timed(fetch, repeat)
            median = statistics.median(walls)
            budget = BUDGET_MS.get(name)
            over = budget is not None and median > budget
            failed |= over
            print(f"{name:>11}: median {median:7.1f} ms  max {max(walls):7.1f} ms  cpu median "
                  f"{statistics.median(cpus):7.1f} ms  {size // 1024} KB" + (
                      f"  (budget {budget} ms{', OVER' if over else ''})" if budget else ""))
    return failed


if __name__ == "__main__":
    sys.exit(main())
