"""``scripts/run`` as a newcomer starts it: one supervisor for the web server (gunicorn) and the grade worker.

Each test runs the real script on a free port with SQLite in a temporary LATIH_INSTANCE_PATH (never the suite's
database), waits for /healthz, and checks which processes exist and which are gone.
"""
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests
from servers import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.xdist_group("servers")
STARTED = re.compile(r"web \(gunicorn\) pid (\d+), grade worker pid (\d+)")


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LATIH_", "FLASK_")) and k not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY")}
    env.update(LATIH_INSTANCE_PATH=str(tmp_path / "instance"), HOST="127.0.0.1", WEB_WORKERS="2", WEB_THREADS="1")
    env.update(extra)
    return env


def _alive(pid):
    """True while ``pid`` runs (a zombie, exited but not yet reaped by its parent, counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def _cmdline(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as fh:
        return fh.read().replace(b"\0", b" ").decode()


def _poll(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)  # polling interval, not a wait for something to happen
    raise AssertionError(f"{what} within {timeout} s")


class Run:
    def __init__(self, tmp_path, port=None, **env):
        self.port = port or free_port()
        self.log_path = tmp_path / "run.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115
        self.process = subprocess.Popen([str(ROOT / "scripts/run")], cwd=ROOT, stdout=self._log,
                                        stderr=subprocess.STDOUT, start_new_session=True,
                                        env=_env(tmp_path, PORT=str(self.port), **env))

    def log(self):
        return self.log_path.read_text(errors="replace")

    def pids(self, timeout=60):
        """(web pid, worker pid) once the script has started both and /healthz answers 200."""
        def healthy():
            assert self.process.poll() is None, f"scripts/run exited with {self.process.returncode}:\n{self.log()}"
            try:
                return requests.get(f"http://127.0.0.1:{self.port}/healthz", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        _poll(healthy, timeout, f"/healthz answering 200:\n{self.log()}")
        match = STARTED.search(self.log())
        assert match, self.log()
        return int(match.group(1)), int(match.group(2))

    def close(self):
        """Nothing left behind, also after a failed test: gunicorn runs in a process group of its own."""
        match = STARTED.search(self.log())
        groups = {self.process.pid}
        for pid in map(int, match.groups() if match else ()):
            try:
                groups.add(os.getpgid(pid))
            except ProcessLookupError:
                pass
        for group in groups:
            try:
                os.killpg(group, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.process.poll() is None:
            self.process.wait(timeout=10)
        self._log.close()


@pytest.fixture
def run(tmp_path):
    started = []

    def start(port=None, **env):
        started.append(Run(tmp_path, port, **env))
        return started[-1]

    yield start
    for r in started:
        r.close()


def _stops_on(r, sig):
    web, worker = r.pids()
    # /healthz answers as soon as one web worker is up; under load the second one forks a moment later.
    _poll(lambda: len(_children(web)) == 2, 30, "two web workers")
    web_workers = _children(web)
    assert "gunicorn" in _cmdline(web)
    assert "grades deliver" in _cmdline(worker)
    # The worker is this script's child, like gunicorn.
    assert sorted(_children(r.process.pid)) == sorted([web, worker])

    r.process.send_signal(sig)
    assert r.process.wait(timeout=30) == 0, r.log()
    _poll(lambda: not any(_alive(p) for p in (web, worker, *web_workers)), 10, "web and worker gone")
    return re.findall(r"\S+/lti/register\?reg=\S+", r.log())


def test_one_signal_stops_web_and_worker_and_a_restart_prints_the_same_link(run):
    port = free_port()
    first = _stops_on(run(port), signal.SIGINT)  # Ctrl-C
    again = _stops_on(run(port), signal.SIGTERM)
    assert len(first) == 1 and again == first
    assert first[0].startswith(f"http://127.0.0.1:{port}/lti/register?reg=")


@pytest.mark.parametrize("victim", ["worker", "web"])
def test_when_one_dies_the_other_is_stopped_and_the_script_fails(run, victim):
    r = run()
    web, worker = r.pids()
    web_workers = _children(web)
    os.kill(worker if victim == "worker" else web, signal.SIGKILL)
    assert r.process.wait(timeout=30) != 0, r.log()
    _poll(lambda: not any(_alive(p) for p in (web, worker, *web_workers)), 10, "both gone")
    assert "stopped" in r.log()


@pytest.mark.parametrize("env, message", [
    ({"HOST": "0.0.0.0"}, "Set LATIH_BASE_URL"),
    ({"LATIH_ADMIN_USERNAME": "admin", "LATIH_ADMIN_PASSWORD": "short"}, "at least 10 characters"),
    ({"HOST": "0.0.0.0", "LATIH_BASE_URL": "http://0.0.0.0:5000"}, "not an address an LMS or a browser can reach"),
])
def test_settings_that_cannot_work_stop_the_start(run, env, message):
    r = run(**env)
    assert r.process.wait(timeout=60) != 0
    assert message in r.log()
    assert "Traceback" not in r.log()
    assert STARTED.search(r.log()) is None  # nothing was served
