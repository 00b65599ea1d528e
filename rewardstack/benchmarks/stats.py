"""Bootstrap statistics over prompts: means, 95% intervals, paired differences.

Every benchmark metric is first computed **per prompt** (a table of shape ``(P,)`` or ``(P, K)``
for a curve, NaN where undefined for that prompt), then averaged over the prompts where it is
defined. The uncertainty is a nonparametric bootstrap over prompts (the unit that varies
between benchmark draws): B resamples of the prompts with replacement, **stratified by world
seed** (each seed's prompts are resampled among themselves, so each seed keeps its weight),
each resample drawn once (:class:`Bootstrap`) and shared by every signal and metric. Sharing
the resamples makes differences **paired**: ``A - B`` is recomputed on each resample, so the
prompt-to-prompt variation both signals share cancels out.

For a resample with multiplicities c_p (B x P), the mean of a table v is

    m_b = sum_p c_bp v_p [v_p defined] / sum_p c_bp [v_p defined]

and the interval is the percentile interval of m_b at (1 - level)/2 and (1 + level)/2.

>>> import numpy as np
>>> boot = Bootstrap.draw(np.zeros(4, dtype=int), samples=200, seed=0)
>>> est = boot.estimate(np.array([1.0, 2.0, 3.0, np.nan]))
>>> est.value, est.prompts, bool(est.low <= est.value <= est.high)
(2.0, 3, True)
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Bootstrap", "Estimate", "weighted_means"]


@dataclass(frozen=True)
class Estimate:
    """A point value with its bootstrap interval and the number of prompts it rests on."""

    value: float
    low: float
    high: float
    prompts: int

    def to_json(self) -> dict[str, Any]:
        return {"value": _num(self.value), "low": _num(self.low), "high": _num(self.high), "prompts": self.prompts}

    def excludes_zero(self) -> bool:
        """The interval lies wholly above or below 0 (a clear difference)."""
        return bool(self.low > 0 or self.high < 0)


def _num(x: float) -> float | None:
    """JSON has no NaN: an undefined value is null."""
    return None if not np.isfinite(x) else float(x)


def weighted_means(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Means of ``values`` ((P,) or (P, K)) under each row of ``weights`` (R x P), NaN-aware.

    Returns (R,) or (R, K); NaN where a row puts no weight on a defined value.
    """
    if values.shape[0] != weights.shape[1]:
        raise ValueError(f"values have {values.shape[0]} prompts, weights {weights.shape[1]}")
    defined = ~np.isnan(values)
    filled = np.where(defined, values, 0.0)
    w = weights.astype(float)
    num = w @ filled
    den = w @ defined.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


@dataclass(frozen=True)
class Bootstrap:
    """Resample multiplicities ``counts`` (B x P), drawn once per run and shared by every signal."""

    counts: np.ndarray
    level: float = 0.95

    @classmethod
    def draw(cls, strata: np.ndarray, *, samples: int, seed: int, level: float = 0.95) -> Bootstrap:
        """Stratified resampling: each stratum's prompts are drawn with replacement, its size kept."""
        if samples < 1:
            raise ValueError(f"bootstrap samples must be >= 1, got {samples}")
        rng = np.random.default_rng(seed)
        counts = np.zeros((samples, strata.shape[0]), dtype=np.int64)
        for stratum in np.unique(strata):
            members = np.flatnonzero(strata == stratum)
            size = members.size
            draws = rng.integers(size, size=(samples, size)) + (np.arange(samples) * size)[:, None]
            counts[:, members] = np.bincount(draws.ravel(), minlength=samples * size).reshape(samples, size)
        return cls(counts=counts, level=level)

    @property
    def prompts(self) -> int:
        return int(self.counts.shape[1])

    def means(self, values: np.ndarray, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(point, resampled): the mean over all prompts and under each resample; ``mask`` keeps a subset."""
        if mask is not None:
            values = np.where(mask.reshape((-1,) + (1,) * (values.ndim - 1)), values, np.nan)
        point = weighted_means(values, np.ones((1, values.shape[0])))[0]
        return point, weighted_means(values, self.counts)

    def interval(self, resampled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Percentile interval over the resamples (axis 0); NaN resamples are ignored, all-NaN gives NaN."""
        tail = 100.0 * (1.0 - self.level) / 2.0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN column: its interval is NaN
            low = np.nanpercentile(resampled, tail, axis=0)
            high = np.nanpercentile(resampled, 100.0 - tail, axis=0)
        return np.asarray(low), np.asarray(high)

    def summarise(self, point: float, resampled: np.ndarray, prompts: int) -> Estimate:
        """An :class:`Estimate` from a point value and its (B,) resampled values."""
        low, high = self.interval(resampled)
        return Estimate(float(point), float(low), float(high), prompts)

    def estimate(self, values: np.ndarray, mask: np.ndarray | None = None) -> Estimate:
        """Mean of a (P,) table over the prompts where it is defined, with its interval."""
        point, resampled = self.means(values, mask)
        defined = ~np.isnan(values) if mask is None else ~np.isnan(values) & mask
        return self.summarise(float(point), resampled, int(defined.sum()))
