"""The scoring benchmark in three stages with cuts, beside the one-round baseline.

The contest of bench/scoring.py (10,000 entrants in 4 groups, 9 judges × 20
criteria, 50 data indicators) is run as 预赛 → 半决赛 (the top 500 of each
group, ranked on 预赛 + 半决赛) → 决赛 (the top 100 of each group, ranked
alone); every stage has a full set of fresh marks and values for the entrants
in it. In one fresh process: the baseline ``evaluate`` of the one-round
contest, then ``evaluate_stages`` of the three stages, then the hall's
``stage_standings`` of the final.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from dataclasses import replace

import numpy as np

from bench.scoring import CRITERIA, ENTRANTS, build, scheme_data

STAGES = ("预赛", "半决赛", "决赛")
SEMI, FINAL = 500, 100  # per group


def _staged_scheme():
    from bipin.scoring import parse_scheme

    data = scheme_data([{"id": f"c{k:02d}", "max": 10} for k in range(CRITERIA)])
    del data["grades"]  # a staged contest places by stage, with no single total to grade
    data["stages"] = [
        {"id": "预赛"},
        {"id": "半决赛", "advance": SEMI, "ranked_on": ["预赛", "半决赛"]},
        {"id": "决赛", "advance": FINAL},
    ]
    return parse_scheme(data)


def _stage_rows(table, who: np.ndarray, stage: int, rng) -> dict[str, np.ndarray]:
    """Fresh marks and values for the entrants ``who`` in ``stage``."""
    from bipin.scoring.model import SOURCES, Source

    rows = np.nonzero(np.isin(table.entrant, who))[0]
    panel = table.source[rows] == SOURCES.index(Source.PANEL)
    values = np.where(
        panel,
        np.round(rng.uniform(5, 10, rows.size) * 2) / 2,
        rng.uniform(50, 100, rows.size).round(1),
    )
    return {
        "entrant": table.entrant[rows],
        "item": table.item[rows],
        "judge": table.judge[rows],
        "round": np.full(rows.size, stage, np.int64),
        "value": values,
        "factor": table.factor[rows],
        "source": table.source[rows],
    }


def _table(base, parts: list[dict]):
    return replace(
        base,
        rounds=STAGES,
        **{k: np.concatenate([p[k] for p in parts]) for k in parts[0]},
    )


def _rss_mb() -> float:
    """The process's resident memory now (the peak, ru_maxrss, includes building the data)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        line = next(x for x in fh if x.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def _child(kind: str, reached: dict | None = None) -> None:
    """One measurement in a fresh process, so each maxrss is that run's own peak."""
    from bipin.scoring import evaluate, evaluate_stages, stage_standings

    scheme, entrants, table, _ = build()
    out: dict = {"load": os.getloadavg()[0]}
    if kind == "base":
        out["before_mb"] = _rss_mb()
        t0, c0 = time.perf_counter(), time.process_time()
        evaluate(scheme, entrants, table)
        out.update(s=time.perf_counter() - t0, cpu_s=time.process_time() - c0)
    else:
        staged = _staged_scheme()
        rng = np.random.default_rng(2)
        index = {e: i for i, e in enumerate(table.entrants)}
        parts = [_stage_rows(table, np.arange(ENTRANTS), 0, rng)]
        for k in (1, 2):
            if kind == "cut":
                # Who reaches the next stage follows from the rows so far; found in a
                # process of its own so the measured run's peak memory is its own.
                who = stage_standings(staged, entrants, _table(table, parts), STAGES[k - 1])
                out[STAGES[k]] = [index[e] for e in who.advancing]
            parts.append(
                _stage_rows(
                    table, np.array(reached[STAGES[k]] if reached else out[STAGES[k]]), k, rng
                )
            )
        if kind == "cut":
            print(json.dumps(out))
            return
        three = _table(table, parts)
        rows = [int(p["value"].size) for p in parts]
        del table, parts  # only the stages' table is the run's data
        out["before_mb"] = _rss_mb()
        t0, c0 = time.perf_counter(), time.process_time()
        result = evaluate_stages(staged, entrants, three)
        out.update(s=time.perf_counter() - t0, cpu_s=time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        stage_standings(staged, entrants, three, "决赛")
        out.update(final_s=time.perf_counter() - t0, final_cpu_s=time.process_time() - c0)
        out.update(
            rows=rows,
            entrants=[len(s.standings) for s in result.stages],
        )
    out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def _measure(kind: str, reached: dict | None = None) -> dict | None:
    code = f"from bench.stages import _child; _child({kind!r}, {reached!r})"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        print(out.stderr, file=sys.stderr)
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    base, reached = _measure("base"), _measure("cut")
    r = _measure("stages", {k: reached[k] for k in STAGES[1:]}) if reached else None
    if base is None or r is None:
        return 1
    rows = r["rows"]
    print(
        f"stages: the scoring contest as 预赛 -> 半决赛 (top {SEMI}/group, ranked on 预赛 + 半决赛) "
        f"-> 决赛 (top {FINAL}/group)"
    )
    print(
        f"  machine: nproc={os.cpu_count()}, python {platform.python_version()}, "
        f"numpy {np.__version__}, load average {base['load']:.1f} / {r['load']:.1f} "
        "(figures are wall time / CPU time)"
    )
    print(
        f"  entrants per stage: {' / '.join(f'{n:,}' for n in r['entrants'])}; rows: "
        f"{' + '.join(f'{n:,}' for n in rows)} = {sum(rows):,} "
        f"({sum(rows) / rows[0]:.2f}x the baseline's)"
    )
    print(
        f"  baseline evaluate, one round:         {base['s']:.2f} s / {base['cpu_s']:.2f} s, "
        f"peak {base['maxrss_mb']:.0f} MB (data alone {base['before_mb']:.0f} MB)  (targets < 2 s, < 1024 MB)"
    )
    print(
        f"  evaluate_stages, three stages + cuts: {r['s']:.2f} s / {r['cpu_s']:.2f} s, "
        f"peak {r['maxrss_mb']:.0f} MB (data alone {r['before_mb']:.0f} MB)  "
        f"-> {r['cpu_s'] / base['cpu_s']:.2f}x the baseline's CPU"
    )
    print(
        f"  stage_standings of the final (hall):  {r['final_s']:.2f} s / {r['final_cpu_s']:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
