"""``bipin compute`` of a 星级文明户 campaign, against pandas reading the same file.

A fictional campaign: households in 50 villages (the ranking groups), a
checklist of 20 items worth 5 points each (0 to 5 given per item), four star
grades (五星 ≥ 90, 四星 ≥ 80, 三星 ≥ 70, else 无星). Two CSV files are generated
in a temporary folder, never committed: the household list (参评对象, 组别) and
the values in long form (参评对象, 来源, 指标, 分值), one row per household and
item. Each measured command runs in a fresh process, so its peak memory
(``ru_maxrss``) is its own:

- **bipin**: ``bipin compute scheme.yaml households.csv values.csv --format csv``,
  in process through ``bipin.cli.main``: reading, every check, scoring,
  ranking, grading and writing the ranking of every household;
- **pandas**, the baseline of the same run: ``read_csv`` of the values file and
  ``pivot_table`` to households × items, which neither checks nor scores.

    python -m bench compute                          # 10,000, 100,000 and 1,500,000 households
    BENCH_HOUSEHOLDS=100000 python -m bench compute  # one size

The 1,500,000-household file is about 30 million rows (1.2 GB); it is written
in chunks and deleted afterwards.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VILLAGES, ITEMS, POINTS = 50, 20, 5
SIZES = (10_000, 100_000, 1_500_000)
CHUNK = 50_000  # households written at a time
GRADES = ("五星", 90), ("四星", 80), ("三星", 70)


def scheme_text() -> str:
    items = "\n".join(
        f"      - {{name: 项目{k + 1:02d}, points: {POINTS}, source: data, rule: 'scaled(max={POINTS})'}}"
        for k in range(ITEMS)
    )
    levels = ", ".join(f"{{name: {name}, min: {floor}}}" for name, floor in GRADES)
    return (
        "contest: 示例星级文明户评定(虚构基准数据)\n"
        "dimensions:\n"
        f"  - name: 文明户评分\n    indicators:\n{items}\n"
        f"grades:\n  by: thresholds\n  levels: [{levels}, {{name: 无星}}]\n"
    )


def generate(folder: Path, households: int, seed: int = 7) -> tuple[Path, Path, Path]:
    """The scheme, the household list and the values file; the values file is written in chunks."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    rng = np.random.default_rng(seed)
    scheme = folder / "scheme.yaml"
    scheme.write_text(scheme_text(), encoding="utf-8")
    ids = np.char.add("H", np.char.zfill(np.arange(households).astype(str), 7))
    villages = np.char.add("示例村", (np.arange(households) % VILLAGES + 1).astype(str))
    people = folder / "households.csv"
    pacsv.write_csv(pa.table({"参评对象": ids, "组别": villages}), people)
    values = folder / "values.csv"
    names = np.array([f"项目{k + 1:02d}" for k in range(ITEMS)])
    options = pacsv.WriteOptions(include_header=True, quoting_style="none")
    with pacsv.CSVWriter(values, pa.schema([("参评对象", pa.string()), ("来源", pa.string()),
                                            ("指标", pa.string()), ("分值", pa.int8())]),
                         write_options=options) as writer:
        for start in range(0, households, CHUNK):
            chunk = ids[start:start + CHUNK]
            n = chunk.shape[0] * ITEMS
            # Most households meet most items: a skewed 0..5 per item.
            given = np.minimum(POINTS, rng.binomial(POINTS + 1, 0.9, n)).astype(np.int8)
            writer.write_table(pa.table({
                "参评对象": np.repeat(chunk, ITEMS),
                "来源": np.full(n, "数据"),
                "指标": np.tile(names, chunk.shape[0]),
                "分值": given,
            }))
    return scheme, people, values


def _child(kind: str, folder: str) -> None:
    """One measured run in this fresh process; prints wall, CPU and peak memory as JSON."""
    here = Path(folder)
    t0, c0 = time.perf_counter(), time.process_time()
    if kind == "bipin":
        from bipin.cli import main

        status = main(["compute", str(here / "scheme.yaml"), str(here / "households.csv"),
                       str(here / "values.csv"), "--format", "csv", "--out", str(here / "out.csv")])
        if status:
            raise SystemExit(status)
    else:
        import pandas as pd

        frame = pd.read_csv(here / "values.csv")
        frame.pivot_table(index="参评对象", columns="指标", values="分值", aggfunc="sum")
    print(json.dumps({
        "wall_s": time.perf_counter() - t0,
        "cpu_s": time.process_time() - c0,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def _measure(kind: str, folder: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", f"from bench.compute import _child; _child({kind!r}, {str(folder)!r})"],
        capture_output=True, text=True, check=False,
    )
    if out.returncode:
        raise RuntimeError(f"{kind} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(households: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bipin-bench-compute-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        generate(folder, households)
        made = time.perf_counter() - t0
        size = (folder / "values.csv").stat().st_size
        pandas = _measure("pandas", folder)
        bipin = _measure("bipin", folder)
        ranked = sum(1 for _ in open(folder / "out.csv", encoding="utf-8")) - 1
    return {"households": households, "rows": households * ITEMS, "file_mb": size / 1e6,
            "generate_s": made, "pandas": pandas, "bipin": bipin, "ranked": ranked,
            "load": os.getloadavg()[0]}


def main() -> int:
    chosen = os.environ.get("BENCH_HOUSEHOLDS", "")
    sizes = [int(n) for n in chosen.split(",") if n.strip()] or list(SIZES)
    print(f"compute: 星级文明户 campaign, {ITEMS} items, {VILLAGES} villages, 4 star grades")
    print(f"  machine: nproc={os.cpu_count()}, python {platform.python_version()}")
    for households in sizes:
        r = run(households)
        b, p = r["bipin"], r["pandas"]
        print(f"  {households:,} households ({r['rows']:,} rows, {r['file_mb']:.0f} MB CSV), "
              f"load {r['load']:.1f}:")
        print(f"    bipin compute: {b['wall_s']:.2f} s wall / {b['cpu_s']:.2f} s CPU, "
              f"peak {b['maxrss_mb']:.0f} MB, {r['ranked']:,} households ranked")
        print(f"    pandas read_csv + pivot_table: {p['wall_s']:.2f} s / {p['cpu_s']:.2f} s, "
              f"peak {p['maxrss_mb']:.0f} MB -> bipin {b['wall_s'] / p['wall_s']:.1f}x pandas")
    return 0
