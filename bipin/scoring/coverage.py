"""Which entrants rest on filled-in values: none may win a prize on them, and with
``min_coverage`` an entrant with too little real data is not ranked at all."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from bipin.scoring.rules import Veto

if TYPE_CHECKING:
    from bipin.scoring.evaluate import GroupState
    from bipin.scoring.scheme import Scheme

__all__ = ["below_coverage", "filled_anywhere"]


def filled_anywhere(state: GroupState) -> np.ndarray:
    """Entrants whose score rests on a value the missing-data policy filled in.

    A prize is a judgement on the entry itself; a sample no judge scored must
    not tie its way into a prize on a filled-in zero or group mean.
    """
    hit = np.zeros(len(state.entrants), bool)
    for out in state.leaves.values():
        if out.filled is not None:
            hit |= out.filled
        if out.panel is not None:  # a criterion or round the panel's policy decided
            hit |= out.panel.missing.any(axis=(0, 2))
    return hit


def below_coverage(scheme: Scheme, state: GroupState, warnings: list[str]) -> np.ndarray:
    """Entrants with real data for less than ``min_coverage`` of the value leaves.

    The handbook's data-availability threshold per unit: a total resting mostly
    on filled-in values says little about the unit, so it is not ranked (listed
    apart, as an ``out_of_ranking`` veto) and said so with its coverage.
    """
    n = len(state.entrants)
    if scheme.min_coverage is None:
        return np.zeros(n, bool)
    outs = [
        o for o in state.leaves.values()
        if not (o.node.rule is not None and (o.node.rule.record or isinstance(o.node.rule, Veto)))
    ]
    have = np.zeros(n, np.int64)
    for o in outs:
        have += 1 if o.filled is None else ~o.filled
    state.coverage = (have, len(outs), scheme.min_coverage)
    below = have < (scheme.min_coverage - 1e-12) * len(outs)
    for e in np.nonzero(below)[0]:
        share = f"{have[e]}/{len(outs)}"
        warnings.append(
            f"{state.group} · {state.entrants[e].id} · 仅{share}项指标有实际数据"
            f"({have[e] / len(outs):.0%}),低于{scheme.min_coverage:.0%},不参与排名 / "
            f"has real data for {share} of its indicators ({have[e] / len(outs):.0%}), "
            f"below {scheme.min_coverage:.0%}: not ranked"
        )
    return below
