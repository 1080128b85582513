"""Half-up rounding as officials do it (四舍五入), exact at the published edge.

Binary floats cannot hold 2.675; ``round(2.675, 2)`` gives 2.67. Bipin rounds
the shortest decimal that names the float (what a person typed), half away from
zero, so 2.675 becomes 2.68 as it would on paper. Inside the core, rounded
values are kept as integers of the smallest published unit ("units"), so sums of
rounded parts are exact and an explanation adds up to its total to the digit.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np

__all__ = ["from_units", "round_half_up", "round_array", "to_units"]

# Float noise below this many decimals of a unit is ignored before deciding a
# half; figures in a rulebook never carry more than a few decimals.
_NOISE_DECIMALS = 6


def round_half_up(value: float | Decimal, decimals: int) -> Decimal:
    """``value`` rounded half away from zero to ``decimals`` places.

    >>> round_half_up(2.675, 2), round_half_up(-0.125, 2), round_half_up(7, 1)
    (Decimal('2.68'), Decimal('-0.13'), Decimal('7.0'))
    """
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def to_units(values: np.ndarray | float, decimals: int) -> np.ndarray:
    """Round to ``decimals`` half-up and return integers of 10**-decimals.

    >>> to_units(np.array([2.675, -2.675, 1.005, 0.0]), 2).tolist()
    [268, -268, 101, 0]
    """
    scaled = np.abs(np.asarray(values, dtype=float)) * 10.0**decimals
    units = np.floor(np.round(scaled, _NOISE_DECIMALS) + 0.5)
    return (np.sign(values) * units).astype(np.int64)


def from_units(units: np.ndarray | int, decimals: int) -> np.ndarray:
    """Floats for unit integers; each is the float nearest its decimal figure.

    >>> from_units(np.array([268, -5]), 2).tolist()
    [2.68, -0.05]
    """
    return np.asarray(units, dtype=np.int64) / 10.0**decimals


def round_array(values: np.ndarray, decimals: int) -> np.ndarray:
    """Half-up rounding of an array, NaN kept.

    >>> round_array(np.array([2.675, np.nan]), 2).tolist()[0]
    2.68
    """
    values = np.asarray(values, dtype=float)
    out = np.full(values.shape, np.nan)
    ok = ~np.isnan(values)
    out[ok] = from_units(to_units(values[ok], decimals), decimals)
    return out
