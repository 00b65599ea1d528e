"""Aggregating the members of a reward-model ensemble (pure functions; the source calls them).

With member scores ``r_1 .. r_K`` of one response (each already normalised by
its own training statistics, so members share one scale)::

    mean:            R = (1/K) sum_k r_k
    min:             R = min_k r_k                          (worst case, Coste et al.)
    mean_minus_std:  R = mean - lambda * std,  std = sqrt((1/K) sum_k (r_k - mean)^2)

``std`` is the population standard deviation (``ddof=0``), the spread the
source also reports as the ``spread`` component. Conservative aggregates help
against label noise the members disagree on, not against a bias they all share.

>>> values = np.array([[1.0, 0.0], [3.0, 0.0]])   # 2 members x 2 responses
>>> aggregate(values, "mean").tolist(), aggregate(values, "min").tolist()
([2.0, 0.0], [1.0, 0.0])
>>> aggregate(values, "mean_minus_std", lam=0.5).tolist()
[1.5, 0.0]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np

__all__ = ["Aggregate", "aggregate", "spread"]

Aggregate = Literal["mean", "min", "mean_minus_std"]


def spread(values: np.ndarray) -> np.ndarray:
    """Population std over members (axis 0) of a ``(members, n)`` array."""
    return np.asarray(values.std(axis=0))


def aggregate(values: np.ndarray, how: Aggregate, *, lam: float = 1.0) -> np.ndarray:
    """One value per column of a ``(members, n)`` array (see the module docstring for the formulas)."""
    if values.ndim != 2 or values.shape[0] < 1:
        raise ValueError(f"expected a (members, n) array with at least one member, got shape {values.shape}")
    if how not in _AGGREGATES:
        raise ValueError(f"unknown aggregate {how!r}; use one of {', '.join(_AGGREGATES)}")
    return np.asarray(_AGGREGATES[how](values, lam))


_AGGREGATES: dict[str, Callable[[np.ndarray, float], np.ndarray]] = {
    "mean": lambda v, lam: v.mean(axis=0),
    "min": lambda v, lam: v.min(axis=0),
    "mean_minus_std": lambda v, lam: v.mean(axis=0) - lam * spread(v),
}
