"""``gate``: a condition on one source picks the subtree (correctness gates fluency).

    kind: gate
    condition: {source: tests, at_least: 1.0}     # or at_most: x
    then: {kind: weighted_sum, weights: {style: 1.0}}
    otherwise: {kind: constant, value: -1.0}      # default: constant 0

Hard gate (default): ``then`` is evaluated only where the condition holds and
``otherwise`` only where it does not (so an expensive ``then`` source is not
asked about failing samples unless the stack prefetched it). Failing samples
are flagged ``gated:<source>``. A condition source without a value (after its
policy) takes ``on_missing``: ``otherwise`` (default, conservative), ``then``,
or ``exclude`` (total NaN).

Soft gate (``soft: true``): s = sigmoid(margin / temperature) with margin =
v - at_least (or at_most - v); total = s * then + (1 - s) * otherwise.

Attribution. Hard: where ``otherwise`` is a constant c, baseline = c and the
condition source is credited with (then's baseline - c) on passing samples
(passing the gate is worth that much); otherwise baseline and contributions
are the taken branch's. Soft: baseline Shapley over (condition, then,
otherwise) with the condition "absent" = failing (s = 0).

>>> GateConfig.model_validate({"kind": "gate", "condition": {"source": "t", "at_least": 1.0},
...                            "then": "style", "otherwise": {"kind": "constant", "value": -1}}).condition.at_least
1.0
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from rewardstack.fusion.attribution import propagate, shapley
from rewardstack.fusion.base import FusionOperator, FusionOutput, OperatorConfig, ScoreBoard
from rewardstack.fusion.constant import Constant, ConstantConfig
from rewardstack.fusion.functional import sigmoid
from rewardstack.fusion.leaf import SourceLeaf
from rewardstack.fusion.node import Child, Explanation, Operand, build_operand, register_operator

__all__ = ["Condition", "Gate", "GateConfig"]


class Condition(BaseModel):
    """``source`` value >= ``at_least`` (or <= ``at_most``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    at_least: float | None = None
    at_most: float | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> Condition:
        if (self.at_least is None) == (self.at_most is None):
            raise ValueError("a condition needs exactly one of at_least / at_most")
        return self

    def margin(self, values: np.ndarray) -> np.ndarray:
        """Signed distance into the passing region (>= 0 passes)."""
        if self.at_least is not None:
            return values - self.at_least
        assert self.at_most is not None
        return self.at_most - values

    def words(self) -> str:
        if self.at_least is not None:
            return f"{self.source} >= {self.at_least:g}"
        return f"{self.source} <= {self.at_most:g}"


@register_operator("gate")
class GateConfig(OperatorConfig):
    kind: Literal["gate"] = "gate"
    condition: Condition
    then: Operand
    otherwise: Operand = Field(default_factory=lambda: ConstantConfig(value=0.0))
    soft: bool = False
    temperature: float = Field(default=0.1, gt=0)
    on_missing: Literal["otherwise", "then", "exclude"] = "otherwise"

    def build(self) -> Gate:
        return Gate(self)

    def explain(self) -> Explanation:
        soft = f"soft (sigmoid of margin / {self.temperature:g}) " if self.soft else ""
        missing = "" if self.on_missing == "otherwise" else f"; without a value: {self.on_missing}"
        kids: list[Child] = [(None, self.then), ("otherwise:", self.otherwise)]
        return f"{soft}gate: if {self.condition.words()}{missing} then", kids


class Gate(FusionOperator):
    def __init__(self, config: GateConfig):
        self.config = config
        self.condition = SourceLeaf(config.condition.source)
        self.then = build_operand(config.then)
        self.otherwise = build_operand(config.otherwise)

    def children(self) -> list[FusionOperator]:
        return [self.condition, self.then, self.otherwise]

    def source_names(self) -> set[str]:
        return {self.config.condition.source} | self.then.source_names() | self.otherwise.source_names()

    def eager_sources(self) -> set[str]:
        return {self.config.condition.source} | self.then.eager_sources() | self.otherwise.eager_sources()

    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        cond = self.condition.fuse(board, index)
        if self.config.soft:
            out = self._soft(board, index, cond)
        else:
            out = self._hard(board, index, cond)
        out.merge_flags(cond)
        return out

    def _split(self, cond: FusionOutput) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        margin = self.config.condition.margin(cond.total)
        missing = np.isnan(margin)
        passing = np.where(missing, self.config.on_missing == "then", margin >= 0)
        failing = ~passing & ~(missing & (self.config.on_missing == "exclude"))
        return passing, failing, missing

    def _hard(self, board: ScoreBoard, index: np.ndarray, cond: FusionOutput) -> FusionOutput:
        n = len(index)
        name = self.config.condition.source
        passing, failing, missing = self._split(cond)
        pos_pass, pos_fail = np.flatnonzero(passing), np.flatnonzero(failing)
        parts: list[tuple[np.ndarray, FusionOutput]] = []
        then_out = self.then.fuse(board, index[pos_pass]) if pos_pass.size else None
        if then_out is not None:
            parts.append((pos_pass, then_out))
        if pos_fail.size:
            parts.append((pos_fail, self.otherwise.fuse(board, index[pos_fail])))
        out = FusionOutput.scatter(n, parts)
        out.contributions.setdefault(name, np.zeros(n))
        if isinstance(self.otherwise, Constant) and then_out is not None:
            c = self.otherwise.value
            out.contributions[name][pos_pass] += then_out.base - c
            out.base[pos_pass] = c
        out.flag(f"gated:{name}", failing)
        out.flag(f"gate_condition_missing:{name}", missing)
        return out

    def _soft(self, board: ScoreBoard, index: np.ndarray, cond: FusionOutput) -> FusionOutput:
        then_out = self.then.fuse(board, index)
        other_out = self.otherwise.fuse(board, index)
        children = [cond, then_out, other_out]
        values = np.stack([c.total for c in children], axis=1)
        total = self._soft_combine(values)
        refs = np.stack([np.full(len(index), self._failing_value()), then_out.base, other_out.base], axis=1)
        phi, baseline = shapley(self._soft_combine, values, refs)
        out = FusionOutput(total=total, contributions=propagate(children, phi), flags={}, baseline=baseline)
        out.merge_flags(then_out)
        out.merge_flags(other_out)
        _, failing, missing = self._split(cond)
        out.flag(f"gated:{self.config.condition.source}", failing)
        out.flag(f"gate_condition_missing:{self.config.condition.source}", missing)
        return out

    def _failing_value(self) -> float:
        return -np.inf if self.config.condition.at_least is not None else np.inf

    def _soft_combine(self, values: np.ndarray) -> np.ndarray:
        margin = self.config.condition.margin(values[:, 0])
        missing = np.isnan(margin)
        fill = {"otherwise": -np.inf, "then": np.inf, "exclude": np.nan}[self.config.on_missing]
        margin = np.where(missing, fill, margin)
        with np.errstate(invalid="ignore", over="ignore"):
            s = sigmoid(np.nan_to_num(margin / self.config.temperature, nan=0.0, posinf=1e300, neginf=-1e300))
            s = np.where(np.isnan(margin), np.nan, s)
            then_v, other_v = values[:, 1], values[:, 2]
            return np.where(s == 1, then_v, np.where(s == 0, other_v, s * then_v + (1 - s) * other_v))
