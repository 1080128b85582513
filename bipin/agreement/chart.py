"""The severity chart as SVG geometry, drawn on the server.

One row per judge: a bar from zero to the judge's mean deviation and a
whisker of ±2 standard errors, with the drift limit (±2 steps of the panel
total) as dashed lines. Only coordinates are computed here; the template
draws them with classes that agreement.css colours (no style attributes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH = 640
LEFT = 130  # judges' names
RIGHT = 20
TOP = 28
ROW = 30
BAR = 16


@dataclass(frozen=True)
class Row:
    name: str
    y: str
    text_y: str
    mid: str
    x: str
    width: str
    whisker: tuple[str, str] | None
    tone: str  # lenient, severe, drift or none
    value: str


def _fmt(v: float) -> str:
    return f"{v:.1f}"


def severity_chart(judges, limit: float) -> dict:
    """Coordinates for ``judges`` (rows with name, severity, se, drifting)."""
    reach = [abs(j.severity) + 2 * (j.se if math.isfinite(j.se) else 0.0)
             for j in judges if math.isfinite(j.severity)]
    span = max([*reach, 1.2 * limit, 1.0]) * 1.1
    reach_max = round(span / 1.1, 1)
    plot = WIDTH - LEFT - RIGHT
    zero = LEFT + plot / 2

    def x(v: float) -> float:
        return zero + v * (plot / 2) / span

    rows = []
    for i, j in enumerate(judges):
        top = TOP + i * ROW + (ROW - BAR) / 2
        if not math.isfinite(j.severity):
            rows.append(Row(j.name, _fmt(top), _fmt(top + BAR - 3), _fmt(top + BAR / 2), _fmt(zero), "0", None, "none", "—"))
            continue
        left, right = sorted((x(0.0), x(j.severity)))
        whisker = None
        if math.isfinite(j.se):
            whisker = (_fmt(x(j.severity - 2 * j.se)), _fmt(x(j.severity + 2 * j.se)))
        tone = "drift" if j.drifting else ("lenient" if j.severity > 0 else "severe")
        rows.append(Row(j.name, _fmt(top), _fmt(top + BAR - 3), _fmt(top + BAR / 2), _fmt(left), _fmt(max(right - left, 1.0)),
                        whisker, tone, f"{j.severity:+.2f}"))
    height = TOP + ROW * len(judges) + 24
    return {
        "width": WIDTH, "height": height, "zero": _fmt(zero), "top": TOP, "bottom": height - 24,
        "left": LEFT, "name_x": LEFT - 8, "value_x": WIDTH - RIGHT,
        "limits": [_fmt(x(-limit)), _fmt(x(limit))], "limit": f"{limit:g}",
        "axis": [(_fmt(x(v)), f"{v:+g}" if v else "0") for v in (-reach_max, 0.0, reach_max)],
        "rows": rows,
    }
