"""A source as a tree leaf: its values after the source's non-ok policy.

Contribution of a leaf = its value; baseline 0. A ``veto`` policy marks the
sample on the board (the stack forces the floor after the tree has run).
"""

from __future__ import annotations

import numpy as np

from rewardstack.fusion.base import FusionOperator, FusionOutput, ScoreBoard
from rewardstack.fusion.policies import apply_policy

__all__ = ["SourceLeaf"]


class SourceLeaf(FusionOperator):
    def __init__(self, name: str):
        self.name = name

    def source_names(self) -> set[str]:
        return {self.name}

    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        raw, status = board.raw_values(self.name, index)
        values, flags, veto = apply_policy(self.name, raw, status, board.policies.get(self.name), board.samples, index)
        if veto.any():
            mask = board.veto.setdefault(self.name, np.zeros(len(board), dtype=bool))
            mask[index[veto]] = True
        contribution = np.where(np.isnan(values), 0.0, values)
        return FusionOutput(total=values, contributions={self.name: contribution}, flags=flags,
                            baseline=np.zeros(len(index)))
