"""Combine leaf points up the tree into per-leaf contributions.

Every node's value is the sum of its leaves' contributions, so an explanation
adds up. A ``sum`` node adds its children (scaling the present ones up when a
missing child is excluded); a ``weighted`` node gives each child
``points × weight × child_score / child_points``; a ``composite`` node
normalises its leaves across the group, weights them (fixed, AHP, entropy,
CRITIC, CV) and aggregates. Bonus, deduction and veto leaves are added as they
are, outside any weighting.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from bipin.scoring.aggregate import weighted_geometric
from bipin.scoring.leaves import LeafOutcome
from bipin.scoring.normalise import normalise
from bipin.scoring.scheme import Composite, Node
from bipin.scoring.weights import (
    ahp_weights,
    critic_weights,
    cv_weights,
    entropy_weights,
    fixed_weights,
)

__all__ = ["combine", "composite_weights", "full_points"]

Contribs = dict[str, np.ndarray]


def full_points(node: Node) -> float:
    """A node's full points: declared, or the sum of its scored children."""
    if node.points or node.is_leaf:
        return node.points
    return sum(full_points(c) for c in node.children if not c.is_adjustment)


def combine(node: Node, leaves: Mapping[str, LeafOutcome], n: int) -> tuple[Contribs, np.ndarray]:
    """Contributions of each leaf under ``node`` and a mask of entrants with any data."""
    if node.is_leaf:
        points = leaves[node.path].points
        return {node.path: np.nan_to_num(points)}, ~np.isnan(points)
    if node.combine == "composite":
        return _composite(node, [leaves[c.path] for c in node.children], n)
    scored = [c for c in node.children if not c.is_adjustment]
    parts = [combine(c, leaves, n) for c in scored]
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
            out.update(combine(child, leaves, n)[0])
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


def _composite(node: Node, outcomes: list[LeafOutcome], n: int) -> tuple[Contribs, np.ndarray]:
    comp = node.composite or Composite()
    scored = [o for o in outcomes if not o.node.is_adjustment]
    nodes = [o.node for o in scored]
    # Missing values stay NaN here (see apply_missing): normalisation and
    # data-driven weights see only the entrants with data, and the policy
    # fills the normalised value afterwards, so nobody else moves.
    x = np.array([o.points for o in scored]).reshape(len(scored), n).T
    w = composite_weights(comp, x, nodes)
    z = normalise(
        x,
        comp.normalise,
        [c.direction == "lower" for c in nodes],
        [c.target or 0.0 for c in nodes] if comp.normalise == "target" else None,
    )
    present = ~np.isnan(x)
    for k, o in enumerate(scored):
        if o.filled is None or o.policy == "exclude":
            continue  # excluded: the entrant's own weights are renormalised below
        has = present[:, k]
        # "zero" is zero points for this child, after normalisation.
        fill = float(np.mean(z[has, k])) if o.policy == "group_mean" and has.any() else 0.0
        z[o.filled, k] = fill
        present[o.filled, k] = True
    z = np.where(present, z, 0.0)
    per_row = w[None, :] * present
    sums = per_row.sum(axis=1, keepdims=True)
    per_row = np.divide(per_row, sums, out=np.zeros_like(per_row), where=sums > 0)
    out: Contribs = {}
    if comp.aggregate == "geometric":
        # Absent and zero-weight leaves enter as 1 (x⁰ = 1, also for a filled-in
        # 0), so they do not move the product.
        total = node.points * weighted_geometric(np.where(per_row > 0, z, 1.0), per_row)
        # A product has no additive parts; each leaf is credited its weight's share.
        for k, o in enumerate(scored):
            out[o.node.path] = total * per_row[:, k]
    else:
        for k, o in enumerate(scored):
            out[o.node.path] = node.points * per_row[:, k] * z[:, k]
    for o in outcomes:
        if o.node.is_adjustment:
            out[o.node.path] = np.nan_to_num(o.points)
    for k, o in enumerate(scored):
        o.composite = (per_row[:, k], z[:, k])
    return out, present.any(axis=1)
