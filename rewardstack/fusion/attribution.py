"""Attribution: each source's signed share of the fused total.

The rule (documented in docs/fusion.md):

1. A source leaf contributes its own value; its baseline is 0.
2. Every operator node has operands (sources or subtrees). Its ``baseline`` is
   its value with every operand "absent", i.e. replaced by the operand's
   *reference*: by default the operand's own baseline (0 for a source), or an
   operator-specific value (a gate's condition is absent = failing; a veto
   source is absent = not vetoing). Operands that are NaN (excluded) stay NaN
   in every coalition, so they get exactly 0.
3. The node splits ``total - baseline`` over its operands by baseline Shapley
   values (exact: all 2^m coalitions for m <= 8 operands; above that the
   average over 64 seeded random orders, each of which telescopes, so the sum
   is still exact). Linear operators use their closed form (the terms), which
   is what Shapley gives for them.
4. An operand's share phi_k is passed down to the sources of its subtree in
   proportion to their contributions there: c_s * phi_k / (v_k - b_k).
   Affine normalisations (z-scores with the batch's frozen statistics) scale
   contributions by their slope.

Hence for every sample: ``sum(contributions) == total - baseline``.

>>> import numpy as np
>>> phi, base = shapley(lambda v: v.min(axis=1), np.array([[1.0, 3.0]]), np.zeros((1, 2)))
>>> phi.tolist(), base.tolist()
([[0.5, 0.5]], [0.0])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import combinations

import numpy as np

from rewardstack.fusion.base import FusionOutput

__all__ = ["EXACT_LIMIT", "affine", "propagate", "shapley"]

EXACT_LIMIT = 8
_PERMUTATIONS = 64
Combine = Callable[[np.ndarray], np.ndarray]


def _coalition_value(combine: Combine, values: np.ndarray, refs: np.ndarray, present: Sequence[int],
                     fallback: np.ndarray) -> np.ndarray:
    x = refs.copy()
    if present:
        cols = list(present)
        x[:, cols] = values[:, cols]
    v = combine(x)
    return np.where(np.isfinite(v), v, fallback)


def shapley(combine: Combine, values: np.ndarray, refs: np.ndarray, *, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Baseline Shapley values of the m columns of ``values`` under ``combine``.

        phi_k = sum_{S subset M \\ {k}} |S|! (m-|S|-1)! / m! * (v(S u {k}) - v(S))
        v(S)  = combine(x^S),  x^S_j = values_j if j in S else refs_j

    ``values``/``refs``: (n, m); NaN values stay NaN in every coalition.
    Returns (phi (n, m), baseline v(empty) (n,)); rows satisfy
    ``phi.sum(1) == combine(values) - baseline`` where that total is finite.
    """
    n, m = values.shape
    refs = np.where(np.isnan(values), np.nan, refs)
    empty = combine(refs.copy())
    base = np.where(np.isfinite(empty), empty, 0.0)
    phi = np.zeros((n, m))
    if m == 0:
        return phi, base
    if m <= EXACT_LIMIT:
        cache: dict[tuple[int, ...], np.ndarray] = {}

        def v(subset: tuple[int, ...]) -> np.ndarray:
            if subset not in cache:
                cache[subset] = base if not subset else _coalition_value(combine, values, refs, subset, base)
            return cache[subset]

        for k in range(m):
            others = [j for j in range(m) if j != k]
            for size in range(m):
                weight = math.factorial(size) * math.factorial(m - size - 1) / math.factorial(m)
                for subset in combinations(others, size):
                    with_k = tuple(sorted((*subset, k)))
                    phi[:, k] += weight * (v(with_k) - v(subset))
        return phi, base
    rng = np.random.default_rng(seed)
    for _ in range(_PERMUTATIONS):
        order = rng.permutation(m)
        previous = base
        for pos, k in enumerate(order):
            current = _coalition_value(combine, values, refs, [int(j) for j in order[: pos + 1]], base)
            phi[:, k] += current - previous
            previous = current
    return phi / _PERMUTATIONS, base


def propagate(children: Sequence[FusionOutput], phi: np.ndarray, *, eps: float = 1e-12) -> dict[str, np.ndarray]:
    """Pass each operand's share ``phi[:, k]`` down to the sources of child k.

        c'_s = c_s * phi_k / (v_k - b_k)   (where |v_k - b_k| > eps; else phi_k split equally)
    """
    n = phi.shape[0]
    out: dict[str, np.ndarray] = {}
    for k, child in enumerate(children):
        share = np.nan_to_num(phi[:, k])
        delta = child.total - child.base
        movable = np.isfinite(delta) & (np.abs(delta) > eps)
        with np.errstate(invalid="ignore", divide="ignore"):
            scale = np.where(movable, share / np.where(movable, delta, 1.0), 0.0)
        names = list(child.contributions)
        leftover = np.where(movable, 0.0, share)
        for name in names:
            c = np.nan_to_num(child.contributions[name])
            add = c * scale + (leftover / len(names))
            out[name] = out[name] + add if name in out else add
        if not names and np.any(leftover != 0):
            out["(constant)"] = out.get("(constant)", np.zeros(n)) + leftover
    return out


def affine(child: FusionOutput, slope: np.ndarray) -> dict[str, np.ndarray]:
    """Contributions through ``y = slope * x + offset`` (the offset goes to the baseline)."""
    return {name: c * slope for name, c in child.contributions.items()}
