"""`bipin worker`: run the background jobs (long imports, large computations).

`bipin serve` starts one worker beside the web server unless told not to
(``--no-worker``, ``BIPIN_JOB_WORKER=0``); in production workers run as
services of their own, as many as the machine has cores to spare
(docs/jobs.md). The worker is django-tasks-db's: it takes queued jobs from
the database, one at a time, with row locks so several never take the same.

Besides the queue, a worker looks every half minute (half of
BIPIN_JOB_STALL_SECONDS) for jobs whose worker
stopped (no heartbeat) and queues them again, and, when `bipin serve` started
it, ends when that server ends.
"""

from __future__ import annotations

import argparse
import os
import signal
import threading
import time


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--interval", type=float, default=1.0,
                        help="队列空闲时的查询间隔(秒)/ seconds between looks at an empty queue")
    # Set by `bipin serve` for the worker it starts: end when that process ends.
    parser.add_argument("--parent", type=int, default=None, help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    from bipin.commands.serve import setup_django
    from bipin.env import ConfigError

    try:
        setup_django()
    except ConfigError as exc:
        print(exc)
        return 2
    from django.core.management import call_command

    from bipin.jobs.services import revive_stalled

    revive_stalled()  # what was running when the server stopped carries on now
    threading.Thread(target=_housekeeping, args=(args.parent,), daemon=True, name="job-housekeeping").start()
    call_command("db_worker", interval=args.interval, reload=False, verbosity=0)
    return 0


def _housekeeping(parent: int | None) -> None:
    from django.db import close_old_connections

    from bipin.jobs.runner import stall_seconds
    from bipin.jobs.services import revive_stalled

    last = time.monotonic()
    while True:
        time.sleep(1)
        if parent is not None and os.getppid() != parent:
            # The server that started this worker is gone. A first SIGTERM asks
            # django-tasks' worker to stop after its job, a second stops the job
            # too: its transaction is rolled back and a restart resumes it.
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.2)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        if time.monotonic() - last >= stall_seconds() / 2:
            close_old_connections()
            revive_stalled()
            last = time.monotonic()


class BesideServer:
    """The one worker `bipin serve` runs beside itself, started again if it dies.

    A context manager around serving: the worker starts first (a restart
    resumes what was running) and is stopped when serving ends; if the server
    is killed outright, the worker notices its parent is gone and ends itself.
    """

    def __init__(self):
        self.process = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._supervise, daemon=True, name="job-worker")

    def __enter__(self):
        self._owner = os.getpid()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if os.getpid() != self._owner:
            # A gunicorn web worker, forked inside this block, leaves it too when it
            # exits: the job worker is not its to stop.
            return
        self._stopping.set()
        process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except Exception:
                process.kill()

    def _supervise(self) -> None:
        import subprocess
        import sys

        while not self._stopping.is_set():
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bipin", "worker", "--parent", str(os.getpid())])
            self.process.wait()
            if self._stopping.wait(1):
                return
            print("后台任务进程已退出,正在重启 / the job worker stopped; starting it again",
                  file=sys.stderr, flush=True)
