"""Department grid benchmark: a 24 entrants × 60 indicators grid saved from the page
and from an XLSX upload, against a 24 × 6 grid in the same run.

In one process on a fresh SQLite database (BIPIN_VAR_DIR is a temporary
directory): the organizer's scheme declares one department with N indicators
([0, 100] each) for one group of 24 entrants. Each save goes through the
Django test client, so it is the whole request: log-in session, access,
parsing, the all-or-nothing range check of every cell, the append-only rows,
the audit record and the redirect. Three saves per grid:

- **page, first fill**: the form POST with every cell new;
- **page, every cell changed**: every cell superseded (the most rows written);
- **XLSX upload, every cell changed**: the prefilled template read back.

Each figure is the median of ``--repeat`` runs (each on a fresh contest).
``ratio`` is the 60-column time over the 6-column time: the work is per cell, so
about 10 means it scales linearly. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import sys
import tempfile
import time

ENTRANTS = 24


def scheme(items: int) -> bytes:
    leaves = "\n".join(
        f"      - {{name: 指标{i:02d}, points: 1, source: department, department: 基准部门, "
        f'range: [0, 100], rule: "scaled(max=100)"}}'
        for i in range(1, items + 1)
    )
    return (
        f"contest: 基准\ngroups: [县]\ndimensions:\n  - name: 部门评价\n    points: {items}\n"
        f"    indicators:\n{leaves}\n"
    ).encode()


def run_once(items: int, n: int) -> dict[str, float]:
    from django.test import Client

    from bipin.contests import services as cs
    from bipin.contests.models import Role
    from bipin.reporting import grid as grids
    from bipin.reporting import services
    from bipin.testing.cast import make_user

    organizer = make_user(f"org{items}-{n}")
    cs.allow_contest_creation(organizer)
    contest = cs.create_contest(organizer, name="基准", slug=f"bench-{items}-{n}", year=2026)
    group = cs.add_group(organizer, contest, "县")
    for i in range(ENTRANTS):
        cs.add_entrant(organizer, contest, group=group, name=f"县{i:02d}", code=f"X{i:02d}")
    cs.upload_scheme(organizer, contest, scheme(items), "scheme.yaml")
    reporter = make_user(f"rep{items}-{n}")
    cs.grant_role(organizer, contest, reporter, Role.DEPT_REPORTER, department="基准部门")
    client = Client()
    client.force_login(reporter)
    grid = grids.build(contest, "基准部门")
    url = f"/c/{contest.slug}/reporting/d/基准部门/"

    def post(offset: int) -> float:
        data = {services.cell_field(k): str((k[0] + len(k[1]) + offset) % 100) for k in grid.cells}
        data["then"] = "save"
        t = time.perf_counter()
        r = client.post(url, data)
        elapsed = time.perf_counter() - t
        assert r.status_code == 302, (r.status_code, r.content.decode()[:3000])
        return elapsed

    first = post(1)
    changed = post(2)
    # The template prefilled with the current values, every cell then changed by one.
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(url + "template.xlsx").content))
    ws = book.worksheets[0]
    for row in ws.iter_rows(min_row=3, min_col=4, max_col=3 + items):
        for cell in row:
            cell.value = (cell.value + 1) % 100
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "grid.xlsx"
    t = time.perf_counter()
    r = client.post(url + "upload/", {"file": out})
    upload = time.perf_counter() - t
    assert r.status_code == 302
    from bipin.reporting.models import Value

    assert Value.objects.filter(
        submission__contest=contest, current=True, via="file"
    ).count() == len(grid)
    return {"page_first": first, "page_changed": changed, "xlsx_changed": upload}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench reporting")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv if argv is not None else [])
    with tempfile.TemporaryDirectory() as var:
        os.environ["BIPIN_VAR_DIR"] = var
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bipin.settings")
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host
        call_command("migrate", interactive=False, verbosity=0)
        results = {}
        for items in (6, 60):
            runs = [run_once(items, n) for n in range(args.repeat)]
            results[items] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(
        f"reporting: department grid of {ENTRANTS} entrants, 6 and 60 indicators; median of {args.repeat}"
    )
    print(
        f"  machine: nproc={os.cpu_count()}, python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    summary = {}
    for key, label in (
        ("page_first", "page POST, every cell new"),
        ("page_changed", "page POST, every cell changed"),
        ("xlsx_changed", "XLSX upload, every cell changed"),
    ):
        small, big = results[6][key], results[60][key]
        print(
            f"  {label:32s} 24x6: {small * 1000:7.0f} ms   24x60: {big * 1000:7.0f} ms   "
            f"ratio {big / small:4.1f}"
        )
        summary[key] = {
            "24x6_ms": round(small * 1000),
            "24x60_ms": round(big * 1000),
            "ratio": round(big / small, 1),
        }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
