"""Running a whole tree on a board: the tree, then the stack-wide ``veto`` policies.

A source whose policy is ``on_error: veto`` (or ``on_abstain: veto``) and whose
Score was not ok on a sample forces that sample's total to the policy's
``value`` (the lowest floor when several veto) and flags ``vetoed:<source>``;
the contribution ``floor - baseline`` goes to the vetoing source (attribution
stays exact).

>>> import numpy as np
>>> from rewardstack.core.sample import Sample
>>> from rewardstack.fusion.base import ScoreBoard
>>> from rewardstack.fusion.weighted_sum import WeightedSumConfig
>>> board = ScoreBoard([Sample(id="a", prompt="p", response="r")])
>>> board.put_arrays("x", np.array([0.5]))
>>> run_tree(WeightedSumConfig(weights={"x": 2.0}).build(), board).total.tolist()
[1.0]
"""

from __future__ import annotations

import numpy as np

from rewardstack.fusion.base import FusionOperator, FusionOutput, ScoreBoard

__all__ = ["apply_policy_vetoes", "run_tree"]


def apply_policy_vetoes(board: ScoreBoard, output: FusionOutput, index: np.ndarray) -> FusionOutput:
    """Force the floor where a ``veto`` policy fired (mutates and returns ``output``)."""
    n = len(output)
    floors = np.full(n, np.inf)
    owner: dict[str, np.ndarray] = {}
    for name, mask_full in board.veto.items():
        mask = mask_full[index]
        floor = board.policies[name].value
        lower = mask & (floor < floors)
        floors[lower] = floor
        for other in owner.values():
            other[lower] = False
        owner[name] = lower
        output.flag(f"vetoed:{name}", mask)
    vetoed = np.isfinite(floors)
    if not vetoed.any():
        return output
    for c in output.contributions.values():
        c[vetoed] = 0.0
    output.total[vetoed] = floors[vetoed]
    for name, mask in owner.items():
        output.contributions.setdefault(name, np.zeros(n))[mask] = floors[mask] - output.base[mask]
    return output


def run_tree(tree: FusionOperator, board: ScoreBoard, index: np.ndarray | None = None) -> FusionOutput:
    """Fuse ``index`` (default: the whole board) and apply the veto policies."""
    index = np.arange(len(board)) if index is None else index
    return apply_policy_vetoes(board, tree.fuse(board, index), index)
