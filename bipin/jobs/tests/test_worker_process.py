"""The real queue and worker: `bipin worker` takes a queued import from the database,
and when it is killed halfway, the next worker carries the import on to the end."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

from bipin.testing.server import SQLITE_OF_ITS_OWN, migrated, server_env, wait_until

pytestmark = SQLITE_OF_ITS_OWN

HOUSEHOLDS = 60_000  # three chunks of 20,000 rows: killed after the first
START = textwrap.dedent(f"""
    import django; django.setup()
    from bipin.testing.cast import build_cast
    from bipin.contests.services import upload_scheme
    from bipin.jobs import services
    from bipin.results.tests.conftest import SCHEME
    cast = build_cast()
    upload_scheme(cast.organizer, cast.contest, SCHEME, "scheme.yaml")
    rows = ["参评对象,来源,指标,评委,分值"] + [
        f"{{name}},department,部门评价,部门{{k:05d}},{{80 + k % 20}}"
        for k in range({HOUSEHOLDS} // 2) for name in ("南川县", "北原县")]
    data = ("\\n".join(rows) + "\\n").encode()
    job = services.start(cast.organizer, cast.contest, "results.import", "导入", data=data,
                         params={{"filename": "campaign.csv"}})
    print(job.pk)
""")


def job_state(database, job_id: int) -> tuple:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT status, checkpoint, attempts FROM jobs_job WHERE id = ?",
                          (job_id,)).fetchone()


def worker(env):
    return subprocess.Popen([sys.executable, "-m", "bipin", "worker", "--interval", "0.2"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_a_killed_worker_s_import_is_finished_by_the_next_worker(tmp_path):
    env = migrated({**server_env(tmp_path), "BIPIN_JOB_STALL_SECONDS": "3",
                    "DJANGO_SETTINGS_MODULE": "bipin.settings"})
    database = tmp_path / "bipin.sqlite3"
    job_id = int(subprocess.run([sys.executable, "-c", START], env=env, check=True,
                                capture_output=True, text=True, timeout=120).stdout.split()[-1])
    assert job_state(database, job_id)[0] == "queued"

    first = worker(env)
    try:
        wait_until(lambda: '"written"' in (job_state(database, job_id)[1] or ""), 120,
                   "the first chunk saved")
        os.kill(first.pid, signal.SIGKILL)  # the server goes down without a word
        first.wait(10)
        status, checkpoint, attempts = job_state(database, job_id)
        assert (status, attempts) == ("running", 1)
        time.sleep(0.5)
        with sqlite3.connect(database) as db:
            assert db.execute("SELECT status FROM results_importbatch").fetchall() == [("pending",)]
    finally:
        if first.poll() is None:
            first.kill()

    second = worker(env)
    try:
        wait_until(lambda: job_state(database, job_id)[0] in ("done", "failed"), 120, "the job finished")
    finally:
        second.send_signal(signal.SIGTERM)
        _out, err = second.communicate(timeout=30)
    status, _checkpoint, attempts = job_state(database, job_id)
    assert (status, attempts) == ("done", 2), err
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT status, row_count FROM results_importbatch").fetchall() == [
            ("active", HOUSEHOLDS)]
        numbers = db.execute("SELECT row_number FROM results_importedobservation").fetchall()
    assert sorted(n for (n,) in numbers) == list(range(2, HOUSEHOLDS + 2))  # every row once
    audit = subprocess.run([sys.executable, "-m", "bipin", "audit", "verify"], env=env, capture_output=True,
                           text=True, timeout=120)
    assert audit.returncode == 0, audit.stdout + audit.stderr
