"""Launch benchmark: full Moodle-shaped launches against the tool under gunicorn, and a floor in the same run.

    .venv/bin/python bench/launch.py [--flows 500] [--concurrency 8] [--rounds 3] [--baseline PATH]

Needs PostgreSQL and Redis (production-like): ``--database-url`` (default: $DATABASE_URL) names a server and a
database, next to which the bench makes (drops and creates) ``<name>_bench``; ``--redis-url`` (default:
$REDIS_URL) with keys under ``latih-bench:``. The tool runs as ``scripts/run`` runs it, ``gunicorn --preload
--workers 2 --threads 4 wsgi:app``, with ``LATIH_ENV=production`` behind a (pretend) TLS proxy
(``LATIH_PROXY_FIX=1``, ``X-Forwarded-Proto: https``). The floor (bench/launch_floor.py) runs under the same
gunicorn settings and answers the same four requests per flow with no database, no Redis and no checks.

A flow is one learner (``Peserta 00042``) in one browser tab (its own cookie jar and connection):
login initiation (POST /lti/login: the probe page), the login's second pass (302 to Moodle's auth.php), Moodle's
auth.php (the fake Moodle of tests/fakeplatform.py, in this process: it signs the id_token), the id_token POST
(303) and the landing page, which must name that learner. ``--concurrency`` tabs run at once. Each round runs the
tool and the floor (order alternating); medians over rounds are printed last, with the ratio tool/floor, since
on a shared machine the ratio is steadier than either figure. Server CPU is the gunicorn workers' user+system
time read from /proc before and after a run, divided by the flows; the PostgreSQL backends serving the bench
database are counted apart (Redis, shared with other users of the machine, is not). Exits non-zero on any failed flow.

``--baseline PATH`` also runs the tool as checked out at PATH (e.g. a worktree of main) on the same database.
"""
import argparse
import http.client
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from html import escape
from urllib.parse import parse_qs, urlencode, urlsplit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests")]

STEPS = ("login", "redirect", "auth", "launch", "landing")
CLK_TCK = os.sysconf("SC_CLK_TCK")


class FlowError(AssertionError):
    pass


def bench_platform(tool_base):
    from fakeplatform import FakePlatform

    class BenchPlatform(FakePlatform):
        """The fake Moodle, with a name per learner so each landing page can be checked to show its learner."""

        @staticmethod
        def _as_user(claims, user_id):
            claims["sub"] = user_id
            number = user_id.rsplit("-", 1)[-1]
            claims.update(name=f"Peserta {number}", given_name="Peserta", family_name=number,
                          email=f"peserta{number}@example.go.id")
            return claims

    return BenchPlatform(tool_base=tool_base)


class Tab:
    """One browser tab: a cookie jar (name → value; this client is the TLS proxy, so Secure cookies are sent)
    and one kept-alive connection for the flow."""

    def __init__(self, port, proxied):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = {}
        self.headers = {"Host": f"localhost:{port}", "Accept-Language": "id"}
        if proxied:
            self.headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-Host": f"localhost:{port}"})

    def request(self, method, path, form=None):
        headers = dict(self.headers)
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or ():
            self._keep(header)
        return response.status, response.headers, data

    def _keep(self, header):
        pair, _, attributes = header.partition(";")
        name, _, value = pair.strip().partition("=")
        attributes = attributes.lower()
        if "max-age=0" in attributes or "1970" in attributes:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

    def close(self):
        self.conn.close()


def _expect(step, status, wanted, body):
    if status != wanted:
        refusal = body.split('data-refusal="', 1)[1].split('"', 1)[0] if 'data-refusal="' in body else body[:200]
        raise FlowError(f"{step}: HTTP {status}, expected {wanted}: {refusal}")


def flow(server, platform, number):
    """One learner's launch; returns the seconds each step took."""
    user = f"bench-{number:05d}"
    form = platform.login_initiation_form("student", user_id=user)
    tab, times = Tab(server["port"], server["proxied"]), {}
    try:
        started = time.perf_counter()
        status, _, body = tab.request("POST", "/lti/login", form)
        _expect("login", status, 200, body)
        times["login"], started = time.perf_counter() - started, time.perf_counter()
        status, headers, body = tab.request("POST", "/lti/login", dict(form, probe="1"))
        _expect("redirect", status, 302, body)
        location = headers["Location"]
        if not location.startswith(platform.issuer + "/mod/lti/auth.php?"):
            raise FlowError(f"redirect: to {location[:100]}")
        times["redirect"], started = time.perf_counter() - started, time.perf_counter()
        status, answer = platform.auth_response({k: v[0] for k, v in parse_qs(urlsplit(location).query).items()})
        if status != 200:
            raise FlowError(f"auth.php: {answer}")
        times["auth"], started = time.perf_counter() - started, time.perf_counter()
        status, headers, body = tab.request("POST", "/lti/launch", {"id_token": answer["id_token"],
                                                                     "state": answer["state"]})
        _expect("launch", status, 303, body)
        target = urlsplit(headers["Location"])
        times["launch"], started = time.perf_counter() - started, time.perf_counter()
        status, _, body = tab.request("GET", target.path + "?" + target.query)
        _expect("landing", status, 200, body)
        if escape(f"Peserta {number:05d}") not in body:
            raise FlowError("landing: the page does not name the learner")
        times["landing"] = time.perf_counter() - started
    finally:
        tab.close()
    return times


def _cpu_seconds(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLK_TCK


def _database_backends():
    """{pid: CPU seconds} of the PostgreSQL backends serving the bench's database (``…_bench`` in their title)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                title = fh.read().decode(errors="replace")
            if title.startswith("postgres:") and "_bench " in title:
                found[int(entry)] = _cpu_seconds([int(entry)])
        except OSError:  # gone meanwhile
            continue
    return found


def _workers(server):
    pid = server["process"].pid
    with open(f"/proc/{pid}/task/{pid}/children") as fh:
        return sorted(int(p) for p in fh.read().split())


def run(server, platform, first, count, concurrency):
    """``count`` flows numbered from ``first``; returns the run's figures."""
    workers = _workers(server)
    cpu_before, own_before, db_before = _cpu_seconds(workers), time.process_time(), _database_backends()
    errors, times, lock = [], [], threading.Lock()

    def one(number):
        try:
            result = flow(server, platform, number)
        except Exception as exc:  # noqa: BLE001 - counted and reported
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}")
            return
        with lock:
            times.append(result)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(first, first + count)))
    wall = time.perf_counter() - started
    if _workers(server) != workers:
        errors.append(f"gunicorn workers changed during the run: {workers} -> {_workers(server)}")
    return {
        "flows": count, "ok": len(times), "errors": errors, "wall": wall, "rate": len(times) / wall,
        "server_cpu_ms": 1000 * (_cpu_seconds(workers) - cpu_before) / count,
        "database_cpu_ms": 1000 * sum(cpu - db_before.get(pid, 0) for pid, cpu in _database_backends().items()) / count,
        "bench_cpu_ms": 1000 * (time.process_time() - own_before) / count,
        "steps": {s: _percentiles([t[s] for t in times]) for s in STEPS},
    }


def _percentiles(values):
    if not values:
        return (float("nan"), float("nan"))
    values = sorted(values)
    return (1000 * statistics.median(values), 1000 * values[min(len(values) - 1, int(0.95 * len(values)))])


def _fresh_database(url):
    """Drop and create ``<name>_bench`` on ``url``'s server; its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    import config

    parsed = make_url(config._normalise_db_url(url))
    name = f"{parsed.database}_bench"
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def prepare(database_url, redis_url, platform, instance):
    """Migrate, register the fake Moodle (one active deployment), make the tool's key; empty the bench's Redis keys."""
    import logging

    import redis
    from flask_migrate import upgrade
    from support import register

    from lti_tool import create_app
    from lti_tool.extensions import db
    from lti_tool.lti.keys import ensure_active_key

    for key in redis.Redis.from_url(redis_url).scan_iter("latih-bench*"):
        redis.Redis.from_url(redis_url).delete(key)
    app = create_app({"LATIH_ENV": "testing", "DATABASE_URL": database_url, "REDIS_URL": redis_url,
                      "SECRET_KEY": "bench-" + "x" * 32, "LATIH_INSTANCE_PATH": instance})
    with app.app_context():
        logging.disable(logging.INFO)  # Alembic's migration log
        upgrade()
        logging.disable(logging.NOTSET)
        register(platform)
        ensure_active_key()
        db.session.remove()
        db.engine.dispose()


def seed_keyset(redis_url, platform, names):
    """Put the fake Moodle's JWKS in each tool's cache, as the tool's first fetch would (LATIH_JWKS_CACHE_SECONDS):
    the fake serves http:// on 127.0.0.1, which production's fetch policy refuses (https, public addresses only)."""
    import json

    import redis

    from lti_tool.lti.platform_keys import _cache_key

    client = redis.Redis.from_url(redis_url)
    for name in names:
        client.set(f"latih-bench-{name}:" + _cache_key(platform.issuer + "/mod/lti/certs.php"),
                   json.dumps(platform.jwks()), ex=24 * 3600)


def start(name, tree, app_spec, env, port, args, log_path):
    import subprocess

    command = [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "--bind", f"127.0.0.1:{port}",
               "--chdir", tree, "--preload", "--workers", str(args.workers), "--threads", str(args.threads),
               *(["--pythonpath", os.path.join(ROOT, "bench")] if name == "floor" else []), app_spec]
    log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
    process = subprocess.Popen(command, cwd=tree, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = {"name": name, "port": port, "process": process, "log": log, "log_path": log_path,
              "proxied": name != "floor"}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{name}: gunicorn exited:\n{open(log_path).read()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/lti/jwks", headers={"X-Forwarded-Proto": "https"})
            if conn.getresponse().status == 200 and len(_workers(server)) == args.workers:
                return server
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{name}: gunicorn did not answer within 60 s:\n{open(log_path).read()}")


def stop(server):
    server["process"].terminate()
    server["process"].wait(timeout=30)
    server["log"].close()


def report(name, runs, flows, concurrency):
    rate = statistics.median(r["rate"] for r in runs)
    errors = sum(len(r["errors"]) for r in runs)
    steps = "  ".join(f"{s} {statistics.median(r['steps'][s][0] for r in runs):.0f}/"
                      f"{statistics.median(r['steps'][s][1] for r in runs):.0f}" for s in STEPS)
    print(f"{name:<9} {flows} flows, {concurrency} at a time: {rate:6.1f} flows/s, "
          f"{statistics.median(r['wall'] for r in runs):5.1f} s for all, "
          f"server CPU {statistics.median(r['server_cpu_ms'] for r in runs):5.1f} ms/flow "
          f"(+ PostgreSQL {statistics.median(r['database_cpu_ms'] for r in runs):4.1f}), "
          f"bench CPU {statistics.median(r['bench_cpu_ms'] for r in runs):4.1f} ms/flow, {errors} errors "
          f"(medians of {len(runs)})\n          p50/p95 ms  {steps}")
    return rate


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--flows", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=24, help="unmeasured flows per server first (default 24)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL"))
    parser.add_argument("--baseline", metavar="PATH", help="also bench the tool checked out at PATH")
    args = parser.parse_args()
    if not (args.database_url or "").startswith("postgres") or not args.redis_url:
        sys.exit("bench/launch.py needs PostgreSQL and Redis: --database-url postgresql://… --redis-url redis://…")

    from servers import free_port

    tmp = tempfile.mkdtemp(prefix="latih-bench-launch-")
    database_url = _fresh_database(args.database_url)
    ports = {name: free_port() for name in ("tool", "floor", "baseline")}
    platform = bench_platform(f"https://localhost:{ports['tool']}")
    platform.serve()
    platform.redirect_uris = [f"https://localhost:{ports[n]}/lti/launch" for n in ("tool", "baseline")]
    platform.redirect_uris.append(f"http://localhost:{ports['floor']}/lti/launch")
    prepare(database_url, args.redis_url, platform, os.path.join(tmp, "instance"))
    seed_keyset(args.redis_url, platform, ("tool", "baseline"))
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("LATIH_") and k not in (
        "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "GUNICORN_CMD_ARGS")}

    def tool_env(name):
        return dict(base_env, LATIH_ENV="production", SECRET_KEY="bench-secret-" + "z" * 32,
                    DATABASE_URL=database_url, REDIS_URL=args.redis_url, LATIH_REDIS_PREFIX=f"latih-bench-{name}:",
                    LATIH_PROXY_FIX="1", LATIH_BASE_URL=f"https://localhost:{ports[name]}",
                    LATIH_INSTANCE_PATH=os.path.join(tmp, "instance-" + name))

    servers = [start("tool", ROOT, "wsgi:app", tool_env("tool"), ports["tool"], args, os.path.join(tmp, "tool.log")),
               start("floor", ROOT, "launch_floor:create_app()", base_env, ports["floor"], args,
                     os.path.join(tmp, "floor.log"))]
    if args.baseline:
        servers.append(start("baseline", os.path.abspath(args.baseline), "wsgi:app", tool_env("baseline"),
                             ports["baseline"], args, os.path.join(tmp, "baseline.log")))
    results, number = {s["name"]: [] for s in servers}, 0
    try:
        for server in servers:
            warm = run(server, platform, number, args.warmup, args.concurrency)
            number += args.warmup
            if warm["errors"]:
                sys.exit(f"{server['name']}: warm-up failed: {warm['errors'][:3]}")
        for round_no in range(1, args.rounds + 1):
            order = servers if round_no % 2 else servers[::-1]
            for server in order:
                platform.launches.clear()
                platform.auth_requests.clear()
                result = run(server, platform, number, args.flows, args.concurrency)
                number += args.flows
                results[server["name"]].append(result)
                print(f"  round {round_no} {server['name']:<8} {result['rate']:6.1f} flows/s, "
                      f"{result['wall']:5.1f} s, server CPU {result['server_cpu_ms']:5.1f} ms/flow, "
                      f"{len(result['errors'])} errors {result['errors'][:2]}", file=sys.stderr, flush=True)
    finally:
        for server in servers:
            stop(server)
        platform.shutdown()
    rates = {name: report(name, runs, args.flows, args.concurrency) for name, runs in results.items()}
    per_round = [t["rate"] / f["rate"] for t, f in zip(results["tool"], results["floor"], strict=True)]
    print(f"ratio     tool/floor flows/s {statistics.median(per_round):.2f} (per round: "
          + " ".join(f"{r:.2f}" for r in per_round) + ")")
    if args.baseline:
        print(f"speed-up  tool/baseline flows/s {rates['tool'] / rates['baseline']:.1f}x")
    print(f"machine   {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end; logs in {tmp}")
    if any(r["errors"] for runs in results.values() for r in runs):
        sys.exit(1)


if __name__ == "__main__":
    main()
