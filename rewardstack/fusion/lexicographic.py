"""``lexicographic``: the first operand dominates, later ones only break ties.

    total = sum_k v_k * scale^k      (scale = 1e-3 by default)

Exact lexicographic order when values lie in [0, 1] and differ by more than
``scale`` (e.g. correctness first, then brevity). An excluded tie-breaker
counts 0; all excluded -> NaN. It is linear, so attribution is exact:
contribution_k = scale^k * v_k.

>>> LexicographicConfig(inputs=["correct", "short"]).scale
0.001
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from rewardstack.fusion.base import OperatorConfig
from rewardstack.fusion.combine import CombineOperator
from rewardstack.fusion.functional import lexicographic
from rewardstack.fusion.node import Explanation, Operand, build_operand, combination, register_operator

__all__ = ["Lexicographic", "LexicographicConfig"]


@register_operator("lexicographic")
class LexicographicConfig(OperatorConfig):
    kind: Literal["lexicographic"] = "lexicographic"
    inputs: list[Operand] = Field(min_length=1)
    scale: float = Field(default=1e-3, gt=0, lt=1)

    def build(self) -> Lexicographic:
        op = Lexicographic([build_operand(o) for o in self.inputs])
        op.scale = self.scale
        return op

    def explain(self) -> Explanation:
        return combination("lexicographic order", self.inputs, f" (tie-break scale {self.scale:g})")


class Lexicographic(CombineOperator):
    kind = "lexicographic"
    scale = 1e-3

    def combine(self, values: np.ndarray) -> np.ndarray:
        return lexicographic(values, self.scale)
