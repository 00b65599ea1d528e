"""From per-prompt tables to estimates: scalar metrics, curves, per-family slices, paired differences.

Scalar metrics are prompt means (:mod:`.stats`). Three come from the KL-optimum curves after
averaging over prompts, on the point estimate and on every bootstrap resample alike:

    peak_gold  = max_k  mean_p gold_p(beta_k)
    kl_at_peak = mean_p KL_p(beta_k*)           k* = argmax_k mean_p gold_p(beta_k)
    final_gold = mean_p gold_p(beta -> 0)       (the reward's argmax: maximal optimisation)

A paired difference ``A - B`` is taken on the same resamples (:class:`.stats.Bootstrap`); for a
metric whose ideal is 0 (``better = "zero"``) it is the difference of absolute values. The
verdict is ``better`` / ``worse`` when the 95% interval of the difference excludes 0 in that
direction, else ``unclear``.

>>> import numpy as np
>>> from rewardstack.benchmarks.stats import Bootstrap
>>> boot = Bootstrap.draw(np.zeros(3, dtype=int), samples=100, seed=0)
>>> tables = {"pairwise_accuracy": np.array([0.9, 0.8, 1.0])}
>>> round(scalar_draws(tables, boot, ["pairwise_accuracy"], ns=())["pairwise_accuracy"].point, 6)
0.9
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from rewardstack.benchmarks.catalog import Better
from rewardstack.benchmarks.stats import Bootstrap, Estimate

__all__ = ["CURVES", "CurveDraws", "Draws", "curve_draws", "paired_difference", "scalar_draws", "verdict"]

#: Curve tables: best-of-n gold at each n, and the KL optimum's gold, proxy and KL at each beta.
CURVES = ("best_of_n", "kl_gold", "kl_proxy", "kl_kl")
_KL_DERIVED = ("peak_gold", "kl_at_peak", "final_gold")


@dataclass(frozen=True)
class Draws:
    """A scalar's point value, its value on each bootstrap resample (B,), and its prompt count."""

    point: float
    resampled: np.ndarray
    prompts: int

    def estimate(self, boot: Bootstrap) -> Estimate:
        return boot.summarise(self.point, self.resampled, self.prompts)


@dataclass(frozen=True)
class CurveDraws:
    """A curve's point values (K,) and resampled values (B, K)."""

    point: np.ndarray
    resampled: np.ndarray

    def estimates(self, boot: Bootstrap) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        low, high = boot.interval(self.resampled)
        return self.point, low, high


def _defined(values: np.ndarray, mask: np.ndarray | None) -> int:
    ok = ~np.isnan(values if values.ndim == 1 else values[:, -1])
    return int((ok & mask).sum() if mask is not None else ok.sum())


def _argmax_rows(values: np.ndarray) -> np.ndarray:
    """Row-wise argmax ignoring NaN; 0 for an all-NaN row (its value is NaN anyway)."""
    return np.argmax(np.where(np.isnan(values), -np.inf, values), axis=-1)


def _kl_derived(tables: Mapping[str, np.ndarray], boot: Bootstrap, mask: np.ndarray | None) -> dict[str, Draws]:
    gold_point, gold_boot = boot.means(tables["kl_gold"], mask)
    kl_point, kl_boot = boot.means(tables["kl_kl"], mask)
    prompts = _defined(tables["kl_gold"], mask)
    peak = int(_argmax_rows(gold_point))
    peaks = _argmax_rows(gold_boot)
    rows = np.arange(gold_boot.shape[0])
    return {
        "peak_gold": Draws(float(gold_point[peak]), gold_boot[rows, peaks], prompts),
        "kl_at_peak": Draws(float(kl_point[peak]), kl_boot[rows, peaks], prompts),
        "final_gold": Draws(float(gold_point[-1]), gold_boot[:, -1], prompts),
    }


def scalar_draws(tables: Mapping[str, np.ndarray], boot: Bootstrap, names: Iterable[str], *,
                 ns: tuple[int, ...], mask: np.ndarray | None = None) -> dict[str, Draws]:
    """Draws for each named scalar metric (``best_of_n@n``, the KL-derived three, or a plain table)."""
    wanted = list(names)
    out: dict[str, Draws] = {}
    if any(name in _KL_DERIVED for name in wanted) and "kl_gold" in tables:
        out.update({k: v for k, v in _kl_derived(tables, boot, mask).items() if k in wanted})
    for name in wanted:
        if name in _KL_DERIVED:
            continue
        if name.startswith("best_of_n@"):
            values = tables["best_of_n"][:, ns.index(int(name.split("@", 1)[1]))]
        else:
            values = tables[name]
        point, resampled = boot.means(values, mask)
        out[name] = Draws(float(point), resampled, _defined(values, mask))
    return out


def curve_draws(tables: Mapping[str, np.ndarray], boot: Bootstrap,
                mask: np.ndarray | None = None) -> dict[str, CurveDraws]:
    """Draws of every curve table present."""
    return {name: CurveDraws(*boot.means(tables[name], mask)) for name in CURVES if name in tables}


def paired_difference(a: Draws, b: Draws, better: Better | None, boot: Bootstrap) -> Estimate:
    """A - B on shared resamples (|A| - |B| when the ideal is 0), with its interval."""
    def fold(x: np.ndarray | float) -> np.ndarray:
        return np.abs(x) if better == "zero" else np.asarray(x)

    return boot.summarise(float(fold(a.point) - fold(b.point)), fold(a.resampled) - fold(b.resampled),
                          min(a.prompts, b.prompts))


def verdict(diff: Estimate, better: Better | None) -> str:
    """``better`` / ``worse`` for A against B when the interval excludes 0, else ``unclear``.

    >>> verdict(Estimate(0.1, 0.02, 0.2, 10), "higher"), verdict(Estimate(0.1, 0.02, 0.2, 10), "lower")
    ('better', 'worse')
    """
    if better is None or not diff.excludes_zero():
        return "unclear"
    up = diff.low > 0
    return "better" if (up if better == "higher" else not up) else "worse"
