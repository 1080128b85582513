"""A rating campaign at county scale through the web app: imported, scored, approved, published.

A fictional county of 10 townships × 20 villages. One run, as the people using
it would, each step posted to its page by a logged-in user:

1. **import**: the household list (乡镇, 村, 户主, 门牌号) as an XLSX workbook, posted
   to the import page, which hands it to a background job: read, every row checked,
   the area tree made, a lookup code per household, the households written by COPY
   (PostgreSQL) or one prepared statement (SQLite) with the audit digest of each.
2. **phone**: one village's scorer scores households one by one through the endpoint
   the phone posts to (each an audited write).
3. **bulk score**: an answers workbook (乡镇, 村, 门牌号 and one column per checklist
   item) for every household, posted to the 评分表导入 page: read, every row checked
   and rated by bipin.scoring.checklist, the scores written in one transaction in
   audited chunks (the phone's scores superseded).
4. **approve and publish**: every village sampled and approved by its township's
   reviewer, then published by the organizer (three posts a village).
5. **summary**: the summary page and its XLSX export.

Jobs run inline (django-tasks' immediate backend), so a figure is the work, not
the queue's polling. Each database runs in a fresh process, so its peak memory
(the process's peak so far, after each step) is its own.

Baselines of the same run: reading each workbook with bipin.io's reader alone
(``read_table``: no checks, no database), the floor any import of it pays; for
approve and publish, reading every current score's household and stars in one
query (what the published lists hold); for the summary, the one GROUP BY that
counts stars by village.

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

from bench.app import child_env
from bipin.testing.server import postgres_answers

PG_NAME = "bipin_bench_campaigns"
TOWNSHIPS, VILLAGES = 10, 20  # villages per township
SCORED = 500  # households scored one by one through the phone's endpoint
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
ITEMS = 10  # checklist items of 10 points: 8 yes/no, 2 scored 0–10
ANSWERS_HEADER = ["乡镇", "村", "门牌号", *(f"示例评分项{k}" for k in range(ITEMS))]


def checklist() -> list[dict]:
    return [{"id": f"i{k}", "text": f"示例评分项{k}", "points": "10", **({"kind": "points"} if k >= 8 else {})}
            for k in range(ITEMS)]


def _place(n: int) -> tuple[str, str, str]:
    v = n % (TOWNSHIPS * VILLAGES)
    return f"示例{v // VILLAGES + 1}镇", f"示例{v + 1}村", f"{n // (TOWNSHIPS * VILLAGES) + 1}号"


def generate(path: Path, households: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("农户名单")
    sheet.append(["示例县星级文明户农户名单(虚构基准数据)"])
    sheet.append(["乡镇", "村", "户主", "门牌号"])
    for n in range(households):
        township, village, number = _place(n)
        sheet.append([township, village, f"{SURNAMES[n % 20]}示例{n}", number])
    book.save(path)


def generate_answers(path: Path, households: int) -> None:
    """Every household's answers: yes/no as 是/否, the two points items 0–10 by the household."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("评分表")
    sheet.append(["示例县星级文明户评分表(虚构基准数据)"])
    sheet.append(ANSWERS_HEADER)
    for n in range(households):
        yes_no = ["否" if (n + k) % 7 == 0 else "是" for k in range(8)]
        sheet.append([*_place(n), *yes_no, n % 11, (n // 3) % 11])
    book.save(path)


def _baseline(path: str, answers_path: str) -> None:
    import django

    django.setup()  # the columns name the model fields' lengths
    from bipin.campaigns.households import COLUMNS, _limits
    from bipin.io.tables import Column, read_table

    t0 = time.perf_counter()
    rows = read_table(Path(path).read_bytes(), COLUMNS, filename="households.xlsx", limits=_limits())
    read_s = time.perf_counter() - t0
    columns = [Column(f"c{k}", (h,)) for k, h in enumerate(ANSWERS_HEADER)]
    t0 = time.perf_counter()
    answers = read_table(Path(answers_path).read_bytes(), columns, filename="answers.xlsx", limits=_limits())
    print(json.dumps({"read_s": read_s, "rows": len(rows), "answers_read_s": time.perf_counter() - t0,
                      "answers": len(answers),
                      "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def _peak() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _posted(client, url: str, data: dict, step: str, expect: int = 302):
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = {k: SimpleUploadedFile(*v) if isinstance(v, tuple) else v for k, v in data.items()}
    got = client.post(url, files)
    if got.status_code != expect:
        raise SystemExit(f"{step}: {got.status_code} {got.content[:500]!r}")
    return got


def _job_done(contest, kind: str, step: str):
    from bipin.jobs.models import Job

    job = Job.objects.filter(contest=contest, kind=kind).latest("pk")
    if job.status != Job.Status.DONE:
        raise SystemExit(f"{step}: {job.status} {job.problems[:3]}")
    return job


def _approve_and_publish(organizer, campaign, client) -> tuple[float, float]:
    """Every village sampled, approved and published through its pages; (seconds, baseline)."""
    from django.db import connection
    from django.urls import reverse

    from bipin.campaigns import services
    from bipin.campaigns.models import Area, Level, Publication
    from bipin.contests.models import Role
    from bipin.testing.cast import make_user

    reviewers = {}
    for township in campaign.areas.filter(level=Level.TOWNSHIP).order_by("pk"):
        reviewers[township.pk] = make_user(f"bench_reviewer_{township.pk}")
        services.assign_area(organizer, campaign, reviewers[township.pk], Role.TOWNSHIP_REVIEWER, township)
    villages = list(Area.objects.filter(campaign=campaign, level=Level.VILLAGE).order_by("pk"))
    t0 = time.perf_counter()
    for village in villages:
        client.force_login(reviewers[village.parent_id])
        at = ["bench-stars", village.pk]
        _posted(client, reverse("campaigns:sample", args=at), {"size": 20}, "sample")
        _posted(client, reverse("campaigns:decide", args=at), {"outcome": "approved", "reason": ""}, "approve")
    client.force_login(organizer)
    for village in villages:
        _posted(client, reverse("campaigns:publish", args=["bench-stars", village.pk]), {}, "publish")
    seconds = time.perf_counter() - t0
    if Publication.objects.filter(village__campaign=campaign).count() != len(villages):
        raise SystemExit("publish: not every village is published")
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT household_id, stars FROM campaigns_score WHERE superseded_at IS NULL")
        cursor.fetchall()
    return seconds, time.perf_counter() - t0


def _summary(campaign, client) -> tuple[float, float, float]:
    """(summary page s, XLSX export s, baseline s: the stars counted by village in one query)."""
    from django.db.models import Count
    from django.urls import reverse

    from bipin.campaigns.models import Score

    out = []
    for name in ("campaigns:summary", "campaigns:export"):
        t0 = time.perf_counter()
        got = client.get(reverse(name, args=["bench-stars"]))
        body = b"".join(got.streaming_content) if got.streaming else got.content
        if got.status_code != 200 or not body:
            raise SystemExit(f"{name}: {got.status_code}")
        out.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    list(Score.objects.filter(household__campaign=campaign, superseded_at__isnull=True)
         .values("household__village_id", "stars").annotate(n=Count("pk")))
    return out[0], out[1], time.perf_counter() - t0


def _child(path: str, answers_path: str) -> None:
    """Every step through the web app, as its users post it."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.BIPIN_BACKGROUND_IMPORT_BYTES = 0  # the page's own threshold aside: always the job
    from bipin.campaigns import background, services
    from bipin.campaigns.models import Household, Score
    from bipin.contests import services as contests
    from bipin.contests.models import Role
    from bipin.testing.cast import make_user

    call_command("migrate", verbosity=0)
    organizer = make_user("bench_organizer")
    contests.allow_contest_creation(organizer)
    campaign = services.create_campaign(
        organizer, name="示例星级文明户评定(虚构基准数据)", slug="bench-stars", county="示例县",
        checklist=checklist(),
        levels=[{"stars": 5, "min": "90"}, {"stars": 4, "min": "80"}, {"stars": 3, "min": "70"}],
        objection_days=7)
    client = Client()
    client.force_login(organizer)
    out: dict = {}
    t0 = time.perf_counter()
    _posted(client, reverse("campaigns:households", args=["bench-stars"]),
            {"file": ("households.xlsx", Path(path).read_bytes())}, "import")
    out["import_s"] = time.perf_counter() - t0
    _job_done(campaign.contest, background.IMPORT, "import")
    out["households"], out["import_mb"] = Household.objects.count(), _peak()

    village = campaign.areas.get(name="示例1村")
    scorer = make_user("bench_scorer")
    services.assign_area(organizer, campaign, scorer, Role.VILLAGE_SCORER, village)
    client.force_login(scorer)
    ids = list(village.households.order_by("pk").values_list("pk", flat=True)[:SCORED])
    answers = {f"i{k}": (k % 3 > 0) if k < 8 else "5" for k in range(ITEMS)}
    t0 = time.perf_counter()
    for n, pk in enumerate(ids):
        got = client.post(reverse("campaigns:score", args=["bench-stars", pk]),
                          {"answers": answers, "key": f"bench-{n}"}, content_type="application/json")
        if got.status_code != 201:
            raise SystemExit(f"score: {got.status_code} {got.content[:300]!r}")
    out["score_s"], out["scored"] = time.perf_counter() - t0, len(ids)

    client.force_login(organizer)
    t0 = time.perf_counter()
    _posted(client, reverse("campaigns:scores", args=["bench-stars"]),
            {"file": ("answers.xlsx", Path(answers_path).read_bytes())}, "bulk score")
    out["bulk_s"] = time.perf_counter() - t0
    out["bulk"] = _job_done(campaign.contest, background.SCORE, "bulk score").outcome["households"]
    out["bulk_mb"] = _peak()
    if Score.objects.filter(household__campaign=campaign, superseded_at__isnull=True).count() != out["households"]:
        raise SystemExit("bulk score: not every household has its score")

    out["publish_s"], out["publish_base_s"] = _approve_and_publish(organizer, campaign, client)
    out["villages"], out["publish_mb"] = campaign.areas.filter(level="village").count(), _peak()
    out["summary_s"], out["export_s"], out["summary_base_s"] = _summary(campaign, client)
    out["maxrss_mb"] = _peak()
    print(json.dumps(out))


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
        path, answers = folder / "households.xlsx", folder / "answers.xlsx"
        generate(path, households)
        generate_answers(answers, households)
        files = f"{str(path)!r}, {str(answers)!r}"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bipin.settings", "BIPIN_VAR_DIR": str(folder)}
        base = _run(f"from bench.campaigns import _baseline; _baseline({files})", env)
        print(f"campaigns: {households:,} households in {TOWNSHIPS * VILLAGES} villages; households XLSX "
              f"{path.stat().st_size / 1e6:.1f} MB, read_table {base['read_s']:.1f} s; answers XLSX "
              f"{answers.stat().st_size / 1e6:.1f} MB ({ITEMS} items), read_table {base['answers_read_s']:.1f} s; "
              f"baseline peak {base['maxrss_mb']:.0f} MB; load average {os.getloadavg()[0]:.1f}")
        for db in dbs:
            r = _run(f"from bench.campaigns import _child; _child({files})", child_env(db, folder, PG_NAME))
            assert r["households"] == households and r["bulk"] == households, r
            print(f"  {db}", flush=True)
            print(f"    import          {r['import_s']:6.1f} s  {households / r['import_s']:8,.0f} rows/s  "
                  f"{r['import_s'] / base['read_s']:4.1f}× read_table  peak {r['import_mb']:.0f} MB")
            print(f"    phone, 1 by 1   {r['score_s']:6.1f} s  {r['scored'] / r['score_s']:8,.0f} rows/s  "
                  f"({r['scored']} households)")
            print(f"    bulk score      {r['bulk_s']:6.1f} s  {households / r['bulk_s']:8,.0f} rows/s  "
                  f"{r['bulk_s'] / base['answers_read_s']:4.1f}× read_table  peak {r['bulk_mb']:.0f} MB")
            print(f"    approve+publish {r['publish_s']:6.1f} s  {households / r['publish_s']:8,.0f} rows/s  "
                  f"({r['villages']} villages × sample, approve, publish; baseline one read of every "
                  f"score {r['publish_base_s']:.2f} s)  peak {r['publish_mb']:.0f} MB")
            print(f"    summary page    {r['summary_s']:6.2f} s, XLSX export {r['export_s']:.2f} s "
                  f"(baseline the GROUP BY {r['summary_base_s']:.2f} s)  peak {r['maxrss_mb']:.0f} MB",
                  flush=True)
    return 0
