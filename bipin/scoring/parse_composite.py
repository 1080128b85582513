"""The composite-indicator parts of a scheme: composite nodes, goalposts, outlier
treatment, denominators (``per``) and the ``inputs`` they name.

Split from :mod:`bipin.scoring.parse`, which calls these while it reads nodes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bipin.scoring.model import Source
from bipin.scoring.reader import Reader
from bipin.scoring.scheme import AGGREGATES, NORMALISATIONS, WEIGHTINGS, Composite, Node, Outliers
from bipin.scoring.weights import ahp_weights

__all__ = ["COMPOSITE_KEYS", "check_inputs", "parse_composite", "parse_pair", "parse_per"]

COMPOSITE_KEYS = (
    "normalise", "weighting", "aggregate", "ahp", "outliers", "range", "min_coverage", "across"
)
OUTLIER_KEYS = ("winsorise", "skewness", "kurtosis")


def parse_per(r: Reader, data: Any, path: str, source: Source) -> tuple[str, float] | None:
    """``per: 常住人口`` or ``per: {input: 常住人口, scale: 10000}``."""
    if data is None:
        return None
    if source not in (Source.DATA, Source.DEPARTMENT, Source.SUPERVISION):
        r.add(path, "只有数据、部门评价或日常监督指标可以按分母折算",
              "only a data, department or supervision leaf can be divided by a denominator")
        return None
    spec = data if isinstance(data, Mapping) else {"input": data}
    r.keys(spec, path, ("input", "scale"))
    name = str(spec.get("input") or "").strip()
    if not name:
        r.add(f"{path}.input", "须写出分母所在的输入项", "name the input item of the denominator")
    return name, r.number(spec, "scale", path, 1.0, minimum=0, strict=True)


def check_inputs(r: Reader, inputs: tuple[str, ...], dims: tuple[Node, ...]) -> None:
    """Denominators are declared inputs, distinct from every leaf; record leaves take none."""
    if len(set(inputs)) != len(inputs) or "" in inputs:
        r.add("inputs", "输入项不能为空或重复", "inputs must be non-empty and distinct")
    for dim in dims:
        for leaf in dim.leaves():
            if leaf.id in inputs:
                r.add("inputs", f"“{leaf.id}”已是计分指标", f"{leaf.id!r} is a scored leaf, not an input")
            if leaf.per is None:
                continue
            if leaf.per[0] and leaf.per[0] not in inputs:
                r.add(f"{leaf.path}.per", f"分母“{leaf.per[0]}”须在 inputs 中声明",
                      f"the denominator {leaf.per[0]!r} must be declared under inputs")
            if leaf.rule is not None and leaf.rule.record:
                r.add(f"{leaf.path}.per", "加分、扣分类记录不按分母折算",
                      "a record rule (bonus, deduction, per_occurrence) takes no denominator")


def parse_pair(r: Reader, data: Mapping, key: str, path: str) -> tuple[float, float] | None:
    """A rising ``[low, high]`` pair of numbers, or None when not given."""
    if data.get(key) is None:
        return None
    where = f"{path}.{key}"
    pair = r.items(data[key], where)
    values = [r.number({key: v}, key, path) for v in pair]
    if len(values) != 2 or None in values or not values[0] < values[1]:
        r.add(where, "须为 [下限, 上限],下限小于上限", f"must be [low, high] with low < high (got {data[key]!r})")
        return None
    return (values[0], values[1])


def _outliers(r: Reader, data: Any, path: str) -> Outliers | None:
    if data is None:
        return None
    data = r.mapping(data, path)
    r.keys(data, path, OUTLIER_KEYS)
    return Outliers(
        points=r.number(data, "winsorise", path, 5, minimum=0, integer=True),
        skewness=r.number(data, "skewness", path, 2.0, minimum=0, strict=True),
        kurtosis=r.number(data, "kurtosis", path, 3.5),
    )


def parse_composite(r: Reader, data: Any, path: str, children: list[Node]) -> Composite:
    data = r.mapping(data, path)
    r.keys(data, path, COMPOSITE_KEYS)
    comp = Composite(
        normalise=r.choice(data, "normalise", path, NORMALISATIONS, "min-max"),
        weighting=r.choice(data, "weighting", path, WEIGHTINGS, "fixed"),
        aggregate=r.choice(data, "aggregate", path, AGGREGATES, "arithmetic"),
        outliers=_outliers(r, data.get("outliers"), f"{path}.outliers"),
        range=parse_pair(r, data, "range", path) or (0.0, 1.0),
        min_coverage=r.number(data, "min_coverage", path, None, minimum=0, strict=True),
        across=r.choice(data, "across", path, ("group", "all"), "group"),
    )
    if comp.across == "all" and any(not c.is_leaf for c in children):
        r.add(f"{path}.across", "跨组标准化的综合节点,下级须为末级指标",
              "across: all needs a composite whose children are all leaves")
    if comp.min_coverage is not None and comp.min_coverage > 1:
        r.add(f"{path}.min_coverage", "须为不超过1的比例(如0.65)",
              f"must be a share of at most 1, such as 0.65 (got {comp.min_coverage:g})")
    if comp.range[0] < 0:
        r.add(f"{path}.range", "下限不能为负", f"the low end must be >= 0 (got {comp.range[0]:g})")
    for child in children:
        if child.is_leaf:
            _goalposts(r, comp, child)
        elif child.goalposts or child.transform:
            r.add(child.path, "目标区间与对数变换只用于末级指标", "goalposts and transform apply to leaves only")
    if comp.weighting == "ahp":
        matrix = data.get("ahp")
        try:
            _, cr = ahp_weights(matrix)
            n = len(matrix)
        except (TypeError, ValueError) as exc:
            r.add(f"{path}.ahp", "判断矩阵须为正的互反方阵", str(exc) or "invalid AHP matrix")
            return comp
        if cr >= 0.1:
            r.add(
                f"{path}.ahp",
                f"一致性比率 CR={cr:.4f} ≥ 0.1,判断矩阵不一致",
                f"consistency ratio CR={cr:.4f} >= 0.1 (Saaty RI); revise the matrix",
            )
        scored = [c for c in children if not c.is_adjustment]
        if n != len(scored):
            r.add(
                f"{path}.ahp",
                f"矩阵须为 {len(scored)} 阶",
                f"matrix must be {len(scored)}x{len(scored)}",
            )
        comp = replace(comp, ahp=tuple(tuple(float(v) for v in row) for row in matrix))
    if comp.normalise == "target":
        for child in children:
            if child.is_leaf and not child.target:
                r.add(
                    f"{child.path}.target",
                    "按目标值标准化须给出非零目标值",
                    "target normalisation needs a non-zero target",
                )
    return comp


def _goalposts(r: Reader, comp: Composite, child: Node) -> None:
    """A composite leaf's goalposts: all leaves under ``normalise: goalposts``, no others."""
    if comp.normalise == "goalposts" and child.goalposts is None:
        r.add(f"{child.path}.goalposts", "按目标区间标准化须给出 [下限, 上限]",
              "normalise: goalposts needs goalposts: [low, high] on every leaf")
    if comp.normalise != "goalposts" and child.goalposts is not None:
        r.add(f"{child.path}.goalposts", "须配合 normalise: goalposts",
              "goalposts need normalise: goalposts on the composite node")
    if child.transform == "log" and child.goalposts is not None and child.goalposts[0] <= 0:
        r.add(f"{child.path}.goalposts", "对数变换的下限须大于0",
              "with transform: log the low goalpost must be > 0")
