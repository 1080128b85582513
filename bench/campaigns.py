"""A rating campaign's household list imported through the web app, and households scored.

A fictional county of 10 townships × 20 villages; the household list
(乡镇, 村, 户主, 门牌号) is written as an XLSX workbook, as officials keep it,
and posted by a logged-in organizer to the campaign's import page, which hands
a file this large to a background job: read, every row checked, the area tree
made, a lookup code per household, the households written by COPY (PostgreSQL)
or one prepared statement (SQLite) with the audit digest of each. The job runs
inline (django-tasks' immediate backend), so the figure is the work, not the
queue's polling. Then one village's scorer scores households one by one through
the scoring endpoint the phone posts to (each an audited write).

Each database runs in a fresh process, so its peak memory is its own.
Baseline of the same run: reading the same workbook with bipin.io's reader alone
(``read_table``: no checks, no database), the floor any import pays.

    python -m bench campaigns                          # 100,000 households
    BENCH_HOUSEHOLDS=10000 python -m bench campaigns   # another size
    BENCH_APP_DB=sqlite python -m bench campaigns      # one database (default: both when
                                                       # PostgreSQL answers on 127.0.0.1:5432)
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

from bipin.testing.server import fresh_postgres_database, postgres_answers

PG_NAME = "bipin_bench_campaigns"
TOWNSHIPS, VILLAGES = 10, 20  # villages per township
SCORED = 500  # households scored one by one through the phone's endpoint
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


def generate(path: Path, households: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("农户名单")
    sheet.append(["示例县星级文明户农户名单(虚构基准数据)"])
    sheet.append(["乡镇", "村", "户主", "门牌号"])
    villages = TOWNSHIPS * VILLAGES
    for n in range(households):
        v = n % villages
        sheet.append([f"示例{v // VILLAGES + 1}镇", f"示例{v + 1}村", f"{SURNAMES[n % 20]}示例{n}",
                      f"{n // villages + 1}号"])
    book.save(path)


def _baseline(path: str) -> None:
    import django

    django.setup()  # the columns name the model fields' lengths
    from bipin.campaigns.households import COLUMNS, _limits
    from bipin.io.tables import read_table

    t0 = time.perf_counter()
    rows = read_table(Path(path).read_bytes(), COLUMNS, filename="households.xlsx", limits=_limits())
    print(json.dumps({"read_s": time.perf_counter() - t0, "rows": len(rows),
                      "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def _child(path: str) -> None:
    """Import the workbook through the page and score households through the endpoint."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.BIPIN_BACKGROUND_IMPORT_BYTES = 0  # the page's own threshold aside: always the job
    from bipin.campaigns import services
    from bipin.campaigns.models import Household
    from bipin.contests import services as contests
    from bipin.contests.models import Role
    from bipin.jobs.models import Job
    from bipin.testing.cast import make_user

    call_command("migrate", verbosity=0)
    organizer = make_user("bench_organizer")
    contests.allow_contest_creation(organizer)
    campaign = services.create_campaign(
        organizer, name="示例星级文明户评定(虚构基准数据)", slug="bench-stars", county="示例县",
        checklist=[{"id": f"i{k}", "text": f"示例评分项{k}", "points": "10"} for k in range(10)],
        levels=[{"stars": 5, "min": "90"}, {"stars": 4, "min": "80"}, {"stars": 3, "min": "70"}],
        objection_days=7)
    client = Client()
    client.force_login(organizer)
    data = Path(path).read_bytes()
    t0 = time.perf_counter()
    answer = client.post(reverse("campaigns:households", args=["bench-stars"]),
                         {"file": SimpleUploadedFile("households.xlsx", data)})
    import_s = time.perf_counter() - t0
    job = Job.objects.get(contest=campaign.contest)
    if answer.status_code != 302 or job.status != Job.Status.DONE:
        raise SystemExit(f"import: {answer.status_code} {job.status} {job.problems[:3]}")
    village = campaign.areas.get(name="示例1村")
    scorer = make_user("bench_scorer")
    services.assign_area(organizer, campaign, scorer, Role.VILLAGE_SCORER, village)
    client.force_login(scorer)
    ids = list(village.households.order_by("pk").values_list("pk", flat=True)[:SCORED])
    answers = {f"i{k}": k % 3 > 0 for k in range(10)}
    t0 = time.perf_counter()
    for n, pk in enumerate(ids):
        got = client.post(reverse("campaigns:score", args=["bench-stars", pk]),
                          {"answers": answers, "key": f"bench-{n}"}, content_type="application/json")
        if got.status_code != 201:
            raise SystemExit(f"score: {got.status_code} {got.content[:300]!r}")
    score_s = time.perf_counter() - t0
    print(json.dumps({"import_s": import_s, "households": Household.objects.count(),
                      "scored": len(ids), "score_s": score_s,
                      "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def _env(db: str, folder: Path) -> dict[str, str]:
    env = {**os.environ, "BIPIN_VAR_DIR": str(folder / f"var-{db}"), "BIPIN_MODE": "development",
           "DJANGO_SETTINGS_MODULE": "bipin.settings"}
    env.pop("BIPIN_DB", None)
    if db == "postgres":
        env.update(BIPIN_DB="postgres", BIPIN_DB_NAME=PG_NAME,
                   BIPIN_DB_HOST=env.get("BIPIN_DB_HOST", "127.0.0.1"),
                   BIPIN_DB_USER=env.get("BIPIN_DB_USER", "postgres"))
        fresh_postgres_database(PG_NAME, env["BIPIN_DB_HOST"], env["BIPIN_DB_USER"])
    else:
        (folder / f"var-{db}").mkdir()
    return env


def _run(code: str, env: dict | None = None) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                         env=env)
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    households = int(os.environ.get("BENCH_HOUSEHOLDS", "100000"))
    wanted = os.environ.get("BENCH_APP_DB")
    dbs = [wanted] if wanted else ["sqlite"] + (["postgres"] if postgres_answers() else [])
    with tempfile.TemporaryDirectory(prefix="bipin-bench-campaigns-") as tmp:
        folder = Path(tmp)
        path = folder / "households.xlsx"
        generate(path, households)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bipin.settings", "BIPIN_VAR_DIR": str(folder)}
        base = _run(f"from bench.campaigns import _baseline; _baseline({str(path)!r})", env)
        print(f"campaigns: {households:,} households in {TOWNSHIPS * VILLAGES} villages, "
              f"XLSX {path.stat().st_size / 1e6:.1f} MB; baseline read_table {base['read_s']:.1f} s, "
              f"{base['maxrss_mb']:.0f} MB; load average {os.getloadavg()[0]:.1f}")
        for db in dbs:
            r = _run(f"from bench.campaigns import _child; _child({str(path)!r})", _env(db, folder))
            assert r["households"] == households, r
            print(f"  {db:<9} import {r['import_s']:6.1f} s ({households / r['import_s']:,.0f} households/s, "
                  f"{r['import_s'] / base['read_s']:.1f}× baseline) · "
                  f"{r['scored']} households scored one by one {r['score_s']:.1f} s "
                  f"({r['scored'] / r['score_s']:.0f}/s) · peak {r['maxrss_mb']:.0f} MB", flush=True)
    return 0
