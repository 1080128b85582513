"""Radar (spider) chart geometry, and an inline SVG of it, with no chart library.

Each axis is one dimension, scaled by that dimension's full marks, so a unit
strong in a small dimension shows as strong. The PDF writer draws the same
polygons with reportlab from :func:`radar_geometry`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["RadarSeries", "radar_geometry", "radar_svg"]


@dataclass(frozen=True)
class RadarSeries:
    label: str
    values: Sequence[float | None]
    css: str  # a class name in SVG; the PDF maps it to a colour


def _fraction(value: float | None, full: float) -> float:
    if value is None or full <= 0 or math.isnan(value):
        return 0.0
    return max(0.0, min(1.0, value / full))


def radar_geometry(fulls: Sequence[float], series: Sequence[RadarSeries], radius: float = 100.0):
    """Axis end points and one polygon per series, centred on (0, 0), y upwards.

    >>> axes, polys = radar_geometry([10, 10, 10, 10], [RadarSeries("a", [10, 5, 0, 10], "x")])
    >>> [tuple(round(c, 1) + 0.0 for c in p) for p in polys[0]]
    [(0.0, 100.0), (50.0, 0.0), (0.0, 0.0), (-100.0, 0.0)]
    """
    n = len(fulls)
    angles = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]
    axes = [(radius * math.cos(a), radius * math.sin(a)) for a in angles]
    polygons = []
    for s in series:
        fracs = [_fraction(v, f) for v, f in zip(s.values, fulls, strict=True)]
        polygons.append([(radius * f * math.cos(a), radius * f * math.sin(a))
                         for f, a in zip(fracs, angles, strict=True)])
    return axes, polygons


def radar_svg(labels: Sequence[str], fulls: Sequence[float], series: Sequence[RadarSeries],
              title: str = "", size: int = 320) -> str:
    """An accessible inline SVG: a title, rings at 25 % steps, labelled axes, a legend."""
    if len(labels) < 3:
        return ""
    r = size * 0.32
    cx, cy = size / 2, size / 2 + 6
    axes, polygons = radar_geometry(fulls, series, r)

    def pt(x: float, y: float) -> str:
        return f"{cx + x:.1f},{cy - y:.1f}"

    parts = [f'<svg class="radar" viewBox="0 0 {size} {size + 24 * len(series)}" role="img" '
             f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for ring in (0.25, 0.5, 0.75, 1.0):
        parts.append('<polygon class="ring" points="'
                     + " ".join(pt(x * ring, y * ring) for x, y in axes) + '"/>')
    for (x, y), label in zip(axes, labels, strict=True):
        parts.append(f'<line class="axis" x1="{cx:.1f}" y1="{cy:.1f}" x2="{cx + x:.1f}" y2="{cy - y:.1f}"/>')
        anchor = "middle" if abs(x) < 1 else ("start" if x > 0 else "end")
        lx, ly = cx + x * 1.12, cy - y * 1.12 + (4 if abs(y) < r * 0.9 else (-4 if y > 0 else 12))
        parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">{escape(label)}</text>')
    for s, poly in zip(series, polygons, strict=True):
        parts.append(f'<polygon class="series {escape(s.css)}" points="'
                     + " ".join(pt(x, y) for x, y in poly) + '"/>')
    for i, s in enumerate(series):
        y = size + 4 + 24 * i
        parts.append(f'<rect class="series {escape(s.css)}" x="{size * 0.2:.0f}" y="{y}" width="14" height="14"/>')
        parts.append(f'<text x="{size * 0.2 + 20:.0f}" y="{y + 12}">{escape(s.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
