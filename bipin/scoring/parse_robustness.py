"""Validate the ``robustness`` section: what the rank robustness analysis may vary.

Every refusal names its dotted path, as the rest of the scheme's do: an
unknown node id, a range that does not hold the node's declared points, an
empty or repeated list of alternatives, an alternative the scheme has nothing
to apply to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bipin.scoring.combine import full_points
from bipin.scoring.reader import Reader
from bipin.scoring.scheme import Node, Panel, Robustness

__all__ = [
    "MAX_DRAWS",
    "ROBUST_AGGREGATES",
    "ROBUST_NORMALISATIONS",
    "TRIMMABLE",
    "parse_robustness",
]

ROBUSTNESS_KEYS = ("draws", "seed", "weights", "normalise", "aggregate", "trim")
MAX_DRAWS = 100_000
# "target" needs a target per indicator, which an alternative cannot supply.
ROBUST_NORMALISATIONS = ("min-max", "z-score", "rank")
ROBUST_AGGREGATES = ("arithmetic", "geometric")
# Panels whose aggregation trimming changes; a median or a sum is left as declared.
TRIMMABLE = ("mean", "trimmed")
MAX_TRIM = 20


def _choices(r: Reader, data: Mapping, key: str, options: Sequence[Any] | None, path: str) -> tuple:
    """A list of distinct alternatives from ``options`` (None: whole numbers up to MAX_TRIM)."""
    if key not in data:
        return ()
    where = f"{path}.{key}"
    if not isinstance(data[key], list):
        r.add(where, "须为列表", "must be a list")
        return ()
    values = data[key]
    if not values:
        r.add(where, "备选项列表不能为空", "the list of alternatives must not be empty")
    for i, v in enumerate(values):
        if options is None:
            ok = isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_TRIM
            zh, en = f"0 到 {MAX_TRIM} 的整数", f"a whole number from 0 to {MAX_TRIM}"
        else:
            ok = isinstance(v, str) and v in options
            zh, en = f"{'、'.join(options)} 之一", f"one of {', '.join(options)}"
        if not ok:
            r.add(f"{where}[{i}]", f"须为{zh}(现为“{v}”)", f"must be {en} (got {v!r})")
            return ()
    if len(set(values)) != len(values):
        r.add(where, "备选项重复", f"repeated alternatives in {values!r}")
        return ()
    return tuple(values)


def _weights(r: Reader, data: Any, path: str, dims: Sequence[Node]) -> dict:
    by_id: dict[str, list[Node]] = {}
    for dim in dims:
        for node in dim.walk():
            by_id.setdefault(node.id, []).append(node)
    out: dict[str, tuple[float, float]] = {}
    for key, spec in r.mapping(data, path).items():
        node_id, where = str(key), f"{path}.{key}"
        nodes = by_id.get(node_id, [])
        if not nodes:
            r.add(where, f"方案中没有指标“{node_id}”", f"no node {node_id!r} in the scheme")
            continue
        if len(nodes) > 1:
            r.add(where, f"有多个指标名为“{node_id}”,请给出唯一的 id",
                  f"several nodes are called {node_id!r}; give them distinct ids")
            continue
        node = nodes[0]
        points = full_points(node)
        if node.is_adjustment or not points:
            r.add(where, f"“{node_id}”没有分值,无从变动",
                  f"{node_id!r} has no points to vary")
            continue
        pair = spec if isinstance(spec, list) else []
        if len(pair) != 2 or any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in pair):
            r.add(where, "须为两个数:[下限, 上限]", f"must be two numbers [low, high] (got {spec!r})")
            continue
        low = r.number({"low": pair[0]}, "low", where, None, minimum=0)
        high = r.number({"high": pair[1]}, "high", where, None, minimum=0, strict=True)
        if low is None or high is None:
            continue
        if not low <= points <= high:
            r.add(
                where,
                f"范围[{low:g}, {high:g}]须包含方案中的分值{points:g}",
                f"the range [{low:g}, {high:g}] must hold the declared points {points:g}",
            )
            continue
        out[node_id] = (low, high)
    return out


def _composites(dims: Sequence[Node]) -> list[Node]:
    return [n for d in dims for n in d.walk() if n.composite is not None]


def parse_robustness(
    r: Reader, data: Any, dims: Sequence[Node], panels: Mapping[str, Panel]
) -> Robustness | None:
    """The section as a :class:`Robustness`, or None when the scheme has none."""
    if data is None:
        return None
    path = "robustness"
    data = r.mapping(data, path)
    r.keys(data, path, ROBUSTNESS_KEYS)
    draws = r.number(data, "draws", path, 1000, minimum=1, integer=True)
    if draws is not None and draws > MAX_DRAWS:
        r.add(f"{path}.draws", f"至多{MAX_DRAWS}次", f"must be at most {MAX_DRAWS} (got {draws})")
    if data.get("seed") is None:
        r.add(f"{path}.seed", "须给出随机种子(整数),使结果可以复现",
              "give a seed (a whole number) so the analysis can be reproduced")
    seed = r.number(data, "seed", path, 0, minimum=0, integer=True)
    spec = Robustness(
        draws=draws or 1000,
        seed=seed or 0,
        weights=_weights(r, data.get("weights"), f"{path}.weights", dims),
        normalise=_choices(r, data, "normalise", ROBUST_NORMALISATIONS, path),
        aggregate=_choices(r, data, "aggregate", ROBUST_AGGREGATES, path),
        trim=_choices(r, data, "trim", None, path),
    )
    composites = _composites(dims)
    for key in ("normalise", "aggregate"):
        if getattr(spec, key) and not composites:
            r.add(f"{path}.{key}", "方案中没有综合(composite)节点,此项无处可用",
                  f"the scheme has no composite node for {key} alternatives")
    if spec.trim and not any(p.aggregate in TRIMMABLE for p in panels.values()):
        r.add(f"{path}.trim", "方案中没有按平均汇总的评委组,去分备选无处可用",
              "the scheme has no panel aggregated by mean or trimmed mean to trim")
    for node in composites:
        comp = node.composite
        assert comp is not None
        # A z-score is negative below the mean; a geometric mean of it does not exist.
        if "z-score" in (spec.normalise or (comp.normalise,)) and "geometric" in (
            spec.aggregate or (comp.aggregate,)
        ):
            r.add(path, f"“{node.id}”:z-score 标准化会得到负值,不能与几何平均组合",
                  f"{node.id!r}: z-score gives negative values, which geometric aggregation "
                  "cannot take")
            break
    if not any(key in data for key in ROBUSTNESS_KEYS[2:]):
        r.add(path, "须至少声明一项不确定的选择(weights、normalise、aggregate 或 trim)",
              "declare at least one uncertain choice (weights, normalise, aggregate or trim)")
    return spec
