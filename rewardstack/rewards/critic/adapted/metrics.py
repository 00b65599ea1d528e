"""Judge quality on labelled judgements: AUROC, pairwise ordering accuracy, flip rate, calibration error.

Every function takes per-item probabilities that the response satisfies the principle:
``p_first`` from the question asked with the options in their first order ("Yes or No"),
``p_second`` from the swapped order ("No or Yes"); the critic's value is their mean.

- **AUROC**: the probability that a random satisfying item scores above a random violating one
  (ties count 1/2), the Mann-Whitney U statistic divided by ``n_pos * n_neg``; ``None`` when a
  class is empty.
- **Ordering accuracy**: over better/worse pairs (same prompt and principle), the share where the
  better response scores higher (ties 1/2).
- **Flip rate**: the share of items whose verdict side (``p >= 0.5``, the critic's rule) differs between
  the two orders.
- **ECE** (expected calibration error, 10 equal-width bins over ``p``):
  ``sum_b (n_b / N) * |mean(y in b) - mean(p in b)|``.

>>> auroc([0.9, 0.8, 0.3, 0.1], [True, True, False, False])
1.0
>>> ordering_accuracy([(0.9, 0.2), (0.4, 0.4), (0.1, 0.7)])
0.5
>>> flip_rate([0.6, 0.4, 0.9], [0.4, 0.3, 0.8])
0.3333333333333333
>>> round(expected_calibration_error([0.95, 0.05], [True, False]), 3)
0.05
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Floats = Sequence[float] | np.ndarray

__all__ = ["auroc", "expected_calibration_error", "flip_rate", "ordering_accuracy"]


def auroc(scores: Floats, labels: Sequence[bool] | np.ndarray) -> float | None:
    """Area under the ROC curve (see the module docstring); None when one class is absent."""
    s, y = np.asarray(scores, dtype=np.float64), np.asarray(labels, dtype=bool)
    pos, neg = s[y], s[~y]
    if len(pos) == 0 or len(neg) == 0:
        return None
    greater = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    return float((greater + 0.5 * ties) / (len(pos) * len(neg)))


def ordering_accuracy(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Share of (better, worse) score pairs with better > worse, ties 1/2; None without pairs."""
    if not pairs:
        return None
    wins = [1.0 if good > bad else 0.5 if good == bad else 0.0 for good, bad in pairs]
    return float(np.mean(wins))


def flip_rate(p_first: Floats, p_second: Floats) -> float | None:
    """Share of items whose side of 0.5 changes with the option order; None without items."""
    a, b = np.asarray(p_first, dtype=np.float64), np.asarray(p_second, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"p_first and p_second differ in length ({a.shape} vs {b.shape})")
    if len(a) == 0:
        return None
    return float(np.mean((a >= 0.5) != (b >= 0.5)))


def expected_calibration_error(probabilities: Floats, labels: Sequence[bool] | np.ndarray,
                               bins: int = 10) -> float | None:
    """ECE of P(satisfied) against the labels over ``bins`` equal-width bins; None without items."""
    p, y = np.asarray(probabilities, dtype=np.float64), np.asarray(labels, dtype=np.float64)
    if len(p) == 0:
        return None
    index = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            total += mask.sum() / len(p) * abs(y[mask].mean() - p[mask].mean())
    return float(total)
