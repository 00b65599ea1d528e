"""Window statistics the reward-hacking monitors read (pure functions, numpy in, floats out).

Each function ignores non-finite entries (a sample whose source did not score is not evidence
either way) and returns ``nan`` when too little is left to say anything.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = ["dominance_shares", "linear_rise", "spearman"]


def linear_rise(y: np.ndarray) -> float:
    """Rise of the least-squares line through ``y`` over its span: ``slope * (n - 1)``.

    With x = 0..n-1 and x̄, ȳ their means,
    ``slope = sum((x - x̄)(y - ȳ)) / sum((x - x̄)^2)``. Non-finite points are left out (their x
    stays where it was); fewer than two points give ``nan``.

    >>> linear_rise(np.array([0.0, 1.0, 2.0, 3.0]))
    3.0
    >>> round(linear_rise(np.array([1.0, 0.0, 1.0, 0.0])), 3)
    -0.6
    >>> linear_rise(np.array([1.0]))
    nan
    """
    y = np.asarray(y, dtype=float)
    x = np.arange(y.shape[0], dtype=float)
    keep = np.isfinite(y)
    if keep.sum() < 2:
        return float("nan")
    x, y = x[keep], y[keep]
    dx = x - x.mean()
    slope = float((dx * (y - y.mean())).sum() / (dx * dx).sum())
    return slope * float(x[-1] - x[0])


def spearman(x: np.ndarray, y: np.ndarray, *, min_pairs: int = 8) -> float:
    """Spearman's rank correlation of the finite pairs (ties get average ranks); ``nan`` if
    fewer than ``min_pairs`` pairs are left or either side is constant.

    rho = Pearson correlation of the ranks (scipy.stats.spearmanr).

    >>> round(spearman(np.arange(10.0), np.arange(10.0) ** 2), 6)
    1.0
    >>> round(spearman(np.arange(10.0), -np.arange(10.0)), 6)
    -1.0
    >>> spearman(np.ones(10), np.arange(10.0))
    nan
    """
    from scipy.stats import spearmanr

    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape:
        raise ValueError(f"spearman needs equal shapes, got {x.shape} and {y.shape}")
    keep = np.isfinite(x) & np.isfinite(y)
    if keep.sum() < min_pairs or np.ptp(x[keep]) == 0 or np.ptp(y[keep]) == 0:
        return float("nan")
    return float(spearmanr(x[keep], y[keep]).statistic)


def dominance_shares(contributions: Mapping[str, np.ndarray]) -> dict[str, float]:
    """Each source's share of the total's magnitude: ``s_i = m_i / sum_j m_j`` with
    ``m_i = mean(|c_i|)`` over its finite contributions (shares sum to 1; all zero -> all 0).

    >>> dominance_shares({"rm": np.array([3.0, -3.0]), "math": np.array([1.0, 1.0])})
    {'rm': 0.75, 'math': 0.25}
    """
    magnitudes = {}
    for name, c in contributions.items():
        c = np.abs(np.asarray(c, dtype=float))
        finite = c[np.isfinite(c)]
        magnitudes[name] = float(finite.mean()) if finite.size else 0.0
    total = sum(magnitudes.values())
    if total == 0.0:
        return {name: 0.0 for name in magnitudes}
    return {name: m / total for name, m in magnitudes.items()}
