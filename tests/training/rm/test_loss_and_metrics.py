"""The Bradley–Terry loss (values, margin, centring, gradients, shapes) and the validation metrics."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.training.rm.loss import bradley_terry_loss
from rewardstack.training.rm.metrics import pair_metrics, pairwise_accuracy


def _softplus(x: float) -> float:
    return math.log1p(math.exp(x))


@pytest.mark.parametrize(("chosen", "rejected", "margin", "center", "expected"), [
    ([1.0], [0.0], None, 0.0, _softplus(-1.0)),
    ([0.0], [1.0], None, 0.0, _softplus(1.0)),
    ([1.0], [0.0], [1.0], 0.0, math.log(2.0)),
    ([1.0, 3.0], [1.0, 1.0], None, 0.0, (math.log(2.0) + _softplus(-2.0)) / 2),
    ([1.0], [1.0], None, 0.25, math.log(2.0) + 0.25 * 4.0),
    ([200.0], [0.0], None, 0.0, 0.0),  # far apart: no overflow
    ([0.0], [200.0], None, 0.0, 200.0),
])
def test_loss_values(chosen: list[float], rejected: list[float], margin: list[float] | None, center: float,
                     expected: float) -> None:
    loss = bradley_terry_loss(torch.tensor(chosen), torch.tensor(rejected),
                              margin=None if margin is None else torch.tensor(margin), center_coefficient=center)
    assert float(loss) == pytest.approx(expected, abs=1e-5)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(-20, 20), st.floats(-20, 20)), min_size=1, max_size=16))
def test_gradients_push_chosen_up_and_rejected_down(pairs: list[tuple[float, float]]) -> None:
    chosen = torch.tensor([c for c, _ in pairs], requires_grad=True)
    rejected = torch.tensor([r for _, r in pairs], requires_grad=True)
    bradley_terry_loss(chosen, rejected).backward()
    assert chosen.grad is not None and rejected.grad is not None
    assert torch.all(chosen.grad <= 0) and torch.all(rejected.grad >= 0)
    assert torch.allclose(chosen.grad, -rejected.grad)


def test_shapes_are_checked() -> None:
    with pytest.raises(ValueError, match="1-D"):
        bradley_terry_loss(torch.zeros(2, 1), torch.zeros(2, 1))
    with pytest.raises(ValueError, match="margin"):
        bradley_terry_loss(torch.zeros(2), torch.zeros(2), margin=torch.zeros(3))


def test_metrics_count_ties_as_half_and_split_by_labeler() -> None:
    assert pairwise_accuracy(np.array([1.0, 1.0, 0.0, 2.0]), np.array([0.0, 1.0, 1.0, 1.0])) == 0.625
    metrics = pair_metrics(np.array([1.0, 2.0]), np.array([0.0, 3.0]), ["ann", None])
    assert metrics["accuracy"] == 0.5 and metrics["pairs"] == 2
    assert metrics["accuracy_by_labeler"] == {"ann": {"accuracy": 1.0, "pairs": 1}}
    assert metrics["loss"] == pytest.approx((_softplus(-1.0) + _softplus(1.0)) / 2)
    assert metrics["reward_mean"] == 1.5 and metrics["reward_std"] == pytest.approx(np.std([1, 2, 0, 3]))
    empty = pair_metrics(np.array([]), np.array([]), [])
    assert empty["pairs"] == 0 and empty["accuracy"] is None
