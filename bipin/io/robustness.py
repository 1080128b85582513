"""Rank robustness as a chart (inline SVG, no chart library) and as a table.

The chart: for each entrant, in the official order: a bar from its 5 % to its 95 % rank,
a dot at its median rank and a tick at its official rank. Rank 1 is at the
left. Colours and sizes come from CSS classes (results.css), so the markup
carries no style.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from bipin.scoring import RankRobustness

__all__ = ["HEADERS", "RankInterval", "rank_interval_svg", "table_rows"]

ROW, TOP, LABEL, PLOT, PAD = 22, 30, 120, 320, 12


@dataclass(frozen=True)
class RankInterval:
    label: str
    rank: int
    low: int
    median: int
    high: int


def _ticks(n: int) -> list[int]:
    """Rank 1, rank n and round steps between, about six in all."""
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 10**9) if n / s <= 6)
    return sorted({1, n, *range(step, n, step)})


def rank_interval_svg(rows: Sequence[RankInterval], title: str = "",
                      legend: Sequence[str] = ("5 %–95 %", "中位数", "正式名次")) -> str:
    """The chart as SVG markup, one line per row and a legend; empty for no rows.

    >>> svg = rank_interval_svg([RankInterval("示例一县", 1, 1, 1, 2), RankInterval("示例二县", 2, 1, 2, 2)])
    >>> svg.count('class="interval"'), svg.count('class="median"'), svg.count('class="official"')
    (3, 3, 3)
    """
    if not rows:
        return ""
    n = max(max(r.high, r.rank) for r in rows)
    width = LABEL + PLOT + 2 * PAD
    height = TOP + ROW * len(rows) + 28

    def x(rank: float) -> float:
        return LABEL + PAD + (PLOT * (rank - 1) / (n - 1) if n > 1 else PLOT / 2)

    parts = [f'<svg class="rank-intervals" viewBox="0 0 {width} {height}" role="img" '
             f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    bottom = TOP + ROW * len(rows)
    for t in _ticks(n):
        parts.append(f'<line class="grid" x1="{x(t):.1f}" y1="{TOP - 6}" x2="{x(t):.1f}" y2="{bottom}"/>')
        parts.append(f'<text class="tick" x="{x(t):.1f}" y="{TOP - 10}" text-anchor="middle">{t}</text>')
    for i, r in enumerate(rows):
        y = TOP + ROW * i + ROW / 2
        parts.append(f'<text class="label" x="{LABEL}" y="{y + 4:.1f}" text-anchor="end">'
                     f"{escape(r.label)}</text>")
        parts.append(f'<line class="interval" x1="{x(r.low):.1f}" y1="{y:.1f}" '
                     f'x2="{x(r.high):.1f}" y2="{y:.1f}"/>')
        parts.append(f'<line class="official" x1="{x(r.rank):.1f}" y1="{y - 7:.1f}" '
                     f'x2="{x(r.rank):.1f}" y2="{y + 7:.1f}"/>')
        parts.append(f'<circle class="median" cx="{x(r.median):.1f}" cy="{y:.1f}" r="4"/>')
    y = bottom + 18
    bar, dot, tick = legend
    parts += [f'<line class="interval" x1="{PAD}" y1="{y - 4}" x2="{PAD + 24}" y2="{y - 4}"/>',
              f'<text x="{PAD + 30}" y="{y}">{escape(bar)}</text>',
              f'<circle class="median" cx="{PAD + 160}" cy="{y - 4}" r="4"/>',
              f'<text x="{PAD + 170}" y="{y}">{escape(dot)}</text>',
              f'<line class="official" x1="{PAD + 270}" y1="{y - 11}" x2="{PAD + 270}" y2="{y + 3}"/>',
              f'<text x="{PAD + 278}" y="{y}">{escape(tick)}</text>', "</svg>"]
    return "".join(parts)


HEADERS = ["组别", "正式名次", "参评单位", "名次中位数", "5%名次", "95%名次", "总分中位数",
           "领先下一名的抽样比例", "与下一名可区分(≥95%)"]


def table_rows(result: RankRobustness) -> list[list[Any]]:
    """One row per entrant in the official order, under :data:`HEADERS`."""
    return [[g.group, e.rank, e.name, e.median, e.low, e.high, e.median_total, e.ahead,
             {True: "是", False: "否", None: ""}[e.distinguishable]]
            for g in result.groups for e in g.entrants]
