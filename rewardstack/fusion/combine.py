"""Operators that are a row-wise function of their operands' values.

Subclasses implement :meth:`CombineOperator.combine` on an ``(n, m)`` matrix
(NaN = excluded operand) and get evaluation of the operands, flag merging and
attribution (baseline Shapley, see :mod:`rewardstack.fusion.attribution`) for
free; linear ones override :meth:`CombineOperator.attribute` with the exact terms.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence

import numpy as np

from rewardstack.fusion.attribution import propagate, shapley
from rewardstack.fusion.base import FusionOperator, FusionOutput, ScoreBoard

__all__ = ["CombineOperator", "evaluate_all", "stack_totals"]


def evaluate_all(operands: Sequence[FusionOperator], board: ScoreBoard, index: np.ndarray) -> list[FusionOutput]:
    return [op.fuse(board, index) for op in operands]


def stack_totals(outputs: Sequence[FusionOutput], n: int) -> np.ndarray:
    if not outputs:
        return np.empty((n, 0))
    return np.stack([o.total for o in outputs], axis=1)


class CombineOperator(FusionOperator):
    """A node whose total is ``combine(operand values)`` row by row."""

    kind = "combine"

    def __init__(self, operands: Sequence[FusionOperator]):
        self.operands = list(operands)

    def children(self) -> list[FusionOperator]:
        return list(self.operands)

    def source_names(self) -> set[str]:
        return set().union(*(op.source_names() for op in self.operands)) if self.operands else set()

    def eager_sources(self) -> set[str]:
        return set().union(*(op.eager_sources() for op in self.operands)) if self.operands else set()

    @abstractmethod
    def combine(self, values: np.ndarray) -> np.ndarray:
        """Row-wise fused value of ``values`` (n, m); NaN entries are excluded operands."""

    def references(self, children: Sequence[FusionOutput]) -> np.ndarray:
        """Each operand's value when "absent" (default: the operand's own baseline)."""
        return np.stack([c.base for c in children], axis=1) if children else np.empty((0, 0))

    def attribute(self, values: np.ndarray, children: Sequence[FusionOutput]) -> tuple[np.ndarray, np.ndarray]:
        """(phi (n, m), baseline (n,)): the operand shares of ``total - baseline``."""
        return shapley(self.combine, values, self.references(children))

    def extra_flags(self, values: np.ndarray, total: np.ndarray, out: FusionOutput) -> None:
        """Hook for operator-specific flags."""

    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        children = evaluate_all(self.operands, board, index)
        values = stack_totals(children, len(index))
        total = self.combine(values)
        phi, baseline = self.attribute(values, children)
        contributions = propagate(children, phi)
        out = FusionOutput(total=total, contributions=contributions, flags={}, baseline=baseline)
        for child in children:
            out.merge_flags(child)
        missing = ~np.isfinite(total)
        out.flag("no_ok_sources", missing)
        self.extra_flags(values, total, out)
        return out
