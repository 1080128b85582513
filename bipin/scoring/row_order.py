"""The order a leaf's rows are read in, whatever order the file or query gave them.

Sums and "last" read a leaf's rows in sequence; an order that depended on the
input would let the same data score differently. These helpers also keep that
ordering cheap for a campaign's millions of rows.
"""

from __future__ import annotations

import numpy as np

from bipin.scoring.model import ObservationTable, RowRefs


def small_codes(codes: np.ndarray) -> np.ndarray:
    """Non-negative codes in 16 bits when they fit: numpy sorts those stably by radix, in
    one pass, where 64-bit integers take a merge sort (30,000,000 rows of a campaign)."""
    if codes.shape[0] and 0 <= codes.min() and codes.max() < 2**15:
        return codes.astype(np.int16)
    return codes


def several_rows_for_one(local: np.ndarray, n: int) -> bool:
    """Whether some entrant has more than one of these rows; with one each, no order matters."""
    return bool(local.shape[0]) and int(np.bincount(local, minlength=n).max()) > 1


def canonical(table: ObservationTable, rows: np.ndarray, local: np.ndarray) -> np.ndarray:
    """Positions ordering ``rows`` independently of input order (ties are identical rows).

    Panels need none (each mark has its own cell); rows read in sequence (sums,
    "last", findings) are put in entrant, round, judge, value order.
    """
    keys = [table.factor[rows], table.value[rows]]
    for name in ("ref", "severity", "category"):
        col = getattr(table, name)
        if isinstance(col, RowRefs):
            keys.append(col[rows].sort_key())
        elif col is not None:
            keys.append(np.unique(col[rows].astype(str), return_inverse=True)[1])
    keys += [table.judge[rows], table.round[rows], local]
    return np.lexsort(keys)
