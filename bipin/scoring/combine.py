"""Combine leaf points up the tree into per-leaf contributions.

Every node's value is the sum of its leaves' contributions, so an explanation
adds up. A ``sum`` node adds its children (scaling the present ones up when a
missing child is excluded); a ``weighted`` node gives each child
``points × weight × child_score / child_points``; a ``composite`` node
treats outliers, normalises its leaves across the group (or by fixed
goalposts), weights its children (fixed, AHP, entropy, CRITIC, CV) and
aggregates them (arithmetic, geometric, harmonic). A child of a composite
node that has children of its own enters with its score as a share of its
full points. Bonus, deduction and veto leaves are added as they are, outside
any weighting.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from bipin.scoring.aggregate import weighted_geometric, weighted_harmonic
from bipin.scoring.leaves import LeafOutcome
from bipin.scoring.model import ObservationError
from bipin.scoring.normalise import normalise
from bipin.scoring.scheme import Composite, Node
from bipin.scoring.treatment import apply_goalposts, treat
from bipin.scoring.weights import (
    ahp_weights,
    critic_weights,
    cv_weights,
    entropy_weights,
    fixed_weights,
)

__all__ = ["combine", "composite_weights", "effective_weights", "full_points"]

Contribs = dict[str, np.ndarray]
Notes = list[tuple[int, str]]  # (entrant, message) for the evaluation's warnings


def full_points(node: Node) -> float:
    """A node's full points: declared, or the sum of its scored children."""
    if node.points or node.is_leaf:
        return node.points
    return sum(full_points(c) for c in node.children if not c.is_adjustment)


def combine(
    node: Node,
    leaves: Mapping[str, LeafOutcome],
    n: int,
    notes: Notes | None = None,
    details: dict[str, dict] | None = None,
    reference: Mapping[str, np.ndarray] | None = None,
) -> tuple[Contribs, np.ndarray]:
    """Contributions of each leaf under ``node`` and a mask of entrants with any data.

    ``notes`` collects warnings a composite node raises (values capped at a
    goalpost, a geometric mean meeting a 0); ``details`` collects, per
    composite child, its weight used, normalised value and share, and per
    composite node its effective weights, for the explanation. ``reference``
    holds, per ``across: all`` node, the raw columns of the other groups'
    units, which take part in its statistics.
    """
    notes = [] if notes is None else notes
    details = {} if details is None else details
    reference = {} if reference is None else reference
    if node.is_leaf:
        points = leaves[node.path].points
        return {node.path: np.nan_to_num(points)}, ~np.isnan(points)
    if node.combine == "composite":
        return _composite(node, leaves, n, notes, details, reference)
    scored = [c for c in node.children if not c.is_adjustment]
    parts = [combine(c, leaves, n, notes, details, reference) for c in scored]
    present = np.array([p for _, p in parts]).reshape(len(parts), n)
    if node.combine == "weighted":
        w = np.array([c.weight for c in scored])[:, None] * present
        share = np.divide(w, w.sum(axis=0), out=np.zeros_like(w), where=w.sum(axis=0) > 0)
        scale = [node.points * share[i] / (full_points(c) or 1.0) for i, c in enumerate(scored)]
    else:
        fulls = np.array([full_points(c) for c in scored])[:, None]
        have = (fulls * present).sum(axis=0)
        # An excluded child leaves its siblings to carry the node's full points.
        factor = np.divide(full_points(node), have, out=np.zeros(n), where=have > 0)
        scale = [factor] * len(scored)
    out: Contribs = {}
    for (contribs, _), s in zip(parts, scale, strict=True):
        for path, values in contribs.items():
            out[path] = values * s
    for child in node.children:
        if child.is_adjustment:
            out.update(combine(child, leaves, n, notes, details, reference)[0])
    return out, np.asarray(present.any(axis=0)) if len(parts) else np.ones(n, bool)


def composite_weights(comp: Composite, x: np.ndarray, nodes: list[Node]) -> np.ndarray:
    """Column weights by the declared method; data-driven ones from the values given (NaN: none)."""
    lower = [c.direction == "lower" for c in nodes]
    if comp.weighting == "fixed":
        return fixed_weights([c.weight if c.weight is not None else 1.0 for c in nodes])
    if comp.weighting == "ahp":
        if comp.ahp is None:
            raise ValueError("AHP weighting needs a pairwise matrix")
        return ahp_weights(comp.ahp)[0]
    if comp.weighting == "entropy":
        return entropy_weights(x, lower)
    if comp.weighting == "critic":
        return critic_weights(x, lower)
    return cv_weights(x)


def effective_weights(credits: np.ndarray) -> np.ndarray:
    """Each child's share of a composite node's value over the group (entrants × children).

    e_j = Σ_i c_ij / Σ_i Σ_k c_ik: what each child actually contributed,
    beside the nominal weight the scheme declared (the handbook's "nominal
    versus effective weights"). NaN when the node is worth nothing.

    >>> effective_weights(np.array([[3.0, 1.0], [5.0, 1.0]])).tolist()
    [0.8, 0.2]
    """
    total = credits.sum()
    if total == 0:
        return np.full(credits.shape[1], np.nan)
    return credits.sum(axis=0) / total


def _columns(
    node: Node,
    leaves: Mapping[str, LeafOutcome],
    n: int,
    notes: Notes,
    details: dict,
    reference: Mapping[str, np.ndarray],
) -> tuple[list[Node], np.ndarray, dict[str, Contribs]]:
    """The raw column of each scored child; an inner child's is its score ÷ its full points."""
    scored = [c for c in node.children if not c.is_adjustment]
    columns, inner = [], {}
    for c in scored:
        if c.is_leaf:
            columns.append(leaves[c.path].points)
            continue
        contribs, present = combine(c, leaves, n, notes, details, reference)
        inner[c.path] = contribs
        value = sum(contribs.values(), np.zeros(n)) / (full_points(c) or 1.0)
        columns.append(np.where(present, value, np.nan))
    return scored, np.array(columns).reshape(len(scored), n).T, inner


def _treat(comp: Composite, x: np.ndarray, o: LeafOutcome, n: int) -> np.ndarray:
    """The column after the declared outlier treatment; each change of the group's
    own ``n`` rows (the first) warned and kept."""
    if comp.outliers is None:
        return x
    out = comp.outliers
    t = treat(x, out.points, out.skewness, out.kurtosis)
    if t.method == "none":
        return x
    own = t.changed[:n]
    how = (f"缩尾{t.points}个点", f"winsorised ({t.points} points)") if t.method == "winsorised" else (
        "缩尾不足,取对数", "winsorising was not enough: log-transformed")
    for e in np.nonzero(own)[0]:
        o.warnings.append((int(e), f"“{o.node.id}”偏度/峰度超限,{how[0]}:{x[e]:g} → {t.values[e]:.6g} / "
                           f"{o.node.id!r} skewness/kurtosis beyond the limits, {how[1]}: "
                           f"{x[e]:g} → {t.values[e]:.6g}"))
    o.treated.append((t.method, x[:n].copy(), t.values[:n].copy(), own))
    return t.values


def _log(x: np.ndarray, o: LeafOutcome) -> np.ndarray:
    bad = ~np.isnan(x) & (x <= 0)
    if bad.any():
        e = int(np.argmax(bad))
        raise ObservationError(
            f"“{o.node.id}”取对数须为正数(第{e + 1}个参评对象为{x[e]:g})",
            f"{o.node.id!r} is log-transformed and needs values > 0 (got {x[e]:g})",
            field="value",
        )
    return np.log(x)


def _normalise_leaves(
    comp: Composite, x: np.ndarray, nodes: list[Node], outcomes: list[LeafOutcome], n: int
) -> np.ndarray:
    """Outliers treated, logs taken, then normalised by the node's method.

    ``x`` holds the group's ``n`` entrants first, then any reference rows of
    other groups (``across: all``), which take part in every statistic.
    """
    x = x.copy()
    for k, (c, o) in enumerate(zip(nodes, outcomes, strict=True)):
        x[:, k] = _treat(comp, x[:, k], o, n)
        if c.transform == "log":
            x[:, k] = _log(x[:, k], o)
    lower = [c.direction == "lower" for c in nodes]
    if comp.normalise != "goalposts":
        targets = [c.target or 0.0 for c in nodes] if comp.normalise == "target" else None
        return normalise(x, comp.normalise, lower, targets)
    z = np.empty_like(x)
    for k, (c, o) in enumerate(zip(nodes, outcomes, strict=True)):
        low, high = c.goalposts or (0.0, 1.0)
        if c.transform == "log":
            low, high = float(np.log(low)), float(np.log(high))
        z[:, k], capped = apply_goalposts(x[:, k], low, high, lower[k])
        capped = capped[:n]
        if capped.any():
            # UNDP caps values beyond a goalpost; Bipin does too, visibly.
            raw = o.points
            post = np.where(x[:n, k] > high, c.goalposts[1], c.goalposts[0])
            for e in np.nonzero(capped)[0]:
                o.warnings.append((int(e), f"“{c.id}”{raw[e]:g}超出目标区间[{c.goalposts[0]:g}, "
                                   f"{c.goalposts[1]:g}],按{post[e]:g}计 / {c.id!r} {raw[e]:g} is "
                                   f"beyond its goalposts, counted as {post[e]:g}"))
            o.treated.append(("goalpost", raw.copy(), post, capped))
    return z


def _composite(
    node: Node,
    leaves: Mapping[str, LeafOutcome],
    n: int,
    notes: Notes,
    details: dict,
    reference: Mapping[str, np.ndarray],
) -> tuple[Contribs, np.ndarray]:
    comp = node.composite or Composite()
    scored, x, inner = _columns(node, leaves, n, notes, details, reference)
    ref = reference.get(node.path) if comp.across == "all" else None
    full = x if ref is None else np.vstack([x, ref])
    outcomes = {c.path: leaves[c.path] for c in scored if c.is_leaf}
    # Missing values stay NaN here (see apply_missing): normalisation and
    # data-driven weights see only the entrants with data, and the policy
    # fills the normalised value afterwards, so nobody else moves.
    w = composite_weights(comp, full, scored)
    z = x.copy()  # an inner child's score share is already on the 0–1 scale
    k_leaf = [k for k, c in enumerate(scored) if c.is_leaf]
    if k_leaf:
        z[:, k_leaf] = _normalise_leaves(
            comp,
            full[:, k_leaf],
            [scored[k] for k in k_leaf],
            [outcomes[scored[k].path] for k in k_leaf],
            n,
        )[:n]
    present = ~np.isnan(x)
    present_before = present.copy()
    for k in k_leaf:
        o = outcomes[scored[k].path]
        if o.policy == "impute" and o.filled is not None:
            present_before[o.filled, k] = False  # an estimate is not data
    scored_on = _coverage(node, comp, present_before, notes)
    for k in k_leaf:
        o = outcomes[scored[k].path]
        if o.filled is None or o.policy in ("exclude", "impute"):
            continue  # excluded: the entrant's own weights are renormalised below
        has = present[:, k]
        # "zero" is zero points for this child, after normalisation.
        fill = float(np.mean(z[has, k])) if o.policy == "group_mean" and has.any() else 0.0
        z[o.filled, k] = fill
        present[o.filled, k] = True
    low, high = comp.range
    z = np.where(present, low + (high - low) * z, 0.0)
    per_row = w[None, :] * present
    sums = per_row.sum(axis=1, keepdims=True)
    per_row = np.divide(per_row, sums, out=np.zeros_like(per_row), where=sums > 0)
    if comp.aggregate == "arithmetic":
        credit = node.points * per_row * z / high
    else:
        zero = (per_row > 0) & (z <= 0)
        for e in np.nonzero(zero.any(axis=1))[0]:
            names = "、".join(scored[k].id for k in np.nonzero(zero[e])[0])
            notes.append((int(e), f"“{node.id}”按{_MEANS[comp.aggregate][0]}合成,“{names}”标准化后为0,"
                          f"整个节点为0(可声明 composite.range 使下限大于0) / {node.id!r}: "
                          f"{names!r} normalises to 0, which makes the {_MEANS[comp.aggregate][1]} "
                          "mean 0 (declare composite.range with a low end above 0 to avoid it)"))
        # Absent and zero-weight children enter as 1 (x⁰ = 1), so they do not move it.
        mean = weighted_geometric if comp.aggregate == "geometric" else weighted_harmonic
        total = node.points * mean(np.where(per_row > 0, z, 1.0), per_row) / high
        # A product has no additive parts; each child is credited its weight's share.
        credit = total[:, None] * per_row
    credit = np.where(scored_on[:, None], credit, 0.0)
    out: Contribs = {}
    for k, c in enumerate(scored):
        if c.is_leaf:
            out[c.path] = credit[:, k]
            outcomes[c.path].composite = (per_row[:, k], z[:, k])
        else:
            out.update(_share_out(inner[c.path], credit[:, k], n))
        details.setdefault(c.path, {}).update(
            weight_used=per_row[:, k], normalised=z[:, k], credit=credit[:, k]
        )
    ids = [c.id for c in scored]
    details.setdefault(node.path, {}).update(
        # None (JSON null) where the node is worth nothing: a stored result holds no NaN.
        effective_weights={
            i: (w if np.isfinite(w) else None)
            for i, w in zip(ids, effective_weights(credit).tolist(), strict=True)
        },
        coverage=present_before.sum(axis=1) / max(len(scored), 1),
        scored_on=scored_on,
    )
    for c in node.children:
        if c.is_adjustment:
            out[c.path] = np.nan_to_num(leaves[c.path].points)
    return out, present.any(axis=1) & scored_on


def _coverage(node: Node, comp: Composite, present: np.ndarray, notes: Notes) -> np.ndarray:
    """Entrants with data for enough of the node's children to be scored on it (warned if not)."""
    if comp.min_coverage is None or present.shape[1] == 0:
        return np.ones(present.shape[0], bool)
    have = present.sum(axis=1)
    ok = have / present.shape[1] >= comp.min_coverage - 1e-12
    for e in np.nonzero(~ok)[0]:
        share = f"{have[e]}/{present.shape[1]}"
        notes.append((int(e), f"“{node.id}”仅{share}项指标有数据,低于{comp.min_coverage:.0%},该项不计分"
                      f"(作缺失处理) / {node.id!r} has data for {share} of its indicators, below "
                      f"{comp.min_coverage:.0%}: not scored on it (treated as missing)"))
    return ok


_MEANS = {"geometric": ("几何平均", "geometric"), "harmonic": ("调和平均", "harmonic")}


def _share_out(contribs: Contribs, credit: np.ndarray, n: int) -> Contribs:
    """An inner child's credit shared among its leaves in proportion to their own (equally if none)."""
    own = np.array(list(contribs.values())).reshape(len(contribs), n)
    total = own.sum(axis=0)
    share = np.divide(own, total, out=np.full(own.shape, 1.0 / len(contribs)), where=total != 0)
    return {path: credit * share[i] for i, path in enumerate(contribs)}
