"""Timing for ``bench/learning_record.py``: runs, the table, the plans, and ``--baseline COMMIT`` (the record's
modules as they were at a commit, timed alternately with the current ones)."""
import os
import re
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def baseline_module(ref, name, replace=None):
    """``lti_tool.record.<name>`` as it was at the git commit ``ref`` (``git show``), loaded beside the current one
    as ``lti_tool.record._baseline_<name>``; ``replace``: names to set in it before it runs its body."""
    import importlib.util
    import subprocess
    import types

    source = subprocess.run(["git", "show", f"{ref}:lti_tool/record/{name}.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    module = types.ModuleType(f"lti_tool.record._baseline_{name}")
    module.__package__ = "lti_tool.record"
    module.__spec__ = importlib.util.spec_from_loader(module.__name__, loader=None)
    sys.modules[module.__name__] = module
    exec(compile(source, f"{ref}:{name}.py", "exec"), module.__dict__)  # noqa: S102 (our own repository)
    module.__dict__.update(replace or {})  # after its imports, which bind the current modules' names
    return module


def timed_against(function, old, repeat):
    """``function`` and ``old`` run alternately (the machine's load falls on both alike)."""
    walls, cpus, old_walls, old_cpus = [], [], [], []
    for _ in range(repeat):
        for f, w, c in ((function, walls, cpus), (old, old_walls, old_cpus)):
            wall, cpu = time.perf_counter(), time.process_time()
            f()
            w.append((time.perf_counter() - wall) * 1000)
            c.append((time.process_time() - cpu) * 1000)
    return walls, cpus, old_walls, old_cpus


def old_versions(ref):
    """{bench name: (module, attribute, the function as it was at ``ref``)} of the export and the unit's summary."""
    from lti_tool.record import exports, summaries

    old_summaries = baseline_module(ref, "summaries")
    old_exports = baseline_module(ref, "exports", {"export_rows": old_summaries.export_rows})
    return {"unit_csv": (exports, "csv_chunks", old_exports.csv_chunks),
            "unit_summary": (summaries, "unit_summary", old_summaries.unit_summary)}


def as_old(swap, fetch):
    """``fetch`` with the old function swapped in for the run."""
    module, attribute, old = swap

    def run():
        new = getattr(module, attribute)
        setattr(module, attribute, old)
        try:
            return fetch()
        finally:
            setattr(module, attribute, new)
    return run


def timed(function, repeat):
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus


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


def explain(engine, captured, wanted):
    """EXPLAIN (ANALYZE, BUFFERS) of the captured statements that match ``wanted`` (a regular expression)."""
    with engine.connect() as conn:
        for statement, parameters in captured:
            if re.search(wanted, statement, re.S):
                plan = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters).scalars().all()
                print("\n" + " ".join(statement.split())[:300] + "\n" + "\n".join(plan))
