"""Publishing figures: half-up rounding of unit integers and largest-remainder shares.

With ``rounding.order: end`` every figure is carried as integer units of
10**-(decimals + EXACT_DIGITS); :func:`publish` rounds the total once and
shares each node's published units among its parts, so the published parts
add up to the published total and rounding never reorders entrants. Per-leaf
rounding uses :func:`apportion` for the parts of a product (geometric or
harmonic composite), which have no additive parts of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from bipin.scoring.rounding import to_units
from bipin.scoring.scheme import Node

if TYPE_CHECKING:
    from bipin.scoring.evaluate import GroupState

__all__ = ["EXACT_DIGITS", "apportion", "half_up", "largest_remainder", "publish"]

# With rounding order "end", figures are carried this many decimals beyond
# the published ones: far below any published unit, still exact integer sums
# in int64 (MAX_DECIMALS 6 + 6 leaves room for totals up to 10**6 points).
EXACT_DIGITS = 6


def half_up(units: np.ndarray, scale: int) -> np.ndarray:
    """Integer units divided by ``scale``, rounded half away from zero (四舍五入)."""
    return np.sign(units) * ((np.abs(units) + scale // 2) // scale)


def largest_remainder(base: np.ndarray, rest: np.ndarray, target: np.ndarray) -> np.ndarray:
    """``base`` (parts × entrants) plus one unit for the parts with the largest ``rest``
    until each entrant's column adds up to ``target`` (ties: the earlier part).

    >>> largest_remainder(np.array([[0], [0], [0]]), np.array([[0.4], [0.7], [0.4]]),
    ...                    np.array([2])).ravel().tolist()
    [1, 1, 0]
    """
    short = target - base.sum(axis=0)
    order = np.argsort(-rest, axis=0, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(base.shape[0])[:, None], axis=0)
    return base + (rank < short).astype(np.int64)


def publish(state: GroupState, decimals: int) -> None:
    """Round the exact total once and share each node's published units among its parts.

    Top down: the total is the half-up rounding of the exact total, the
    dimensions share it, each node shares its own units among its children
    (and its floor or cap line) by largest remainder. So the published parts
    add up to the published total, and a part is never more than one unit
    from its exact value.
    """
    scale = 10 ** (state.decimals - decimals)
    state.exact, state.exact_total = dict(state.node_units), state.total_units
    state.exact_decimals = state.decimals
    units: dict[str, np.ndarray] = {}
    nodes: dict[str, np.ndarray] = {}
    bounds: dict[str, np.ndarray] = {}

    def share(parts: list[np.ndarray], target: np.ndarray) -> np.ndarray:
        fine = np.array(parts).reshape(len(parts), len(state.entrants))
        base = np.floor_divide(fine, scale)
        return largest_remainder(base, fine - base * scale, target)

    def down(node: Node, target: np.ndarray) -> None:
        nodes[node.path] = target
        if node.is_leaf:
            units[node.path] = target
            return
        parts = [state.exact[c.path] for c in node.children]
        bound = state.bounds.get(node.path)
        published = share(parts + ([] if bound is None else [bound]), target)
        for child, p in zip(node.children, published, strict=False):
            down(child, p)
        if bound is not None:
            bounds[node.path] = published[-1]

    total = half_up(state.total_units, scale)
    for dim, p in zip(state.tree, share([state.exact[d.path] for d in state.tree], total), strict=True):
        down(dim, p)
    state.units, state.node_units, state.bounds = units, nodes, bounds
    state.total_units, state.decimals = total, decimals


def apportion(
    node: Node, contribs: dict[str, np.ndarray], units: dict[str, np.ndarray], decimals: int
) -> None:
    """Round a product node once and share its units by largest remainder.

    A weighted product has no additive parts; rounding each leaf's share on
    its own could publish 3.54 + 3.54 for a node worth 7.07.
    """
    paths = [c.path for c in node.children if not c.is_adjustment]
    if not paths:
        return
    scaled = np.array([contribs[p] for p in paths]) * 10.0**decimals
    base = np.floor(scaled).astype(np.int64)
    target = to_units(np.array([contribs[p] for p in paths]).sum(axis=0), decimals)
    shared = largest_remainder(base, scaled - base, target)
    for k, p in enumerate(paths):
        units[p] = shared[k]
