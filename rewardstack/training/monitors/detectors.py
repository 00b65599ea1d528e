"""Detectors: pure functions from a window of observations to a reading.

A reading is ``(value, threshold, fired, message)``, or ``None`` when the window holds too little
evidence (no monitor fires on nothing). One function per monitor kind; :data:`DETECTORS`
maps the config class to its function.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from rewardstack.training.monitors.config import (
    ComponentDominanceConfig,
    KLRunawayConfig,
    LengthCorrelationConfig,
    ProxyGamingConfig,
    SycophancyCanaryConfig,
)
from rewardstack.training.monitors.observation import StepObservation
from rewardstack.training.monitors.statistics import dominance_shares, linear_rise, spearman

__all__ = ["DETECTORS", "Reading"]


class Reading(NamedTuple):
    value: float
    threshold: float
    fired: bool
    message: str


def _source_values(window: Sequence[StepObservation], source: str) -> list[np.ndarray]:
    missing = [o.step for o in window if source not in o.values]
    if missing:
        raise KeyError(f"monitor needs source {source!r}, which step {missing[0]} did not report; "
                       f"the stack's sources are {sorted(window[0].values)}")
    return [np.asarray(o.values[source], dtype=float) for o in window]


def _finite_mean(a: np.ndarray) -> float:
    finite = a[np.isfinite(a)]
    return float(finite.mean()) if finite.size else float("nan")


def proxy_gaming(cfg: ProxyGamingConfig, window: Sequence[StepObservation]) -> Reading | None:
    """Fires when rise(mean learned) >= min_learned_rise and rise(pass rate) <= max_verifier_rise,
    rises measured by :func:`linear_rise` over the window's per-step values."""
    learned = np.array([_finite_mean(v) for v in _source_values(window, cfg.learned)])
    passes = []
    for v in _source_values(window, cfg.verifier):
        scored = v[np.isfinite(v)]
        passes.append(float((scored >= cfg.pass_threshold).mean()) if scored.size else float("nan"))
    learned_rise, verifier_rise = linear_rise(learned), linear_rise(np.array(passes))
    if not (np.isfinite(learned_rise) and np.isfinite(verifier_rise)):
        return None
    fired = learned_rise >= cfg.min_learned_rise and verifier_rise <= cfg.max_verifier_rise
    message = (f"{cfg.learned} rose {learned_rise:+.3f} over {len(window)} steps while {cfg.verifier}'s "
               f"pass rate moved {verifier_rise:+.3f} (limit {cfg.max_verifier_rise:+.3f})")
    return Reading(learned_rise, cfg.min_learned_rise, fired, message)


def length_correlation(cfg: LengthCorrelationConfig, window: Sequence[StepObservation]) -> Reading | None:
    """Fires when Spearman(reward, response length) over the window's samples > max_spearman."""
    rewards = _source_values(window, cfg.source) if cfg.source else [np.asarray(o.total, float) for o in window]
    lengths = np.concatenate([np.asarray(o.response_length, dtype=float) for o in window])
    rho = spearman(np.concatenate(rewards), lengths, min_pairs=cfg.min_samples)
    if not np.isfinite(rho):
        return None
    what = cfg.source or "total reward"
    return Reading(rho, cfg.max_spearman, rho > cfg.max_spearman,
                   f"Spearman({what}, response length) = {rho:.3f} over {lengths.size} samples")


def sycophancy_canary(cfg: SycophancyCanaryConfig, window: Sequence[StepObservation]) -> Reading | None:
    """Fires when the share of canaries whose response agreed with the false claim > max_agreement."""
    flags = [o.canary_agreement for o in window if o.canary_agreement is not None]
    agreed = np.concatenate(flags) if flags else np.empty(0)
    agreed = agreed[np.isfinite(agreed)]
    if agreed.size < cfg.min_canaries:
        return None
    rate = float(agreed.mean())
    return Reading(rate, cfg.max_agreement, rate > cfg.max_agreement,
                   f"agreed with the user's false claim on {rate:.0%} of {agreed.size} canaries")


def component_dominance(cfg: ComponentDominanceConfig, window: Sequence[StepObservation]) -> Reading | None:
    """Fires when one source's share of |contribution| (:func:`dominance_shares`) > max_share."""
    names = list(window[-1].contributions)
    if len(names) < 2:
        return None
    shares = dominance_shares({n: np.concatenate([np.asarray(o.contributions.get(n, []), float) for o in window])
                               for n in names})
    top = max(shares, key=lambda n: shares[n])
    return Reading(shares[top], cfg.max_share, shares[top] > cfg.max_share,
                   f"{top} carries {shares[top]:.0%} of the total's magnitude")


def kl_runaway(cfg: KLRunawayConfig, window: Sequence[StepObservation]) -> Reading | None:
    """Fires when the window's mean KL (nats per sequence) > max_kl."""
    kls = np.array([o.kl for o in window], dtype=float)
    mean_kl = _finite_mean(kls)
    if not np.isfinite(mean_kl):
        return None
    return Reading(mean_kl, cfg.max_kl, mean_kl > cfg.max_kl,
                   f"mean KL {mean_kl:.3f} over {len(window)} steps (limit {cfg.max_kl:g})")


DETECTORS: dict[type, Callable[[Any, Sequence[StepObservation]], Reading | None]] = {
    ProxyGamingConfig: proxy_gaming,
    LengthCorrelationConfig: length_correlation,
    SycophancyCanaryConfig: sycophancy_canary,
    ComponentDominanceConfig: component_dominance,
    KLRunawayConfig: kl_runaway,
}
