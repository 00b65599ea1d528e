"""Per-prompt metric tables: one row per prompt, the metrics of :mod:`.metrics` applied to each pool.

A table is ``(P,)`` for a scalar metric and ``(P, K)`` for a curve (best-of-n at each n; the
KL-regularised optimum's gold, proxy and KL at each beta), NaN where a metric is undefined for
that prompt. Tables of every world seed are concatenated; :mod:`.stats` averages and bootstraps them.

The reward is standardised once per world build before anything else (z = (r - mean) / std
over every scored candidate of the world; a constant reward becomes 0): every metric here but
the KL optimum is invariant to that, and it puts beta in units of the reward's spread, so one
beta grid serves every signal and the proxy curves share a scale.

>>> import numpy as np
>>> standardise([np.array([1.0, 3.0]), np.array([np.nan, 2.0])])[0].tolist()
[-1.224744871391589, 1.224744871391589]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rewardstack.benchmarks.metrics import (
    PAIR_PROBES,
    best_of_4_accuracy,
    best_of_n_curve,
    flagged_win_rate,
    kendall_tau,
    kl_optimum_curve,
    length_spearman,
    pairwise_accuracy,
)
from rewardstack.benchmarks.pool import PromptPool

__all__ = ["TableSettings", "prompt_tables", "standardise", "verifier_applies"]


@dataclass(frozen=True)
class TableSettings:
    """Which metric groups to compute, the best-of-n grid and the beta grid (std units)."""

    groups: tuple[str, ...]
    ns: tuple[int, ...]
    betas: tuple[float, ...]


def standardise(rewards: Sequence[np.ndarray]) -> list[np.ndarray]:
    """z-score every prompt's rewards with the mean and std of all scored candidates together."""
    scored = np.concatenate([r[np.isfinite(r)] for r in rewards]) if rewards else np.zeros(0)
    if scored.size == 0:
        return [np.full_like(r, np.nan) for r in rewards]
    mean, std = float(scored.mean()), float(scored.std())
    scale = std if std > 0 else 1.0
    return [(r - mean) / scale for r in rewards]


def _feature(pool: PromptPool, name: str) -> np.ndarray:
    """A probe feature, all-NaN (n/a) when the world did not provide it for this pool."""
    return pool.features.get(name, np.full(pool.size, np.nan))


def verifier_applies(pool: PromptPool) -> bool:
    """Whether the prompt's candidates carry a reference a verifier checks (a math answer, tests, a knowledge base).

    What a source sees decides it, as for the by-domain slices: open chat has no reference, so no
    verifier can apply there whatever the stack.
    """
    return any(sample.reference for sample in pool.candidates)


def prompt_tables(rewards: Sequence[np.ndarray], pools: Sequence[PromptPool],
                  settings: TableSettings) -> dict[str, np.ndarray]:
    """Every requested per-prompt table for one signal; ``rewards[p]`` aligns with ``pools[p].candidates``."""
    if len(rewards) != len(pools):
        raise ValueError(f"{len(rewards)} reward arrays for {len(pools)} prompt pools")
    groups = set(settings.groups)
    rows: dict[str, list[float | np.ndarray]] = {}

    def put(name: str, value: float | np.ndarray) -> None:
        rows.setdefault(name, []).append(value)

    for reward, pool in zip(rewards, pools, strict=True):
        gold = pool.gold
        if "pairwise_accuracy" in groups:
            put("pairwise_accuracy", pairwise_accuracy(reward, gold))
        if "best_of_4" in groups:
            put("best_of_4", best_of_4_accuracy(reward, gold))
        if "kendall_tau" in groups:
            put("kendall_tau", kendall_tau(reward, gold))
        if "best_of_n" in groups:
            put("best_of_n", best_of_n_curve(reward, gold, settings.ns))
        if "kl_optimum" in groups:
            curve = kl_optimum_curve(reward, gold, pool.base_logprob, settings.betas)
            put("kl_gold", curve.gold)
            put("kl_proxy", curve.proxy)
            put("kl_kl", curve.kl)
        if "length_spearman" in groups:
            put("length_spearman", length_spearman(reward, _feature(pool, "length")))
        for probe in PAIR_PROBES:
            if probe.metric in groups:
                flag = _feature(pool, probe.feature)
                counterpart = None if probe.counterpart is None else _feature(pool, probe.counterpart)
                rate = flagged_win_rate(reward, gold, flag, tie_weight=probe.tie_weight, counterpart=counterpart)
                put(probe.metric, rate)
                if probe.verified_metric is not None:
                    put(probe.verified_metric, rate if verifier_applies(pool) else float("nan"))
    return {name: np.array(values, dtype=float) for name, values in rows.items()}
