"""``weighted_sum``: the linear fusion every trainer has, with honest non-ok handling.

    total = (sum_{i in ok} w_i * v_i) * (sum_all |w_i| / sum_{i in ok} |w_i|)

Operands are sources (``weights``: name -> weight) and weighted subtrees
(``subtrees``: ``[{weight, node}]``). Operands whose value is NaN (excluded by
their policy) are dropped and the remaining weights renormalised to the full
weight mass (so one abstaining verifier does not shrink the reward).
Contributions are the terms of the sum (exact). A sample on which no operand
is ok gets ``NaN`` (surfaced as ``total=None`` with a status) and the flag
``no_ok_sources``.

``schedules`` make a weight a function of the training step (``set_step``):
piecewise-linear through ``[[step, weight], ...]``, held flat outside.

>>> cfg = WeightedSumConfig(weights={"a": 1.0, "b": 3.0}, schedules={"b": [[0, 0.0], [100, 3.0]]})
>>> op = cfg.build(); op.set_step(50); op.current_weights().tolist()
[1.0, 1.5]
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from rewardstack.fusion.attribution import propagate
from rewardstack.fusion.base import FusionOperator, FusionOutput, OperatorConfig, ScoreBoard
from rewardstack.fusion.combine import evaluate_all, stack_totals
from rewardstack.fusion.leaf import SourceLeaf
from rewardstack.fusion.node import Child, Explanation, Operand, build_operand, register_operator, weighted_term

__all__ = ["WeightedSubtree", "WeightedSum", "WeightedSumConfig", "schedule_value", "weighted_sum_terms"]


def weighted_sum_terms(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per-operand terms of the renormalised weighted sum.

    ``values``: (n_samples, n_operands), NaN = excluded; ``weights``: (n_operands,).
    term_ij = w_j * v_ij * (sum_k |w_k|) / (sum_{k ok in row i} |w_k|); rows with
    no ok operand are all-NaN.

    >>> weighted_sum_terms(np.array([[1.0, np.nan]]), np.array([1.0, 1.0])).tolist()
    [[2.0, 0.0]]
    """
    if values.ndim != 2 or values.shape[1] != weights.shape[0]:
        raise ValueError(f"values {values.shape} and weights {weights.shape} do not match")
    ok = ~np.isnan(values)
    mass = np.abs(weights).sum()
    if mass == 0:  # every weight scheduled to 0: the sum is 0 wherever anything is ok
        return np.where(ok.any(axis=1)[:, None], np.zeros_like(values), np.nan)
    ok_mass = (ok * np.abs(weights)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(ok_mass > 0, mass / ok_mass, np.nan)
    terms = np.where(ok, values * weights, 0.0) * scale[:, None]
    return terms


def schedule_value(points: list[list[float]], step: int) -> float:
    """Piecewise-linear interpolation through (step, value) points, flat outside them."""
    xs = np.array([p[0] for p in points], dtype=float)
    ys = np.array([p[1] for p in points], dtype=float)
    return float(np.interp(float(step), xs, ys))


class WeightedSubtree(BaseModel):
    """One weighted subtree operand of a weighted sum."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    weight: float
    node: Operand


@register_operator("weighted_sum")
class WeightedSumConfig(OperatorConfig):
    kind: Literal["weighted_sum"] = "weighted_sum"
    weights: dict[str, float] = Field(default_factory=dict)
    subtrees: list[WeightedSubtree] = Field(default_factory=list)
    schedules: dict[str, list[list[float]]] = Field(default_factory=dict)  # name -> [[step, weight], ...]

    @field_validator("schedules")
    @classmethod
    def _sorted_points(cls, schedules: dict[str, list[list[float]]]) -> dict[str, list[list[float]]]:
        for name, points in schedules.items():
            steps = [p[0] for p in points]
            if not points or any(len(p) != 2 for p in points) or steps != sorted(steps):
                raise ValueError(f"schedule {name!r} needs [[step, weight], ...] with increasing steps")
        return schedules

    @model_validator(mode="after")
    def _nonempty(self) -> WeightedSumConfig:
        if not self.weights and not self.subtrees:
            raise ValueError("weighted_sum needs at least one weight")
        unknown = sorted(set(self.schedules) - set(self.weights))
        if unknown:
            raise ValueError(f"schedules name {unknown}, which are not in weights")
        all_w = list(self.weights.values()) + [s.weight for s in self.subtrees]
        if not self.schedules and all(w == 0 for w in all_w):
            raise ValueError("weighted_sum weights are all zero")
        return self

    def build(self) -> WeightedSum:
        return WeightedSum(self)

    def explain(self) -> Explanation:
        parts = [weighted_term(w, n) + self._schedule_words(n) for n, w in self.weights.items()]
        parts += [weighted_term(s.weight, s.node if isinstance(s.node, str) else f"({s.node.kind} below)")
                  for s in self.subtrees]
        kids: list[Child] = [(None, s.node) for s in self.subtrees if not isinstance(s.node, str)]
        return "weighted sum: " + " + ".join(parts), kids

    def _schedule_words(self, name: str) -> str:
        points = self.schedules.get(name)
        return f" (scheduled over steps {points[0][0]:g}..{points[-1][0]:g})" if points else ""


class WeightedSum(FusionOperator):
    def __init__(self, config: WeightedSumConfig):
        self.config = config
        self.names = list(config.weights)
        self.operands: list[FusionOperator] = [SourceLeaf(n) for n in self.names]
        self.operands += [build_operand(s.node) for s in config.subtrees]
        self.base_weights = np.array([config.weights[n] for n in self.names] + [s.weight for s in config.subtrees])
        self.step = 0

    def children(self) -> list[FusionOperator]:
        return list(self.operands)

    def source_names(self) -> set[str]:
        return set().union(*(op.source_names() for op in self.operands))

    def eager_sources(self) -> set[str]:
        return set().union(*(op.eager_sources() for op in self.operands))

    def set_step(self, step: int) -> None:
        self.step = int(step)
        super().set_step(step)

    def current_weights(self) -> np.ndarray:
        weights = self.base_weights.copy()
        for j, name in enumerate(self.names):
            if name in self.config.schedules:
                weights[j] = schedule_value(self.config.schedules[name], self.step)
        return weights

    def own_state(self) -> dict[str, Any]:
        return {"step": self.step} if self.config.schedules else {}

    def load_own_state(self, state: Any) -> None:
        self.step = int(state.get("step", self.step))

    def metrics(self) -> dict[str, float]:
        out = super().metrics()
        if self.config.schedules:
            out.update({f"weight/{n}": float(w) for n, w in zip(self.names, self.current_weights(), strict=False)})
        return out

    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        weights = self.current_weights()
        children = evaluate_all(self.operands, board, index)
        values = stack_totals(children, len(index))
        terms = weighted_sum_terms(values, weights)
        total = terms.sum(axis=1)
        bases = np.where(np.isnan(values), np.nan, np.stack([c.base for c in children], axis=1))
        base_terms = weighted_sum_terms(bases, weights)
        phi = terms - base_terms
        contributions: dict[str, np.ndarray] = {}
        for j, child in enumerate(children):
            if j < len(self.names):  # fast path: a leaf's contribution is its term
                name = self.names[j]
                contributions[name] = contributions.get(name, 0.0) + np.nan_to_num(phi[:, j])
            else:
                for name, c in propagate([child], phi[:, j : j + 1]).items():
                    contributions[name] = contributions.get(name, 0.0) + c
        out = FusionOutput(total=total, contributions=contributions, flags={},
                           baseline=np.nan_to_num(base_terms.sum(axis=1)))
        for child in children:
            out.merge_flags(child)
        out.flag("no_ok_sources", np.isnan(total))
        return out
