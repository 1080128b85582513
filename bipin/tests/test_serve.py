"""`bipin serve --workers N` is supervised: a worker that dies is replaced while
requests keep being answered, a port that is taken stops start-up at once with
a message, and stopping or killing the server leaves nothing holding the port,
nor its background-job worker running."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bipin.testing.server import (
    SQLITE_OF_ITS_OWN,
    bipin_serve,
    free_port,
    port_is_free,
    server_env,
    wait_until,
)

pytestmark = [pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                 reason="reads worker processes from /proc (Linux)"),
              SQLITE_OF_ITS_OWN]
DEADLINE = 60  # seconds; a busy 2-core machine, never a sleep


def state(pid: int) -> str | None:
    """The process's state letter, or None when it is gone (a zombie holds no port)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None if fields[0] in ("Z", "X") else fields[0]


def is_job_worker(pid: int) -> bool:
    try:
        return b"\0worker\0--parent\0" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def workers_of(pid: int, jobs: bool = False) -> set[int]:
    """The server's web workers (or, with ``jobs``, its background-job worker)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        child = int(stat.parent.name)
        if fields[1] == str(pid) and fields[0] not in ("Z", "X") and is_job_worker(child) == jobs:
            found.add(child)
    return found


def two_workers(server, without: int | None = None) -> set[int] | None:
    found = workers_of(server.pid)
    return found if len(found) == 2 and without not in found else None


def page(base: str) -> int:
    with urllib.request.urlopen(f"{base}/accounts/login/", timeout=30) as r:
        r.read()
        return r.status


def test_a_worker_that_dies_is_replaced_and_requests_keep_being_answered(tmp_path):
    with bipin_serve(server_env(tmp_path), "--workers", "2", "--threads", "2") as (base, server):
        first = wait_until(lambda: two_workers(server), DEADLINE, "two workers")
        victim, survivor = sorted(first)
        os.kill(victim, signal.SIGKILL)
        replaced = wait_until(lambda: page(base) == 200 and two_workers(server, without=victim),
                              DEADLINE, "a new worker in place of the killed one")
        (newcomer,) = replaced - {survivor}
        # With the other original worker gone too, only the newcomer can answer.
        os.kill(survivor, signal.SIGKILL)
        assert page(base) == 200
        assert state(newcomer) is not None and server.poll() is None


@pytest.mark.parametrize("command", [["serve", "--workers", "1"], ["serve", "--workers", "2"],
                                     ["demo"]], ids=["serve", "serve-2", "demo"])
def test_a_port_that_is_taken_stops_start_up_at_once_with_a_message(tmp_path, command):
    port = free_port()
    with socket.create_server(("127.0.0.1", port)):
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "bipin", *command, "--port", str(port)],
            env=server_env(tmp_path), capture_output=True, text=True, timeout=DEADLINE * 2)
        took = time.monotonic() - started
    assert result.returncode == 2, result.stderr
    assert f"无法在 127.0.0.1:{port} 上监听" in result.stderr
    assert f"cannot listen on 127.0.0.1:{port} (port in use or bad address)" in result.stderr
    assert "Traceback" not in result.stderr and "Retrying" not in result.stderr
    assert took < DEADLINE
    # Said before any migration or demo data: nothing was set up for a server that cannot start.
    assert not list(tmp_path.rglob("*.sqlite3"))


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_stopping_the_server_leaves_no_process_holding_the_port(tmp_path, how):
    with bipin_serve(server_env(tmp_path), "--workers", "2", "--threads", "2") as (base, server):
        port = int(base.rsplit(":", 1)[1])
        workers = wait_until(lambda: two_workers(server), DEADLINE, "two workers")
        workers |= wait_until(lambda: workers_of(server.pid, jobs=True), DEADLINE, "the job worker")
        os.kill(server.pid, how)
        server.wait(DEADLINE)
        wait_until(lambda: all(state(pid) is None for pid in workers), DEADLINE,
                   f"workers {sorted(workers)} leave after the server's {how.name}")
        wait_until(lambda: port_is_free(port), DEADLINE, f"port {port} free again")
    assert server.returncode == (0 if how == signal.SIGTERM else -signal.SIGKILL)
