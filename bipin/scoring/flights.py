"""分桌: deal a stage's samples and a panel's judges across tables (flights).

The deal is a pure function of a seed, as a lot draw is (:mod:`bipin.scoring.draw`):
samples are put in the order ``draw_order(seed, ["samples"], ids)`` within each
category, then dealt round the tables one by one, category after category, the
deal going on where the last category stopped. Every table then holds its share
of every category (within one), and tables differ in size by one at most.
Judges are dealt the same way from ``draw_order(seed, ["judges"], ids)``.
"""

from __future__ import annotations

from collections.abc import Sequence

from bipin.scoring.draw import draw_order

__all__ = ["deal"]


def deal(
    seed: str,
    samples: Sequence[tuple[str, str]],
    judges: Sequence[str],
    tables: int,
) -> tuple[list[list[str]], list[list[str]]]:
    """(sample ids per table, judge ids per table) for ``samples`` given as (id, category).

    >>> samples = [("S1", "红富士"), ("S2", "红富士"), ("S3", "红富士"), ("S4", "嘎啦")]
    >>> deal("demo-seed", samples, ["J1", "J2", "J3", "J4"], 2)
    ([['S4', 'S2'], ['S1', 'S3']], [['J2', 'J4'], ['J1', 'J3']])
    """
    if tables < 1:
        raise ValueError(f"tables must be at least 1, got {tables}")
    if tables > len(judges) or tables > len(samples):
        raise ValueError(
            f"{tables} tables need at least as many judges ({len(judges)}) and samples ({len(samples)})"
        )
    by_category: dict[str, list[str]] = {}
    for sample_id, category in samples:
        by_category.setdefault(category, []).append(sample_id)
    out: list[list[str]] = [[] for _ in range(tables)]
    k = 0
    for category in sorted(by_category):
        for sample_id in draw_order(seed, ["samples"], by_category[category]):
            out[k % tables].append(sample_id)
            k += 1
    seats: list[list[str]] = [[] for _ in range(tables)]
    for i, judge in enumerate(draw_order(seed, ["judges"], list(judges))):
        seats[i % tables].append(judge)
    return out, seats
