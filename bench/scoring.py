"""Scoring benchmark: 10,000 entrants × 9 judges × 20 criteria + 50 data indicators.

Times a full :func:`bipin.scoring.evaluate` (every leaf, node, rank, grade and
the arrays every explanation reads) and, separately, turning all 10,000
explanations into plain dicts. Peak memory is the child process's maxrss. The
panel aggregation alone (trimmed mean per entrant × criterion) is compared
with a straightforward pandas groupby doing the same, in the same run.
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import resource
import subprocess
import sys
import time

import numpy as np

ENTRANTS, JUDGES, CRITERIA, DATA = 10_000, 9, 20, 50
GROUPS = ("甲组", "乙组", "丙组", "丁组")
RULES = (
    "target_step(target=100, step=0.1, deduct=1)",
    "bands(bands=[[95, 5], [90, 4], [80, 2]])",
    "proportional(target=90)",
    "rank(step=0.01)",
    "all_or_nothing(threshold=60)",
)


def scheme_data(criteria: list[dict]) -> dict:
    """The benchmark contest as plain scheme data (bench/stages.py adds stages to it)."""
    return {
        "contest": "benchmark",
        "groups": list(GROUPS),
        "panels": {"p": {"aggregate": "trimmed", "trim": 1, "criteria": criteria}},
        "dimensions": [
            {
                "name": "现场",
                "indicators": [{"name": "评审", "points": 50, "source": "panel", "panel": "p"}],
            },
            {
                "name": "数据",
                "indicators": [
                    {
                        "name": f"d{k:02d}",
                        "points": 5,
                        "source": "data",
                        "rule": RULES[k % len(RULES)],
                    }
                    for k in range(DATA)
                ],
            },
        ],
        "grades": {
            "by": "thresholds",
            "levels": [{"name": "好", "min": 200}, {"name": "一般"}],
        },
    }


def build(seed: int = 1):
    from bipin.scoring import Entrant, ObservationTable, parse_scheme
    from bipin.scoring.model import SOURCES, Source

    rng = np.random.default_rng(seed)
    criteria = [{"id": f"c{k:02d}", "max": 10} for k in range(CRITERIA)]
    scheme = parse_scheme(scheme_data(criteria))
    entrants = [Entrant(f"e{i:05d}", f"e{i:05d}", GROUPS[i % len(GROUPS)]) for i in range(ENTRANTS)]
    items = tuple(sorted([c["id"] for c in criteria] + [f"d{k:02d}" for k in range(DATA)]))
    crit_code = np.array([items.index(c["id"]) for c in criteria])
    data_code = np.array([items.index(f"d{k:02d}") for k in range(DATA)])
    e_p, j_p, c_p = (
        a.ravel()
        for a in np.meshgrid(
            np.arange(ENTRANTS), np.arange(JUDGES), np.arange(CRITERIA), indexing="ij"
        )
    )
    e_d, k_d = (a.ravel() for a in np.meshgrid(np.arange(ENTRANTS), np.arange(DATA), indexing="ij"))
    n_p, n_d = e_p.size, e_d.size
    panel_values = np.round(rng.uniform(5, 10, n_p) * 2) / 2
    table = ObservationTable(
        entrants=tuple(e.id for e in entrants),
        items=items,
        judges=("",) + tuple(f"j{j}" for j in range(JUDGES)),
        rounds=("",),
        entrant=np.concatenate([e_p, e_d]),
        item=np.concatenate([crit_code[c_p], data_code[k_d]]),
        judge=np.concatenate([j_p + 1, np.zeros(n_d, np.int64)]),
        round=np.zeros(n_p + n_d, np.int64),
        value=np.concatenate([panel_values, rng.uniform(50, 100, n_d).round(1)]),
        factor=np.ones(n_p + n_d),
        source=np.concatenate(
            [
                np.full(n_p, SOURCES.index(Source.PANEL), np.int8),
                np.full(n_d, SOURCES.index(Source.DATA), np.int8),
            ]
        ),
    )
    return scheme, entrants, table, (e_p, c_p, j_p, panel_values)


def _child() -> None:
    """Measured in a fresh process so maxrss is this run's peak."""
    from bipin.scoring import evaluate
    from bipin.scoring.panels import panel_marks

    scheme, entrants, table, (e_p, c_p, j_p, values) = build()
    t0, c0 = time.perf_counter(), time.process_time()
    evaluation = evaluate(scheme, entrants, table)
    t_eval, c_eval = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    trees = 0
    for group in evaluation.groups:
        for result in group.results:  # built and dropped, as a report writer streams them
            trees += len(result.explanation.to_dict()["children"]) > 0
    t_explain, c_explain = time.perf_counter() - t0, time.process_time() - c0
    rss_evaluation = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )  # before pandas is loaded

    rows = np.nonzero(table.source == 0)[0]

    def best_of_3(step):
        # The first call of either also pays the operating system for fresh memory pages.
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            out = step()
            times.append(time.perf_counter() - t0)
        return out, min(times)

    def panel_step(trim):
        panel = dataclasses.replace(scheme.panels["p"], trim=trim)
        return lambda: panel_marks(panel, table, rows, table.entrant[rows], ENTRANTS)

    # Deeper trims, which the pandas formula below cannot do, each checked against a sort.
    by_judge = np.sort(values.reshape(ENTRANTS, JUDGES, CRITERIA), axis=1)
    t_trims = {}
    for trim in (2, 3):
        deeper, t_trims[trim] = best_of_3(panel_step(trim))
        expected = by_judge[:, trim : JUDGES - trim].mean(axis=1).ravel()
        np.testing.assert_allclose(deeper.criteria.ravel(), expected)
        del deeper  # one deeper panel at a time, so the whole run's peak memory moves little
    del by_judge

    import pandas as pd

    frame = pd.DataFrame({"entrant": e_p, "criterion": c_p, "judge": j_p, "value": values})
    t0 = time.perf_counter()
    # The straightforward way: sort each entrant × criterion's marks, drop the ends.
    plain = frame.groupby(["entrant", "criterion"])["value"].apply(
        lambda s: np.sort(s.to_numpy())[1:-1].mean()
    )
    t_pandas = time.perf_counter() - t0
    def cleverer():
        # A cleverer pandas version that only works for dropping one mark at each end.
        g = frame.groupby(["entrant", "criterion"])["value"].agg(["sum", "max", "min", "count"])
        return (g["sum"] - g["max"] - g["min"]) / (g["count"] - 2)

    # The two compared head to head: called in turn, five times each, the best of each
    # kept, so another job taking the core hits both alike (not one of them at its moment).
    calls, times, outs = {"bipin": panel_step(1), "pandas": cleverer}, {"bipin": [], "pandas": []}, {}
    for _ in range(5):
        for name, call in calls.items():
            t0 = time.perf_counter()
            outs[name] = call()
            times[name].append(time.perf_counter() - t0)
    (pm, t_panel), (trick, t_trick) = ((outs[n], min(times[n])) for n in ("bipin", "pandas"))
    mine = pm.criteria.ravel()  # entrant-major, criterion-minor, as the groupby orders them
    np.testing.assert_allclose(mine, plain.to_numpy())
    np.testing.assert_allclose(mine, trick.to_numpy())
    print(
        json.dumps(
            {
                "evaluate_s": t_eval,
                "explain_all_s": t_explain,
                "trees": trees,
                "evaluate_cpu_s": c_eval,
                "explain_cpu_s": c_explain,
                "load": os.getloadavg()[0],
                "rss_evaluation_mb": rss_evaluation,
                "panel_s": t_panel,
                "panel_trim2_s": t_trims[2],
                "panel_trim3_s": t_trims[3],
                "pandas_s": t_pandas,
                "pandas_trick_s": t_trick,
                "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def main() -> int:
    out = subprocess.run(
        [sys.executable, "-c", "from bench.scoring import _child; _child()"],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        print(out.stderr, file=sys.stderr)
        return 1
    r = json.loads(out.stdout.strip().splitlines()[-1])
    marks = ENTRANTS * JUDGES * CRITERIA
    print(
        f"scoring: {ENTRANTS} entrants x {JUDGES} judges x {CRITERIA} criteria ({marks:,} marks) "
        f"+ {DATA} data indicators ({ENTRANTS * DATA:,} values)"
    )
    print(
        f"  machine: nproc={os.cpu_count()}, python {platform.python_version()}, numpy {np.__version__}"
    )
    print(f"  load average during the run: {r['load']:.1f} (figures are wall time / CPU time)")
    print(
        f"  evaluate (scores, ranks, grades, explanation arrays): {r['evaluate_s']:.2f} s / "
        f"{r['evaluate_cpu_s']:.2f} s  (target < 2 s)"
    )
    print(
        f"  all {r['trees']:,} explanation trees as dicts (streamed): {r['explain_all_s']:.2f} s / "
        f"{r['explain_cpu_s']:.2f} s"
    )
    print(
        f"  evaluate + all explanation dicts:                     {r['evaluate_s'] + r['explain_all_s']:.2f} s"
    )
    print(
        f"  peak memory, data + evaluation + explanations:        {r['rss_evaluation_mb']:.0f} MB "
        "(target < 1024 MB)"
    )
    print(f"  peak memory of the whole run, pandas comparison too:  {r['maxrss_mb']:.0f} MB")
    print(f"  panel trimmed mean per entrant x criterion (best of 5, in turn with pandas): "
          f"bipin {r['panel_s']:.3f} s")
    print(
        f"    pandas groupby().apply(sort, drop ends, mean): {r['pandas_s']:.3f} s -> "
        f"bipin {r['pandas_s'] / r['panel_s']:.1f}x faster (goal >= 3x)"
    )
    print(
        f"    pandas groupby().agg(sum,max,min,count) trick: {r['pandas_trick_s']:.3f} s -> "
        f"bipin {r['pandas_trick_s'] / r['panel_s']:.1f}x (the trick only drops one mark each end)"
    )
    t2, t3 = r["panel_trim2_s"], r["panel_trim3_s"]
    print(
        f"    bipin dropping 2 / 3 marks each end (best of 3): {t2:.3f} s / {t3:.3f} s -> "
        f"{r['pandas_trick_s'] / t2:.1f}x / {r['pandas_trick_s'] / t3:.1f}x the trick's time"
    )
    return 0
