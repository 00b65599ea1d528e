"""KL estimators, entropy, masked statistics, clipped losses and KL controllers against hand values."""

from __future__ import annotations

import math

import pytest
import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rewardstack.training.rl import (
    AdaptiveKLController,
    FixedKLController,
    entropy_from_logits,
    kl_estimate,
    kl_k1,
    kl_k3,
    logprobs_from_logits,
    masked_mean,
    masked_var,
    masked_whiten,
    policy_loss,
    value_loss,
)


def test_k1_and_k3_per_token_hand_values() -> None:
    logp = torch.tensor([[-1.0, -2.0, -0.5]])
    ref = torch.tensor([[-1.5, -1.0, -0.5]])
    assert kl_k1(logp, ref).tolist() == [[0.5, -1.0, 0.0]]
    expected = [math.exp(-0.5) - 1 + 0.5, math.exp(1.0) - 1 - 1.0, 0.0]
    assert kl_k3(logp, ref)[0].tolist() == pytest.approx(expected, abs=1e-6)
    assert kl_estimate(logp, ref, "k3").tolist() == kl_k3(logp, ref).tolist()
    with pytest.raises(ValueError, match="unknown KL estimator"):
        kl_estimate(logp, ref, "k9")  # type: ignore[arg-type]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-20, 0), min_size=2, max_size=2))
@example([-5.802632383036606e-21, 0.0])  # exp(d) - 1 rounded to 0 and left -d < 0 (found by CI-like run)
def test_k3_is_never_negative(pair: list[float]) -> None:
    assert kl_k3(torch.tensor([pair[0]]), torch.tensor([pair[1]])).item() >= 0.0


def test_kl_estimators_are_unbiased_on_samples() -> None:
    # pi = (0.7, 0.3), pi_ref = (0.4, 0.6): both estimators average to KL(pi || pi_ref) under pi
    p, q = torch.tensor([0.7, 0.3]), torch.tensor([0.4, 0.6])
    exact = float((p * (p / q).log()).sum())
    logp, ref = p.log(), q.log()
    for estimate in (kl_k1(logp, ref), kl_k3(logp, ref)):
        assert float((p * estimate).sum()) == pytest.approx(exact, abs=1e-6)


def test_shape_mismatch_is_refused() -> None:
    with pytest.raises(ValueError, match=r"logprobs \(1, 2\), ref_logprobs \(2, 1\)"):
        kl_k1(torch.zeros(1, 2), torch.zeros(2, 1))


def test_logprobs_and_entropy_from_logits() -> None:
    logits = torch.tensor([[[0.0, math.log(3.0)], [0.0, 0.0]]])  # probs (.25, .75) then (.5, .5)
    assert logprobs_from_logits(logits, torch.tensor([[1, 0]])).exp()[0].tolist() == pytest.approx([0.75, 0.5])
    h = -(0.25 * math.log(0.25) + 0.75 * math.log(0.75))
    assert entropy_from_logits(logits)[0].tolist() == pytest.approx([h, math.log(2)], abs=1e-6)
    mask = torch.tensor([[1.0, 0.0]])
    assert masked_mean(entropy_from_logits(logits), mask).item() == pytest.approx(h, abs=1e-6)


def test_masked_statistics_ignore_padding_even_nan() -> None:
    x = torch.tensor([[1.0, 2.0, float("nan")], [3.0, float("inf"), 0.0]])
    m = torch.tensor([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    assert masked_mean(x, m).item() == 2.0
    assert masked_var(x, m).item() == pytest.approx(2 / 3)
    assert masked_mean(x, m, dim=1).tolist() == [1.5, 3.0]
    white = masked_whiten(x, m)
    assert white[m.bool()].mean().item() == pytest.approx(0.0, abs=1e-6)
    assert white[~m.bool()].tolist() == [0.0, 0.0, 0.0]
    assert masked_whiten(x, m, shift_mean=False)[0, 0].item() == pytest.approx(1 / (2 / 3) ** 0.5, abs=1e-5)
    with pytest.raises(ValueError, match="selects no element"):
        masked_mean(x, torch.zeros_like(m))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-100, 100), min_size=3, max_size=12).filter(lambda v: max(v) - min(v) > 1e-2))
def test_whitened_values_have_zero_mean_unit_variance(values: list[float]) -> None:
    x = torch.tensor([values + [1e6]], dtype=torch.float64)
    m = torch.tensor([[1.0] * len(values) + [0.0]], dtype=torch.float64)
    white = masked_whiten(x, m, eps=0.0)
    assert masked_mean(white, m).item() == pytest.approx(0.0, abs=1e-9)
    assert masked_var(white, m).item() == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize(("ratio", "advantage", "loss", "clipped"), [
    (1.5, 1.0, -1.2, 1.0),    # positive advantage, ratio above 1 + eps: capped at 1.2
    (0.5, 1.0, -0.5, 0.0),    # positive advantage, ratio below: the unclipped (pessimistic) branch
    (0.5, -1.0, 0.8, 1.0),    # negative advantage, ratio below 1 - eps: floored at 0.8
    (1.5, -1.0, 1.5, 0.0),    # negative advantage, ratio above: unclipped
    (1.1, 2.0, -2.2, 0.0),    # inside the trust region
])
def test_policy_loss_cases(ratio: float, advantage: float, loss: float, clipped: float) -> None:
    out = policy_loss(torch.tensor([[math.log(ratio)]]), torch.zeros(1, 1), torch.tensor([[advantage]]),
                      torch.ones(1, 1), clip=0.2)
    assert out.loss.item() == pytest.approx(loss, abs=1e-6)
    assert out.clip_fraction.item() == clipped
    assert out.approx_kl.item() == pytest.approx(0.5 * math.log(ratio) ** 2, abs=1e-6)


def test_policy_loss_is_masked_and_differentiable() -> None:
    logp = torch.tensor([[0.0, 5.0]], requires_grad=True)
    out = policy_loss(logp, torch.zeros(1, 2), torch.tensor([[1.0, 100.0]]), torch.tensor([[1.0, 0.0]]), clip=0.2)
    out.loss.backward()
    assert out.loss.item() == -1.0
    assert logp.grad is not None and logp.grad.tolist() == [[-1.0, 0.0]]


@pytest.mark.parametrize(("value", "old", "ret", "clip", "loss", "fraction"), [
    (1.0, 0.0, 2.0, 0.2, 0.5 * 1.8**2, 1.0),   # clipped value 0.2 is further from the return: its error counts
    (1.0, 0.0, 2.0, None, 0.5, 0.0),
    (0.1, 0.0, 2.0, 0.2, 0.5 * 1.9**2, 0.0),   # inside the clip range
    (-1.0, 0.0, -2.0, 0.5, 0.5 * 1.5**2, 1.0),
])
def test_value_loss_cases(value: float, old: float, ret: float, clip: float | None, loss: float,
                          fraction: float) -> None:
    out = value_loss(torch.tensor([[value, 9.0]]), torch.tensor([[old, 0.0]]), torch.tensor([[ret, 0.0]]),
                     torch.tensor([[1.0, 0.0]]), clip=clip)
    assert out.loss.item() == pytest.approx(loss, abs=1e-6)
    assert out.clip_fraction.item() == fraction


def test_fixed_controller_never_moves_and_restores() -> None:
    c = FixedKLController(0.05)
    c.update(current=100.0, n_steps=64)
    assert c.value == 0.05
    with pytest.raises(ValueError):
        FixedKLController(-1.0)


@pytest.mark.parametrize(("current", "expected"), [
    (12.0, 0.1 * (1 + 0.2 * 0.1)),    # error clipped at +0.2
    (6.6, 0.1 * (1 + 0.1 * 0.1)),     # error 0.1
    (6.0, 0.1),                       # on target
    (0.0, 0.1 * (1 - 0.2 * 0.1)),     # error clipped at -0.2
])
def test_adaptive_controller_ziegler_update(current: float, expected: float) -> None:
    c = AdaptiveKLController(init=0.1, target=6.0, horizon=1000)
    c.update(current=current, n_steps=100)
    assert c.value == pytest.approx(expected)
    restored = AdaptiveKLController(init=0.5, target=6.0, horizon=1000)
    restored.load_state_dict(c.state_dict())
    assert restored.value == c.value
