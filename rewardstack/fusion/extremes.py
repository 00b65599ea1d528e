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
from rewardstack.fusion.node import Operand, build_operand

__all__ = ["Min", "MinConfig", "SoftMin", "SoftMinConfig"]


class MinConfig(OperatorConfig):
    kind: Literal["min"] = "min"
    inputs: list[Operand] = Field(min_length=1)

    def build(self) -> Min:
        return Min([build_operand(op) for op in self.inputs])


class SoftMinConfig(OperatorConfig):
    kind: Literal["soft_min"] = "soft_min"
    inputs: list[Operand] = Field(min_length=1)
    temperature: float = Field(default=0.1, gt=0)

    def build(self) -> SoftMin:
        return SoftMin([build_operand(op) for op in self.inputs], self.temperature)


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
