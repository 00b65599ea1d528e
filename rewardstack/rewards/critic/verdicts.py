"""The critic's arithmetic: averaging option orders and samples, flips, the weighted mean.

For sample ``x``, principle ``p`` with weight ``w_p`` and ``satisfied`` option
``s_p``, option order ``r`` in {0, 1} and self-consistency sample ``j`` in 1..k
(k = 1 without self-consistency), the judge gives ``q_{p,r,j} = P(s_p)``,
already renormalised over the two options. Then

    q_{p,r} = (1/k) * sum_j q_{p,r,j}              (one order's verdict)
    v_p     = (q_{p,0} + q_{p,1}) / 2              (position bias cancelled: components[p])
    flip_p  = [q_{p,0} >= 1/2] != [q_{p,1} >= 1/2]  (the verdict's side changed with the order)
    value   = sum_p w_p v_p / sum_p w_p            (over the principles that apply to x)

The flip rate of a set is the share of (sample, principle) verdicts with
``flip_p``; a judge without position bias has 0.

>>> v = principle_verdict([[0.9, 0.7], [0.4]])
>>> round(v.value, 4), v.flipped, v.by_order
(0.6, True, (0.8, 0.4))
>>> weighted_mean({"a": 1.0, "b": 0.0}, {"a": 3.0, "b": 1.0})
0.75
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["PrincipleVerdict", "principle_verdict", "side", "weighted_mean"]


def side(q: float) -> bool:
    """True when the verdict says "satisfied" (q >= 1/2)."""
    return q >= 0.5


@dataclass(frozen=True)
class PrincipleVerdict:
    """One principle's verdict on one sample: ``value`` (v_p), per-order means, flip, sample spread."""

    value: float
    by_order: tuple[float, ...]
    flipped: bool
    spread: float  # population std of the k samples within an order, averaged over orders (0 for k = 1)


def principle_verdict(by_order: Sequence[Sequence[float]]) -> PrincipleVerdict:
    """``by_order[r]`` holds the k sampled ``q_{p,r,j}`` of order r (see the module docstring)."""
    if not by_order or any(not samples for samples in by_order):
        raise ValueError("a principle verdict needs at least one judgement per order")
    means = tuple(statistics.fmean(samples) for samples in by_order)
    spread = statistics.fmean(statistics.pstdev(samples) if len(samples) > 1 else 0.0 for samples in by_order)
    flipped = len({side(m) for m in means}) > 1
    return PrincipleVerdict(value=statistics.fmean(means), by_order=means, flipped=flipped, spread=spread)


def weighted_mean(values: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """sum_p w_p v_p / sum_p w_p over the keys of ``values`` (weights are positive)."""
    total = sum(weights[p] for p in values)
    return sum(weights[p] * v for p, v in values.items()) / total
