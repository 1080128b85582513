"""A campaign through the web app: import its values and compute it, as background jobs.

The fictional 星级文明户 campaign of ``bench.compute`` (households in 50
villages × 20 checklist items) goes through what an organizer's clicks run:
the household list imported into a contest, the values file imported by a
background job (checked, saved in chunks with their audit records, made to
count), the contest computed by a job into a snapshot, and every household's
report card made by a job into one ZIP of PDFs. Each database runs
in a fresh process, so its peak memory is its own; the jobs run inline
(django-tasks' immediate backend), so the figures are the work, not the
queue's polling.

Baseline of the same run: ``bipin compute`` of the same files (reading, every
check and the scoring, without a database), as ``bench.compute`` measures it.

    python -m bench app                              # 10,000 households (200,000 values)
    BENCH_HOUSEHOLDS=100000 python -m bench app      # 2,000,000 values
    BENCH_APP_DB=sqlite python -m bench app          # one database (default: both when
                                                     # PostgreSQL answers on 127.0.0.1:5432)
    BENCH_APP_CARDS=0 python -m bench app            # without the cards (default: with them
                                                     # up to 10,000 households)
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.compute import VILLAGES, _measure, generate
from bipin.testing.server import fresh_postgres_database, postgres_answers

PG_NAME = "bipin_bench_app"


def _child(folder: str) -> None:
    """Set up a contest, then import and compute it through the jobs; prints JSON figures."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from bipin.contests import services as contests
    from bipin.jobs import services as jobs
    from bipin.jobs.models import Job
    from bipin.testing.cast import make_user

    here = Path(folder)
    call_command("migrate", verbosity=0)
    organizer = make_user("bench_organizer")
    contest = contests.create_contest(organizer, name="示例星级文明户评定(虚构基准数据)", slug="bench-app")
    contests.upload_scheme(organizer, contest, (here / "scheme.yaml").read_bytes(), "scheme.yaml")
    for v in range(VILLAGES):
        contests.add_group(organizer, contest, f"示例村{v + 1}")
    t0 = time.perf_counter()
    contests.import_entrants(organizer, contest, (here / "households.csv").read_bytes(), "households.csv")
    entrants_s = time.perf_counter() - t0
    data = (here / "values.csv").read_bytes()
    t0 = time.perf_counter()
    imported = jobs.start(organizer, contest, "results.import", "导入", data=data,
                          params={"filename": "values.csv"})
    import_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    computed = jobs.start(organizer, contest, "results.compute", "计算成绩")
    compute_s = time.perf_counter() - t0
    done = [imported, computed]
    cards_s = cards = 0
    if os.environ.get("BENCH_APP_CARDS") == "1":
        t0 = time.perf_counter()
        done.append(jobs.start(organizer, contest, "results.cards", "成绩单",
                               params={"snapshot": computed.outcome["snapshot"]}))
        cards_s, cards = time.perf_counter() - t0, done[-1].outcome.get("count", 0)
    for job in done:
        if job.status != Job.Status.DONE:
            raise SystemExit(f"{job.kind}: {job.status} {job.problems[:3]}")
    print(json.dumps({
        "entrants_s": entrants_s, "import_s": import_s, "rows": imported.outcome["rows"],
        "compute_s": compute_s, "cards_s": cards_s, "cards": cards, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def child_env(db: str, folder: Path, pg_name: str = PG_NAME) -> dict[str, str]:
    """A benchmark child process's environment: its own folder, or a fresh PostgreSQL database."""
    env = {**os.environ, "BIPIN_VAR_DIR": str(folder / f"var-{db}"), "BIPIN_MODE": "development",
           "DJANGO_SETTINGS_MODULE": "bipin.settings", "BIPIN_IMPORT_MAX_ROWS": "100000000"}
    env.pop("BIPIN_DB", None)
    if db == "postgres":
        env.update(BIPIN_DB="postgres", BIPIN_DB_NAME=pg_name,
                   BIPIN_DB_HOST=env.get("BIPIN_DB_HOST", "127.0.0.1"),
                   BIPIN_DB_USER=env.get("BIPIN_DB_USER", "postgres"))
        fresh_postgres_database(pg_name, env["BIPIN_DB_HOST"], env["BIPIN_DB_USER"])
    else:
        (folder / f"var-{db}").mkdir()
    return env


def _run(db: str, folder: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", f"from bench.app import _child; _child({str(folder)!r})"],
                         capture_output=True, text=True, check=False, env=child_env(db, folder))
    if out.returncode:
        raise RuntimeError(f"{db} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    households = int(os.environ.get("BENCH_HOUSEHOLDS", "10000"))
    # Every household's card (about 40 a second on this machine): up to 10,000 by default.
    os.environ.setdefault("BENCH_APP_CARDS", "1" if households <= 10_000 else "0")
    wanted = os.environ.get("BENCH_APP_DB")
    dbs = [wanted] if wanted else ["sqlite"] + (["postgres"] if postgres_answers() else [])
    with tempfile.TemporaryDirectory(prefix="bipin-bench-app-") as tmp:
        folder = Path(tmp)
        generate(folder, households)
        baseline = _measure("bipin", folder)
        print(f"app: {households:,} households, {households * 20:,} values; "
              f"baseline `bipin compute` {baseline['wall_s']:.1f} s, {baseline['maxrss_mb']:.0f} MB")
        for db in dbs:
            r = _run(db, folder)
            total = r["import_s"] + r["compute_s"]
            print(f"  {db:<9} households {r['entrants_s']:6.1f} s · import {r['import_s']:6.1f} s "
                  f"({r['rows'] / r['import_s']:,.0f} rows/s) · compute {r['compute_s']:6.1f} s · "
                  f"import+compute {total / baseline['wall_s']:.1f}× baseline"
              + (f" · {r['cards']:,} cards {r['cards_s']:.1f} s ({r['cards'] / r['cards_s']:,.0f}/s)"
                 if r["cards"] else "") + f" · peak {r['maxrss_mb']:.0f} MB",
                  flush=True)
    return 0
