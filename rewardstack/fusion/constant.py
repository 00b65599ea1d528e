"""``constant``: a fixed value (a gate's ``otherwise``, a cascade's floor).

Its baseline is the value itself, so it contributes nothing to attribution.

>>> ConstantConfig(value=-1.0).kind
'constant'
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from rewardstack.fusion.base import FusionOperator, FusionOutput, OperatorConfig, ScoreBoard
from rewardstack.fusion.node import Explanation, register_operator

__all__ = ["Constant", "ConstantConfig"]


@register_operator("constant")
class ConstantConfig(OperatorConfig):
    kind: Literal["constant"] = "constant"
    value: float

    def explain(self) -> Explanation:
        return f"the constant {self.value:g}", []

    def build(self) -> Constant:
        return Constant(self.value)


class Constant(FusionOperator):
    def __init__(self, value: float):
        self.value = float(value)

    def source_names(self) -> set[str]:
        return set()

    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        full = np.full(len(index), self.value)
        return FusionOutput(total=full, contributions={}, flags={}, baseline=full.copy())
