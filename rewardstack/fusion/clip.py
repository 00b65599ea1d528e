"""``clip``: bound a subtree's value to [min, max].

    y = min(max(x, lo), hi);  baseline = clip(b);  contributions scaled by (y - clip(b)) / (x - b)

>>> ClipConfig(input="rm", min=-1.0, max=1.0).kind
'clip'
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import model_validator

from rewardstack.fusion.attribution import propagate
from rewardstack.fusion.base import FusionOutput, OperatorConfig, ScoreBoard
from rewardstack.fusion.node import Explanation, Operand, SingleInputOperator, register_operator

__all__ = ["Clip", "ClipConfig"]


@register_operator("clip")
class ClipConfig(OperatorConfig):
    kind: Literal["clip"] = "clip"
    input: Operand
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _bounds(self) -> ClipConfig:
        if self.min is None and self.max is None:
            raise ValueError("clip needs min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"clip min {self.min} > max {self.max}")
        return self

    def build(self) -> Clip:
        return Clip(self)

    def explain(self) -> Explanation:
        lo = "-inf" if self.min is None else f"{self.min:g}"
        hi = "inf" if self.max is None else f"{self.max:g}"
        return f"clip to [{lo}, {hi}]:", [(None, self.input)]


class Clip(SingleInputOperator):
    def __init__(self, config: ClipConfig):
        super().__init__(config.input)
        self.config = config

    def _clip(self, x: np.ndarray) -> np.ndarray:
        lo = -np.inf if self.config.min is None else self.config.min
        hi = np.inf if self.config.max is None else self.config.max
        return np.clip(x, lo, hi)

    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        child = self.input.fuse(board, index)
        total = self._clip(child.total)
        baseline = self._clip(child.base)
        out = FusionOutput(total=total, contributions=propagate([child], (total - baseline)[:, None]),
                           flags={}, baseline=baseline)
        out.merge_flags(child)
        out.flag("clipped", np.isfinite(child.total) & (total != child.total))
        return out
