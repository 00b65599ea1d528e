"""Best-of-n gold from a pool of N >= n candidates: the unbiased estimator (no resampling noise).

Best-of-n sampling draws n candidates and keeps the one the reward scores highest. From a
pool of N candidates of one prompt (draws from the base policy), the expected gold of the kept
candidate over *every* n-subset of the pool is computed exactly: sort the pool by reward
(ascending, rank k = 1..N); the candidate of rank k is the maximum of a uniformly random
n-subset with probability

    w_k = C(k - 1, n - 1) / C(N, n)            (sum_k w_k = 1)

and E[gold of best-of-n] = sum_k w_k * g_(k). This is the unbiased estimator of best-of-n
gold for a policy whose samples the pool is (Nakano et al., WebGPT; Gao et al. 2022).

Ties in reward: the selector breaks them uniformly at random, so the members of a tie block
are exchangeable and share the block's total probability equally. A NaN reward (no total)
ranks below every scored candidate (see :func:`~rewardstack.benchmarks.metrics.ranking.order_values`).

>>> import numpy as np
>>> best_of_n_weights(np.array([0.3, 0.1, 0.2]), 2).round(4).tolist()  # C(k-1,1)/C(3,2)
[0.6667, 0.0, 0.3333]
>>> round(best_of_n_gold(np.array([0.3, 0.1, 0.2]), np.array([1.0, 0.0, 4.0]), 1), 6)  # n = 1: the pool mean
1.666667
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import special

from rewardstack.benchmarks.metrics.ranking import order_values

__all__ = ["best_of_n_curve", "best_of_n_gold", "best_of_n_weights"]


def _log_comb(n: np.ndarray | int, k: np.ndarray | int) -> np.ndarray:
    """log C(n, k), -inf where k > n or k < 0 (no such subset)."""
    n_arr, k_arr = np.asarray(n, dtype=float), np.asarray(k, dtype=float)
    valid = (k_arr >= 0) & (k_arr <= n_arr)
    out = special.gammaln(n_arr + 1) - special.gammaln(k_arr + 1) - special.gammaln(np.maximum(n_arr - k_arr, 0) + 1)
    return np.where(valid, out, -np.inf)


def best_of_n_weights(reward: np.ndarray, n: int) -> np.ndarray:
    """Probability that each candidate is the one best-of-n keeps: w_k = C(k-1, n-1)/C(N, n), ties shared.

    Shape ``(N,)``, aligned with ``reward``; sums to 1. ValueError unless 1 <= n <= N.
    """
    if reward.ndim != 1:
        raise ValueError(f"reward must be 1-D, got shape {reward.shape}")
    size = reward.shape[0]
    if not 1 <= n <= size:
        raise ValueError(f"best-of-n needs 1 <= n <= N (pool size), got n={n}, N={size}")
    r = order_values(reward)
    order = np.argsort(r, kind="stable")
    ranks = np.arange(1, size + 1)
    w_sorted = np.exp(_log_comb(ranks - 1, n - 1) - _log_comb(size, n))
    # tie blocks in sorted order share their total weight equally (random tie-break)
    sorted_r = r[order]
    starts = np.flatnonzero(np.r_[True, sorted_r[1:] != sorted_r[:-1]])
    block_sum = np.add.reduceat(w_sorted, starts)
    block_len = np.diff(np.r_[starts, size])
    w_shared = np.repeat(block_sum / block_len, block_len)
    weights = np.empty(size)
    weights[order] = w_shared
    return weights


def best_of_n_gold(reward: np.ndarray, gold: np.ndarray, n: int) -> float:
    """E[gold of the best-of-n pick] = sum_k w_k g_(k); NaN when the pool is smaller than n."""
    if reward.shape != gold.shape:
        raise ValueError(f"reward and gold must have one shape, got {reward.shape} and {gold.shape}")
    if n > reward.shape[0]:
        return float("nan")
    return float(best_of_n_weights(reward, n) @ gold)


def best_of_n_curve(reward: np.ndarray, gold: np.ndarray, ns: Sequence[int]) -> np.ndarray:
    """Best-of-n gold at each n of ``ns`` (NaN where n exceeds the pool), shape ``(len(ns),)``."""
    return np.array([best_of_n_gold(reward, gold, n) for n in ns], dtype=float)
