"""Small builders shared by the scoring tests."""

from __future__ import annotations

from typing import Any

from bipin.scoring import Entrant, Observation, parse_scheme


def leaf_scheme(rule: str | dict, points: float = 10, source: str = "data", **extra: Any):
    """A one-leaf scheme: dimension 维度 with leaf 指标."""
    leaf = {"name": "指标", "points": points, "source": source, "rule": rule, **extra}
    return parse_scheme({"contest": "测试", "dimensions": [{"name": "维度", "indicators": [leaf]}]})


def people(*ids: str, group: str = "组") -> list[Entrant]:
    return [Entrant(i, i, group) for i in ids]


def data(
    entrant: str, value: float | None, item: str = "指标", source: str = "data", **kw: Any
) -> Observation:
    return Observation(entrant, source, item, value, **kw)


def totals(evaluation) -> dict[str, float]:
    return {r.entrant.id: r.total for g in evaluation.groups for r in g.results}


def sums_exactly(node: dict) -> bool:
    """Every node's points are the sum of its children's, to the published cent."""
    kids = node.get("children", [])
    if not kids:
        return True
    cents = round(node.get("points", node.get("total")) * 100)
    return cents == sum(round(k["points"] * 100) for k in kids) and all(
        sums_exactly(k) for k in kids
    )
