"""``weighted_sum``: the linear fusion every trainer has, with honest non-ok handling.

    total = (sum_{i in ok} w_i * v_i) * (sum_all |w_i| / sum_{i in ok} |w_i|)

Sources whose Score is not ok are excluded and the remaining weights are
renormalised to the full weight mass (so one abstaining verifier does not
shrink the reward). Contributions are the terms of the sum (exact: they add
up to ``total``). A sample on which no weighted source is ok gets ``NaN``
(surfaced as ``total=None`` with a status) and the flag ``no_ok_sources``.

>>> cfg = WeightedSumConfig(weights={"a": 1.0, "b": 3.0})
>>> cfg.kind
'weighted_sum'
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import field_validator

from rewardstack.fusion.base import FusionOperator, FusionOutput, OperatorConfig, ScoreBoard

__all__ = ["WeightedSum", "WeightedSumConfig", "weighted_sum_terms"]


def weighted_sum_terms(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per-source terms of the renormalised weighted sum.

    ``values``: (n_samples, n_sources), NaN = excluded; ``weights``: (n_sources,).
    term_ij = w_j * v_ij * (sum_k |w_k|) / (sum_{k ok in row i} |w_k|); rows with
    no ok source are all-NaN.

    >>> weighted_sum_terms(np.array([[1.0, np.nan]]), np.array([1.0, 1.0])).tolist()
    [[2.0, 0.0]]
    """
    if values.ndim != 2 or values.shape[1] != weights.shape[0]:
        raise ValueError(f"values {values.shape} and weights {weights.shape} do not match")
    ok = ~np.isnan(values)
    mass = np.abs(weights).sum()
    ok_mass = (ok * np.abs(weights)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(ok_mass > 0, mass / ok_mass, np.nan)
    terms = np.where(ok, values * weights, 0.0) * scale[:, None]
    return terms


class WeightedSumConfig(OperatorConfig):
    kind: Literal["weighted_sum"] = "weighted_sum"
    weights: dict[str, float]

    @field_validator("weights")
    @classmethod
    def _nonempty(cls, weights: dict[str, float]) -> dict[str, float]:
        if not weights:
            raise ValueError("weighted_sum needs at least one weight")
        if all(w == 0 for w in weights.values()):
            raise ValueError("weighted_sum weights are all zero")
        return weights

    def build(self) -> WeightedSum:
        return WeightedSum(self)


class WeightedSum(FusionOperator):
    def __init__(self, config: WeightedSumConfig):
        self.config = config
        self.names = list(config.weights)
        self.weights = np.array([config.weights[n] for n in self.names], dtype=float)

    def source_names(self) -> set[str]:
        return set(self.names)

    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        values = np.empty((len(index), len(self.names)))
        for j, name in enumerate(self.names):
            values[:, j] = board.values(name, index)
        terms = weighted_sum_terms(values, self.weights)
        total = terms.sum(axis=1)
        flags: list[list[str]] = []
        for row in range(len(index)):
            row_flags = [f"excluded:{n}" for j, n in enumerate(self.names) if np.isnan(values[row, j])]
            if np.isnan(total[row]):
                row_flags.append("no_ok_sources")
            flags.append(row_flags)
        return FusionOutput(total=total, contributions={n: terms[:, j] for j, n in enumerate(self.names)}, flags=flags)
