"""Over-optimisation: the KL-regularised optimum of a reward over one prompt's pool, exactly.

The policy that maximises E_pi[r] - beta * KL(pi || pi0) is the tilted base policy

    pi_beta(y) = pi0(y) exp(r(y) / beta) / Z,      Z = sum_y pi0(y) exp(r(y) / beta)

(Korbak et al.; the closed form behind RLHF's KL penalty). Over a finite pool it is exact, and

    KL(pi_beta || pi0) = E_{pi_beta}[r] / beta - log Z.

Sweeping beta from infinity (pi0, KL = 0) down to 0 (all mass on the reward's argmax, ties
shared in proportion to pi0) traces gold and proxy against KL: a proxy that is hacked shows
gold rising then falling while the proxy keeps rising (Gao et al. 2022 plot them against
d = sqrt(KL)).

pi0 is the base policy restricted to the pool and renormalised: pi0(y) = exp(base_logprob(y)) /
sum over the pool. A pool of i.i.d. draws (every world's pool so far) has uniform
``base_logprob`` (zeros), and pi0 is then the empirical distribution. A candidate with a NaN
reward (no total) gets no mass at any finite beta (its reward counts as -inf); beta = inf is
the base policy itself, and a prompt where no candidate has a reward stays at pi0. The expected
proxy is taken over the scored candidates' mass.

>>> import numpy as np
>>> r = np.array([0.0, 1.0]); lp = np.zeros(2)
>>> tilt(r, lp, np.inf).tolist(), tilt(r, lp, 0.0).tolist()
([0.5, 0.5], [0.0, 1.0])
>>> round(kl_divergence(tilt(r, lp, 1.0), lp), 6)  # e/(1+e) - log((1+e)/2)
0.110944
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["OptimumCurve", "default_betas", "kl_divergence", "kl_optimum_curve", "tilt"]


def _logsumexp(x: np.ndarray) -> float:
    """log sum exp(x), shifted by the max; -inf entries contribute nothing (plain numpy: scipy's
    array-API version costs ~0.3 ms a call, and a sweep makes thousands)."""
    top = float(np.max(x))
    if not np.isfinite(top):
        return top
    return top + float(np.log(np.sum(np.exp(x - top))))


def _log_base(base_logprob: np.ndarray) -> np.ndarray:
    """log pi0 renormalised over the pool."""
    return base_logprob - _logsumexp(base_logprob)


def tilt(reward: np.ndarray, base_logprob: np.ndarray, beta: float) -> np.ndarray:
    """pi_beta over the pool: pi0 * exp(r / beta), normalised; beta = inf gives pi0, beta = 0 the argmax.

    Shape ``(N,)``, sums to 1. ValueError for a negative beta or mismatched shapes.
    """
    if reward.ndim != 1 or reward.shape != base_logprob.shape:
        raise ValueError(f"reward and base_logprob must be 1-D of one length, got {reward.shape}, "
                         f"{base_logprob.shape}")
    if beta < 0 or np.isnan(beta):
        raise ValueError(f"beta must be >= 0 (0 = argmax, inf = the base policy), got {beta}")
    log_pi0 = _log_base(base_logprob)
    scored = np.isfinite(reward)
    if not scored.any() or np.isinf(beta):
        return np.exp(log_pi0)
    if beta == 0:
        top = scored & (reward == np.max(reward[scored]))
        logits = np.where(top, log_pi0, -np.inf)
    else:
        logits = np.where(scored, log_pi0 + np.where(scored, reward, 0.0) / beta, -np.inf)
    return np.exp(logits - _logsumexp(logits))


def kl_divergence(pi: np.ndarray, base_logprob: np.ndarray) -> float:
    """KL(pi || pi0) = sum_y pi(y) (log pi(y) - log pi0(y)), with 0 log 0 = 0 (nats)."""
    log_pi0 = _log_base(base_logprob)
    mass = pi > 0
    return float(np.sum(pi[mass] * (np.log(pi[mass]) - log_pi0[mass])))


def default_betas() -> tuple[float, ...]:
    """inf, 25 log-spaced values from 10 down to 0.01, then 0 (for rewards in standard-deviation units).

    >>> betas = default_betas(); betas[0], betas[-1], len(betas)
    (inf, 0.0, 27)
    """
    return (float("inf"), *np.logspace(1.0, -2.0, 25).tolist(), 0.0)


class OptimumCurve(tuple[np.ndarray, np.ndarray, np.ndarray]):
    """``(gold, proxy, kl)``, each of shape ``(len(betas),)``: E_pi_beta[gold], E_pi_beta[r], KL."""

    __slots__ = ()

    @property
    def gold(self) -> np.ndarray:
        return self[0]

    @property
    def proxy(self) -> np.ndarray:
        return self[1]

    @property
    def kl(self) -> np.ndarray:
        return self[2]


def kl_optimum_curve(reward: np.ndarray, gold: np.ndarray, base_logprob: np.ndarray,
                     betas: Sequence[float]) -> OptimumCurve:
    """Expected gold, expected proxy and KL(pi_beta || pi0) at each beta of the sweep.

    The expected proxy, E_pi_beta[r | scored], is NaN when no candidate of the pool has a reward.

    >>> c = kl_optimum_curve(np.array([0.0, 1.0]), np.array([5.0, 3.0]), np.zeros(2), [np.inf, 0.0])
    >>> c.gold.tolist(), c.proxy.tolist(), c.kl.round(4).tolist()
    ([4.0, 3.0], [0.5, 1.0], [0.0, 0.6931])
    """
    if gold.shape != reward.shape:
        raise ValueError(f"reward and gold must have one shape, got {reward.shape} and {gold.shape}")
    scored = np.isfinite(reward)
    r = reward
    out = np.empty((3, len(betas)))
    for k, beta in enumerate(betas):
        pi = tilt(reward, base_logprob, float(beta))
        out[0, k] = pi @ gold
        mass = pi[scored].sum()
        out[1, k] = pi[scored] @ r[scored] / mass if mass > 0 else np.nan
        out[2, k] = kl_divergence(pi, base_logprob)
    return OptimumCurve((out[0], out[1], out[2]))
