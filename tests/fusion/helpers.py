"""Build ScoreBoards from small tables: a float is an ok value, a status name a non-ok Score."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from rewardstack.core.sample import Sample
from rewardstack.core.score import Score
from rewardstack.fusion.base import FusionOperator, FusionOutput, OperatorConfig, ScoreBoard
from rewardstack.fusion.node import validate_node
from rewardstack.fusion.policies import parse_policies
from rewardstack.fusion.run import run_tree

Cell = float | str | None


def to_score(cell: Cell) -> Score:
    if cell is None or cell == "abstain":
        return Score.abstain("n/a")
    if cell == "error":
        return Score.error("broke")
    if cell == "timeout":
        return Score.timeout("slow")
    return Score.ok(float(cell))


def samples(n: int, groups: Sequence[Any] | None = None) -> list[Sample]:
    return [
        Sample(id=f"s{i}", prompt="p", response="r", metadata={} if groups is None else {"group": groups[i]})
        for i in range(n)
    ]


class Counting:
    """A fetch function over a table that counts how many samples each source was asked about."""

    def __init__(self, table: Mapping[str, Sequence[Cell]], batch: list[Sample]):
        self.table = table
        self.pos = {s.id: i for i, s in enumerate(batch)}
        self.calls: dict[str, int] = {}

    def __call__(self, name: str, batch: Sequence[Sample]) -> list[Score]:
        self.calls[name] = self.calls.get(name, 0) + len(batch)
        return [to_score(self.table[name][self.pos[s.id]]) for s in batch]


def board(table: Mapping[str, Sequence[Cell]], *, groups: Sequence[Any] | None = None,
          policies: Mapping[str, Any] | None = None) -> tuple[ScoreBoard, Counting]:
    n = len(next(iter(table.values())))
    batch = samples(n, groups)
    fetch = Counting(table, batch)
    return ScoreBoard(batch, fetch, policies=parse_policies(policies)), fetch


def fuse(node: Mapping[str, Any] | OperatorConfig | FusionOperator, table: Mapping[str, Sequence[Cell]],
         **kw: Any) -> FusionOutput:
    if isinstance(node, FusionOperator):
        op = node
    else:
        op = validate_node(dict(node) if isinstance(node, Mapping) else node).build()
    b, _ = board(table, **kw)
    return run_tree(op, b)


def assert_attribution(out: FusionOutput, atol: float = 1e-9) -> None:
    """Contributions sum to total - baseline wherever total is finite."""
    ok = np.isfinite(out.total)
    summed = np.zeros(len(out))
    for c in out.contributions.values():
        summed = summed + np.nan_to_num(c)
    np.testing.assert_allclose(summed[ok], (out.total - out.base)[ok], atol=atol, rtol=1e-7)
