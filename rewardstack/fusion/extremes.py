"""``min`` and ``soft_min``: never let one objective's strength hide another's failure.

    min:      total = min_{k ok} v_k
    soft_min: total = -tau * log( (1/m_ok) sum_{k ok} exp(-v_k / tau) )

Excluded operands (NaN) drop out; all excluded -> NaN. Attribution: baseline
Shapley over the operands (absent = the operand's baseline, 0 for a source).

>>> MinConfig(inputs=["a", "b"]).kind
'min'
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from rewardstack.fusion.base import OperatorConfig
from rewardstack.fusion.combine import CombineOperator
from rewardstack.fusion.functional import nan_min, soft_min
from rewardstack.fusion.node import Explanation, Operand, build_operand, combination, register_operator

__all__ = ["Min", "MinConfig", "SoftMin", "SoftMinConfig"]


@register_operator("min")
class MinConfig(OperatorConfig):
    kind: Literal["min"] = "min"
    inputs: list[Operand] = Field(min_length=1)

    def build(self) -> Min:
        return Min([build_operand(op) for op in self.inputs])

    def explain(self) -> Explanation:
        return combination("minimum", self.inputs)


@register_operator("soft_min")
class SoftMinConfig(OperatorConfig):
    kind: Literal["soft_min"] = "soft_min"
    inputs: list[Operand] = Field(min_length=1)
    temperature: float = Field(default=0.1, gt=0)

    def build(self) -> SoftMin:
        return SoftMin([build_operand(op) for op in self.inputs], self.temperature)

    def explain(self) -> Explanation:
        return combination("soft minimum", self.inputs, f" (temperature {self.temperature:g})")


class Min(CombineOperator):
    kind = "min"

    def combine(self, values: np.ndarray) -> np.ndarray:
        return nan_min(values)


class SoftMin(CombineOperator):
    kind = "soft_min"

    def __init__(self, operands: list, temperature: float):  # type: ignore[type-arg]
        super().__init__(operands)
        self.temperature = temperature

    def combine(self, values: np.ndarray) -> np.ndarray:
        return soft_min(values, self.temperature)
