"""The panel rule for one entrant's live result (trimmed mean of sheet totals).

The engine's ``score_panel`` was not on the ``scoring`` branch when this app
was built, so the rule lives here as one pure function the rest of the app
calls through :func:`panel_result`; swapping in the engine is a change here
only. Rule ``trimmed-mean-v1``: each sheet's total is the sum of its marks;
with at least ``trim_min`` sheets the ``drop_high`` highest and ``drop_low``
lowest totals are dropped (equal totals: the later judge id is dropped first);
the result is the mean of the rest, rounded half-up (四舍五入) to ``decimals``.
A smaller panel (a judge recused) below ``trim_min`` keeps every sheet.

>>> r = panel_result({"a": {"x": 8}, "b": {"x": 9}, "c": {"x": 7}, "d": {"x": 10}, "e": {"x": 6}},
...                  drop_high=1, drop_low=1, trim_min=5, decimals=2)
>>> r.total, r.dropped, r.counted
(Decimal('8.00'), ['d', 'e'], 3)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from bipin.scoring.rounding import round_half_up

RULE = "trimmed-mean-v1"


@dataclass(frozen=True)
class PanelResult:
    total: Decimal
    criteria: dict[str, Decimal] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    counted: int = 0
    explanation: str = ""


def panel_result(sheets: Mapping[str, Mapping[str, Decimal | float]], *, drop_high: int,
                 drop_low: int, trim_min: int, decimals: int) -> PanelResult:
    """The panel result from ``{judge: {criterion: mark}}``."""
    if not sheets:
        raise ValueError("at least one sheet is needed")
    totals = {j: sum(Decimal(str(v)) for v in marks.values()) for j, marks in sheets.items()}
    dropped: list[str] = []
    if len(totals) >= max(trim_min, drop_high + drop_low + 1):
        ranked = sorted(totals, key=lambda j: (totals[j], j))
        dropped = ranked[len(ranked) - drop_high:] + ranked[:drop_low] if drop_high else ranked[:drop_low]
    kept = [j for j in totals if j not in dropped]
    total = round_half_up(sum(totals[j] for j in kept) / len(kept), decimals)
    names = sorted({c for marks in sheets.values() for c in marks})
    per = {c: round_half_up(sum(Decimal(str(sheets[j].get(c, 0))) for j in kept) / len(kept), decimals)
           for c in names}
    explanation = (f"{len(totals)} 份评分,去掉 {len(dropped)} 份,其余 {len(kept)} 份取平均 / "
                   f"{len(totals)} sheets, {len(dropped)} dropped, mean of {len(kept)}")
    return PanelResult(total, per, dropped, len(kept), explanation)
