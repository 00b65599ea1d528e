"""The fusion math as pure, shape-checked numpy functions (operators call these).

Conventions: ``values`` is ``(n, m)`` (samples x operands) with NaN for an
excluded operand; a row with no finite entry yields NaN (never 0).

>>> import numpy as np
>>> soft_min(np.array([[0.0, 1.0]]), temperature=1e-9).round(6).tolist()
[0.0]
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "dual_ascent",
    "ensemble_mean",
    "ensemble_min",
    "ensemble_uncertainty",
    "ema_update",
    "geometric_mean",
    "group_stats",
    "group_zscore",
    "lagrangian",
    "lexicographic",
    "nan_min",
    "pid_update",
    "product",
    "quantile_sketch_merge",
    "rank_against",
    "rank_normalize",
    "sigmoid",
    "soft_min",
    "welford_update",
]


def _check2d(values: np.ndarray) -> None:
    if values.ndim != 2:
        raise ValueError(f"expected (n_samples, n_operands), got shape {values.shape}")


def _ok_count(values: np.ndarray) -> np.ndarray:
    return np.sum(~np.isnan(values), axis=1)


def nan_min(values: np.ndarray) -> np.ndarray:
    """min_{i ok} v_i; NaN where no operand is ok."""
    _check2d(values)
    out = np.where(np.isnan(values), np.inf, values).min(axis=1) if values.shape[1] else np.full(len(values), np.inf)
    return np.where(_ok_count(values) > 0, out, np.nan)


def soft_min(values: np.ndarray, temperature: float) -> np.ndarray:
    """Soft minimum: -tau * log( (1/m_ok) * sum_{i ok} exp(-v_i / tau) ), between min and mean.

    tau -> 0 gives the min, tau -> inf the mean. Computed stably (shift by the min).
    """
    _check2d(values)
    low = nan_min(values)
    shifted = np.where(np.isnan(values), np.inf, values) - low[:, None]
    with np.errstate(invalid="ignore"):
        s = np.exp(-shifted / temperature).sum(axis=1)
        count = _ok_count(values)
        out = low - temperature * np.log(s / np.maximum(count, 1))
    return np.where(count > 0, out, np.nan)


def product(values: np.ndarray) -> np.ndarray:
    """prod_{i ok} v_i; NaN where no operand is ok."""
    _check2d(values)
    out = np.prod(np.where(np.isnan(values), 1.0, values), axis=1)
    return np.where(_ok_count(values) > 0, out, np.nan)


def geometric_mean(values: np.ndarray, eps: float = 0.0) -> np.ndarray:
    """(prod_{i ok} max(v_i, 0) + eps)^(1/m_ok); negatives count as 0 (a zero factor vetoes)."""
    _check2d(values)
    clipped = np.maximum(np.where(np.isnan(values), 1.0, values), 0.0) + eps
    count = _ok_count(values)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.where(np.isnan(values), 0.0, np.log(clipped)).sum(axis=1)
        out = np.exp(logs / np.maximum(count, 1))
    return np.where(count > 0, out, np.nan)


def ensemble_mean(values: np.ndarray) -> np.ndarray:
    """(1/m_ok) * sum_{i ok} v_i."""
    _check2d(values)
    count = _ok_count(values)
    s = np.where(np.isnan(values), 0.0, values).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, s / np.maximum(count, 1), np.nan)


def ensemble_min(values: np.ndarray) -> np.ndarray:
    """Worst case over members: min_{i ok} v_i (Coste et al.)."""
    return nan_min(values)


def ensemble_uncertainty(values: np.ndarray, lam: float) -> np.ndarray:
    """Uncertainty-weighted: mean - lambda * std, std the population std over ok members."""
    mean = ensemble_mean(values)
    dev = np.where(np.isnan(values), 0.0, values - mean[:, None])
    count = np.maximum(_ok_count(values), 1)
    std = np.sqrt((dev**2).sum(axis=1) / count)
    return mean - lam * std


def lexicographic(values: np.ndarray, scale: float) -> np.ndarray:
    """sum_k v_k * scale^k: operand 0 dominates, later ones break ties (exact for v in [0, 1], scale small).

    Excluded operands count 0 here (a missing tie-breaker must not discard the primary).
    """
    _check2d(values)
    powers = scale ** np.arange(values.shape[1], dtype=float)
    out = (np.where(np.isnan(values), 0.0, values) * powers).sum(axis=1)
    return np.where(_ok_count(values) > 0, out, np.nan)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-x)), stable for large |x|."""
    out = np.empty_like(x, dtype=float)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1.0 + e)
    return out


def group_stats(x: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-row mean and population std of the finite x in the row's group.

        mu_g = (1/|g|) sum_{i in g} x_i,  sigma_g = sqrt((1/|g|) sum_{i in g} (x_i - mu_g)^2)

    ``groups``: int ids (any values); NaN entries take no part.
    """
    if x.shape != groups.shape:
        raise ValueError(f"x {x.shape} and groups {groups.shape} differ")
    _, inverse = np.unique(groups, return_inverse=True)
    ok = np.isfinite(x)
    k = int(inverse.max()) + 1 if inverse.size else 0
    count = np.bincount(inverse, weights=ok.astype(float), minlength=k)
    total = np.bincount(inverse, weights=np.where(ok, x, 0.0), minlength=k)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / np.maximum(count, 1), np.nan)
        sq = np.bincount(inverse, weights=np.where(ok, (x - mean[inverse]) ** 2, 0.0), minlength=k)
        std = np.sqrt(np.where(count > 0, sq / np.maximum(count, 1), np.nan))
    return mean[inverse], std[inverse]


def group_zscore(x: np.ndarray, groups: np.ndarray, *, eps: float = 1e-6, scale: bool = True) -> np.ndarray:
    """GRPO advantage: (x_i - mu_g) / (sigma_g + eps) (or just x_i - mu_g without ``scale``)."""
    mean, std = group_stats(x, groups)
    return (x - mean) / (std + eps) if scale else x - mean


def rank_normalize(x: np.ndarray) -> np.ndarray:
    """Mid-rank quantile in [0, 1]: (rank_i - 1) / (n_ok - 1) with ties averaged; NaN stays NaN."""
    out = np.full(x.shape, np.nan)
    ok = np.isfinite(x)
    xs = x[ok]
    if xs.size == 0:
        return out
    if xs.size == 1:
        out[ok] = 0.5
        return out
    order = np.argsort(xs, kind="stable")
    ranks = np.empty(xs.size)
    ranks[order] = np.arange(xs.size, dtype=float)
    uniq, inverse = np.unique(xs, return_inverse=True)
    mean_rank = np.bincount(inverse, weights=ranks) / np.bincount(inverse)
    out[ok] = mean_rank[inverse] / (xs.size - 1)
    return out


def quantile_sketch_merge(
    reference: np.ndarray, count: float, batch: np.ndarray, size: int
) -> tuple[np.ndarray, float]:
    """Merge a batch into a sorted sketch of ``count`` values kept as ``<= size`` quantiles.

    Each sketch point stands for ``count / len(reference)`` values, each batch
    value for one; the merged weighted empirical CDF F is resampled at the
    mid-points (k + 0.5) / size, k = 0..size-1. Exact (every value kept) until
    ``count + n_b <= size``.

        F(v_(j)) = (sum_{i<j} w_i + w_j / 2) / sum_i w_i,   v_(j) sorted
    """
    b = np.sort(batch[np.isfinite(batch)])
    if b.size == 0:
        return reference, count
    total = count + b.size
    values = np.concatenate([reference, b])
    weights = np.concatenate([np.full(reference.size, count / max(reference.size, 1)), np.ones(b.size)])
    order = np.argsort(values, kind="stable")
    values, weights = values[order], weights[order]
    if total <= size:
        return values, float(total)
    cdf = (np.cumsum(weights) - weights / 2) / weights.sum()
    targets = (np.arange(size) + 0.5) / size
    return np.interp(targets, cdf, values), float(total)


def rank_against(x: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Mid-rank of each x among sorted ``reference`` values, in [0, 1]; NaN stays NaN.

        rank(x) = (#{r < x} + #{r == x} / 2) / n_ref
    """
    below = np.searchsorted(reference, x, side="left")
    at_or_below = np.searchsorted(reference, x, side="right")
    ranks = (below + at_or_below) / (2.0 * max(reference.size, 1))
    return np.where(np.isfinite(x), ranks, np.nan)


def welford_update(count: float, mean: float, m2: float, batch: np.ndarray) -> tuple[float, float, float]:
    """Chan et al. parallel Welford: merge a batch (finite entries) into (count, mean, M2).

        delta = mean_b - mean;  n' = n + n_b;  mean' = mean + delta * n_b / n'
        M2' = M2 + M2_b + delta^2 * n * n_b / n'          (variance = M2 / n)
    """
    b = batch[np.isfinite(batch)]
    if b.size == 0:
        return count, mean, m2
    nb, mb = float(b.size), float(b.mean())
    m2b = float(((b - mb) ** 2).sum())
    n = count + nb
    delta = mb - mean
    return n, mean + delta * nb / n, m2 + m2b + delta**2 * count * nb / n


def ema_update(mean: float, var: float, batch: np.ndarray, decay: float, initialised: bool) -> tuple[float, float]:
    """EMA of mean and variance: mean' = d*mean + (1-d)*mean_b; var' = d*var + (1-d)*(var_b + d*(mean_b-mean)^2)."""
    b = batch[np.isfinite(batch)]
    if b.size == 0:
        return mean, var
    mb, vb = float(b.mean()), float(b.var())
    if not initialised:
        return mb, vb
    delta = mb - mean
    return decay * mean + (1 - decay) * mb, decay * var + (1 - decay) * (vb + decay * delta**2)


def lagrangian(reward: np.ndarray, costs: np.ndarray, lam: np.ndarray, *, normalize: bool) -> np.ndarray:
    """Safe-RLHF fused reward: (r - sum_j lambda_j c_j) / (1 + sum_j lambda_j) (or without the divisor).

    ``reward``: (n,); ``costs``: (n, k); ``lam``: (k,) >= 0.
    """
    if costs.ndim != 2 or costs.shape != (reward.shape[0], lam.shape[0]):
        raise ValueError(f"costs {costs.shape} must be (n={reward.shape[0]}, k={lam.shape[0]})")
    penalised = reward - (costs * lam).sum(axis=1)
    return penalised / (1.0 + lam.sum()) if normalize else penalised


def dual_ascent(lam: np.ndarray, cost_mean: np.ndarray, budget: np.ndarray, lr: float, lam_max: float) -> np.ndarray:
    """Projected dual ascent: lambda' = clip(lambda + lr * (E[c] - d), 0, lambda_max)."""
    return np.clip(lam + lr * (cost_mean - budget), 0.0, lam_max)


def pid_update(
    integral: np.ndarray, prev_error: np.ndarray, error: np.ndarray, kp: float, ki: float, kd: float, lam_max: float
) -> tuple[np.ndarray, np.ndarray]:
    """PID Lagrangian (Stooke et al. 2020), error e = E[c] - d:

        I' = max(0, I + e);  lambda = clip(kp * e + ki * I' + kd * max(0, e - e_prev), 0, lambda_max)

    Returns (lambda, I').
    """
    integral = np.maximum(0.0, integral + error)
    lam = kp * error + ki * integral + kd * np.maximum(0.0, error - prev_error)
    return np.clip(lam, 0.0, lam_max), integral
