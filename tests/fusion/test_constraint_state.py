"""The Lagrangian drives a toy constrained problem to feasibility; state survives checkpoints."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from rewardstack.fusion.constraint import ConstraintConfig
from rewardstack.fusion.node import validate_node
from tests.fusion.helpers import fuse


def _mean_total(op: Any, theta: float, n: int = 8) -> float:
    # reward r = 2 theta - theta^2 (wants theta = 1), cost c = theta (budget 0.3)
    return float(fuse(op, {"r": [2 * theta - theta**2] * n, "c": [theta] * n}).total.mean())


@pytest.mark.parametrize("pid", [None, {"kp": 0.5, "ki": 0.2, "kd": 0.0}])
def test_dual_ascent_reaches_the_budget(pid: dict[str, float] | None) -> None:
    op = ConstraintConfig(reward="r", costs=[{"input": "c", "budget": 0.3}], lr=0.2, normalize=False, pid=pid).build()
    theta, step, h = 1.0, 0.1, 1e-4
    costs = []
    for _ in range(400):
        op.set_updates(False)
        grad = (_mean_total(op, theta + h) - _mean_total(op, theta - h)) / (2 * h)
        op.set_updates(True)
        _mean_total(op, theta)  # the training batch: updates the multiplier from its mean cost
        costs.append(theta)
        theta = float(np.clip(theta + step * grad, 0.0, 1.0))
    assert np.mean(costs[-50:]) == pytest.approx(0.3, abs=0.03)
    assert op.multipliers[0] == pytest.approx(1.4, abs=0.2)  # d/dtheta (2t - t^2) at 0.3


def test_unconstrained_reward_would_violate() -> None:
    op = ConstraintConfig(reward="r", costs=[{"input": "c", "budget": 0.3}], lr=1e-9, lambda_max=1e-9).build()
    assert _mean_total(op, 1.0) > _mean_total(op, 0.3)  # without multipliers the cost budget is ignored


TREE = {
    "kind": "constraint",
    "reward": {"kind": "normalize", "input": "r"},
    "costs": [{"input": "c", "budget": 0.2, "name": "length"}],
    "lr": 0.5,
}


def test_state_dict_round_trip_is_json_and_reproduces_totals() -> None:
    tree = validate_node(TREE).build()
    rng = np.random.default_rng(0)
    for _ in range(5):
        fuse(tree, {"r": list(rng.normal(size=6)), "c": list(rng.uniform(size=6))})
    state = json.loads(json.dumps(tree.state_dict()))
    assert state["state"]["multipliers"]["length"] > 0
    clone = validate_node(TREE).build()
    clone.load_state_dict(state)
    for op in (tree, clone):
        op.set_updates(False)
    batch = {"r": [0.1, 0.5, -1.0], "c": [0.0, 0.4, 0.9]}
    np.testing.assert_allclose(fuse(tree, batch).total, fuse(clone, batch).total)
    assert clone.metrics()["lambda/length"] == tree.metrics()["lambda/length"]


def test_load_state_from_another_tree_fails_clearly() -> None:
    tree = validate_node(TREE).build()
    with pytest.raises(ValueError, match="children"):
        tree.load_state_dict({"state": {}, "children": []})


def test_stack_state_dict_and_metrics() -> None:
    from rewardstack import RewardStack
    from rewardstack.rewards.shaping import LengthSource
    from tests.support.samples import make_sample

    sources = {"r": LengthSource(unit="chars", target=5), "c": LengthSource(unit="chars")}
    fusion = {"kind": "constraint", "reward": "r", "costs": [{"input": "c", "budget": 3.0}], "lr": 0.1}
    with RewardStack(sources, fusion, cache=None).train() as stack:
        stack.score([make_sample(1, "hello"), make_sample(2, "hello world")])
        state = json.loads(json.dumps(stack.state_dict()))
        metrics = stack.metrics()
    assert metrics["fusion/lambda/c"] == pytest.approx(0.1 * (8.0 - 3.0))
    with RewardStack(sources, fusion, cache=None) as fresh:
        fresh.load_state_dict(state)
        assert fresh.metrics()["fusion/lambda/c"] == pytest.approx(0.5)
