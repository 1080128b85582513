"""The keys a group is ranked by: the total, then each tie-break the scheme lists.

A ``rank_last`` veto puts a key before the total; ``dimension:``, ``countback:``,
``fewer_deductions`` and ``draw`` each add keys after it, larger being better.
Ranks, awards and the staged cuts all compare entrants on these keys, and
:func:`ranking_keys` gives them out so a verifier can re-rank a group alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from bipin.scoring.panels import counted_marks
from bipin.scoring.rank import competition_rank
from bipin.scoring.rounding import to_units
from bipin.scoring.rules import Veto

if TYPE_CHECKING:
    from bipin.scoring.evaluate import Evaluation, GroupState
    from bipin.scoring.scheme import Scheme

__all__ = ["group_keys", "ranking_keys", "ranks_apart", "veto_effects"]


def _deductions(state: GroupState) -> np.ndarray:
    """Points lost to deductions and findings, in units (for the tie-break)."""
    lost = np.zeros(len(state.entrants), np.int64)
    for path, out in state.leaves.items():
        rule = out.node.rule
        if rule is not None and rule.record and rule.sign < 0:
            full = to_units(out.node.points, state.decimals) if out.node.points else 0
            lost += np.abs(state.units[path] - full) if full else -state.units[path]
    return lost


def veto_effects(state: GroupState, effect: str) -> np.ndarray:
    """The entrants a veto with ``effect`` (rank_last, lowest_grade, out_of_ranking) hit."""
    hit = np.zeros(len(state.entrants), bool)
    for out in state.leaves.values():
        if (
            out.vetoed is not None
            and isinstance(out.node.rule, Veto)
            and out.node.rule.has(effect)
        ):
            hit |= out.vetoed
    return hit


def _countback(state: GroupState, leaf_id: str) -> list[np.ndarray]:
    """One key per place in the countback: each entrant's best counted mark, then the next.

    A leaf that does not apply to the group adds no key.
    """
    out = next(
        (o for o in state.leaves.values() if o.node.id == leaf_id and o.panel is not None), None
    )
    if out is None:
        return []
    return list(counted_marks(out.panel).T)


def _declares(state: GroupState, effect: str) -> bool:
    return any(
        isinstance(leaf.rule, Veto) and leaf.rule.has(effect)
        for d in state.tree
        for leaf in d.leaves()
    )


def ranks_apart(keys: list[np.ndarray], apart: np.ndarray) -> np.ndarray:
    """Competition ranks of the entrants not listed apart; 0 for those that are."""
    ranks = np.zeros(apart.shape[0], np.int64)
    inside = ~apart
    ranks[inside] = competition_rank(np.zeros(int(inside.sum()), int), [k[inside] for k in keys])
    return ranks


def group_keys(
    scheme: Scheme, state: GroupState, draw: Mapping[str, int] | None, warnings: list[str]
) -> list[np.ndarray]:
    """The keys ranks and awards are decided by: total units, then each tie-break.

    A group whose scheme declares a ``rank_last`` veto has a first key before
    the total: −1 for an entrant it vetoed, else 0, so it ranks after everyone
    it did not veto whatever its total.
    """
    n = len(state.entrants)
    dims = {dim.id: state.rank_nodes[dim.path] for dim in state.tree}
    keys = [state.rank_total.astype(float)]
    if _declares(state, "rank_last"):
        keys.insert(0, -veto_effects(state, "rank_last").astype(float))
    for t in scheme.tie_break:
        if t.startswith("dimension:"):
            keys.append(dims.get(t[10:], np.zeros(n, np.int64)).astype(float))
        elif t.startswith("countback:"):
            keys += _countback(state, t[10:])
        elif t == "fewer_deductions":
            keys.append(-_deductions(state).astype(float))
        else:
            if draw is None:
                warnings.append(
                    f"{state.group} · 未提供抽签顺序,不按抽签区分 / no draw order given: draw not used"
                )
            keys.append(
                np.array([-float(draw.get(e.id, np.inf)) if draw else 0.0 for e in state.entrants])
            )
    return keys


def ranking_keys(
    scheme: Scheme, evaluation: Evaluation, draw_order: Mapping[str, int] | None = None
) -> dict[str, list[float]]:
    """Each entrant's ranking keys as the engine compared them, larger is better.

    The first key is the total in units of the scheme's decimals (with
    ``rounding: {order: end}``, of 10**-(decimals + 6): the exact total, unless
    ``rank_by: published``); then one key per ``tie_break`` entry (dimension
    units, minus the units lost to deductions, minus the lot number), and for
    ``countback:<leaf>`` one key per counted mark of that leaf, best first
    (-inf once an entrant's run out). A verifier can re-rank a group from
    these alone.

    >>> from bipin.scoring import Entrant, Observation, evaluate, parse_scheme
    >>> s = parse_scheme({"contest": "示例", "ranking": {"tie_break": ["dimension:成效"]}, "dimensions": [
    ...     {"name": "成效", "indicators": [{"name": "达标率", "points": 10, "source": "data",
    ...      "rule": "target_step(target=100, step=0.1, deduct=1)"}]}]})
    >>> e = evaluate(s, [Entrant("甲", "示例甲县", "县")], [Observation("甲", "data", "达标率", 99.7)])
    >>> ranking_keys(s, e)
    {'甲': [700.0, 700.0]}
    """
    out: dict[str, list[float]] = {}
    for g in evaluation.groups:
        if not g.results:
            continue
        state = g.results[0].explanation.state
        keys = group_keys(scheme, state, draw_order, [])
        for i, e in enumerate(state.entrants):
            out[e.id] = [float(k[i]) for k in keys]
    return out
