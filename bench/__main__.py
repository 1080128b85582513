"""Run benchmarks by name: ``python -m bench`` runs all, ``python -m bench scoring`` one.

Each benchmark is a module ``bench.<name>`` with ``main() -> int``; add a
name to BENCHMARKS to register one.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "scoring": "bench.scoring",
    "event": "bench.event",
    "sheet_path": "bench.sheet_path",
    "inspections": "bench.inspections",
    "reporting": "bench.reporting",
    "robustness": "bench.robustness",
    "stages": "bench.stages",
    "compute": "bench.compute",
    "app": "bench.app",
    "campaigns": "bench.campaigns",
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(
            f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}",
            file=sys.stderr,
        )
        return 2
    status = 0
    for name in names:
        status |= importlib.import_module(BENCHMARKS[name]).main()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
