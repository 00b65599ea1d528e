"""SFT/DPO/IPO objectives against hand-computed values."""

from __future__ import annotations

import math

import pytest
import torch

from rewardstack.training.lm.losses import dpo_loss, ipo_loss, masked_nll


def test_masked_nll_is_a_token_mean_over_the_mask() -> None:
    logp = torch.tensor([[-1.0, -2.0, -4.0], [-3.0, -5.0, -7.0]])
    mask = torch.tensor([[0, 1, 1], [1, 0, 0]])
    assert masked_nll(logp, mask).item() == pytest.approx((2 + 4 + 3) / 3)


def test_masked_nll_refuses_an_empty_mask_and_bad_shapes() -> None:
    with pytest.raises(ValueError, match="no response tokens"):
        masked_nll(torch.zeros(1, 2), torch.zeros(1, 2))
    with pytest.raises(ValueError, match="differ"):
        masked_nll(torch.zeros(1, 2), torch.zeros(2, 1))


def test_dpo_hand_values() -> None:
    # pair 0: h = (-1 - -2) - (-3 - -2) = 1 - (-1) = 2; pair 1: h = (-2 - -1) - (-2 - -2) = -1
    pc, pr = torch.tensor([-1.0, -2.0]), torch.tensor([-3.0, -2.0])
    rc, rr = torch.tensor([-2.0, -1.0]), torch.tensor([-2.0, -2.0])
    beta = 0.5
    loss, metrics = dpo_loss(pc, pr, rc, rr, beta=beta)
    expected = (math.log1p(math.exp(-beta * 2)) + math.log1p(math.exp(beta * 1))) / 2
    assert loss.item() == pytest.approx(expected)
    assert metrics["rewards/accuracy"] == 0.5
    assert metrics["rewards/chosen"] == pytest.approx(beta * (1 + -1) / 2)
    assert metrics["rewards/rejected"] == pytest.approx(beta * (-1 + 0) / 2)
    assert metrics["rewards/margin"] == pytest.approx(beta * (2 - 1) / 2)


def test_dpo_label_smoothing_hand_value() -> None:
    h, beta, eps = 2.0, 1.0, 0.1
    loss, _ = dpo_loss(torch.tensor([h]), torch.tensor([0.0]), torch.tensor([0.0]), torch.tensor([0.0]),
                       beta=beta, label_smoothing=eps)
    expected = (1 - eps) * math.log1p(math.exp(-h)) + eps * math.log1p(math.exp(h))
    assert loss.item() == pytest.approx(expected)


def test_dpo_gradient_raises_chosen_and_lowers_rejected() -> None:
    pc = torch.tensor([-1.0], requires_grad=True)
    pr = torch.tensor([-1.0], requires_grad=True)
    loss, _ = dpo_loss(pc, pr, torch.tensor([-1.0]), torch.tensor([-1.0]), beta=0.1)
    loss.backward()
    assert pc.grad is not None and pr.grad is not None
    assert pc.grad.item() < 0 < pr.grad.item()  # descent raises log p(chosen), lowers log p(rejected)
    assert pc.grad.item() == pytest.approx(-0.05)  # -beta * sigmoid(0)


def test_ipo_hand_value_and_shape_checks() -> None:
    loss, _ = ipo_loss(torch.tensor([0.0]), torch.tensor([-1.0]), torch.tensor([0.0]), torch.tensor([0.0]), beta=0.25)
    assert loss.item() == pytest.approx((1 - 2) ** 2)  # h = 1, target 1/(2*0.25) = 2
    with pytest.raises(ValueError, match=r"\(B,\)"):
        dpo_loss(torch.zeros(2), torch.zeros(3), torch.zeros(2), torch.zeros(2), beta=0.1)
