"""Reward placement, GAE, GRPO and RLOO against hand-computed values, plus their invariants."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.training.rl import (
    check_response_mask,
    gae,
    grpo_advantages,
    last_token_index,
    place_sequence_reward,
    rloo_advantages,
)


@pytest.mark.parametrize(("mask", "expected"), [
    ([[1, 1, 1]], [[0.0, 0.0, 3.0]]),
    ([[1, 0, 0]], [[3.0, 0.0, 0.0]]),
    ([[1, 1, 0]], [[0.0, 3.0, 0.0]]),
])
def test_reward_sits_on_the_last_real_token_never_a_pad(mask: list[list[int]], expected: list[list[float]]) -> None:
    m = torch.tensor(mask, dtype=torch.float32)
    placed = place_sequence_reward(torch.tensor([3.0]), m)
    assert placed.tolist() == expected
    assert (placed * (1 - m)).abs().sum().item() == 0.0  # nothing on padding


def test_reward_placement_per_row_with_different_lengths() -> None:
    m = torch.tensor([[1.0, 1.0, 1.0, 0.0], [1.0, 0.0, 0.0, 0.0]])
    assert place_sequence_reward(torch.tensor([1.0, -2.0]), m).tolist() == [[0, 0, 1, 0], [-2, 0, 0, 0]]
    assert last_token_index(m).tolist() == [2, 0]


@pytest.mark.parametrize(("mask", "message"), [
    ([[1.0, 0.0, 1.0]], "right-padded"),
    ([[0.0, 0.0]], "no real token"),
    ([[1.0, 0.5]], "only 0 and 1"),
    ([1.0, 1.0], r"\(B, T\)"),
])
def test_bad_masks_are_refused(mask: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_response_mask(torch.tensor(mask))


def test_scores_shape_is_checked() -> None:
    with pytest.raises(ValueError, match="must be"):
        place_sequence_reward(torch.tensor([1.0, 2.0]), torch.ones(1, 3))


def test_gae_matches_hand_computation() -> None:
    rewards = torch.tensor([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    values = torch.tensor([[0.5, 0.2, 0.4], [0.5, 0.2, 7.0]])  # 7.0 sits on padding: it must not count
    mask = torch.tensor([[1.0, 1.0, 1.0], [1.0, 1.0, 0.0]])
    advantages, returns = gae(rewards, values, mask, gamma=0.9, lam=0.8)
    # row 0: d2 = 1 - .4 = .6; d1 = .9*.4 - .2 = .16, A1 = .16 + .72*.6 = .592; d0 = .9*.2 - .5, A0 = -.32 + .72*.592
    # row 1: A1 = 1 - .2 = .8 (no value after the last token); A0 = -.32 + .72*.8 = .256
    expected_adv = torch.tensor([[0.10624, 0.592, 0.6], [0.256, 0.8, 0.0]])
    expected_ret = torch.tensor([[0.60624, 0.792, 1.0], [0.756, 1.0, 0.0]])
    torch.testing.assert_close(advantages, expected_adv, atol=1e-6, rtol=0)
    torch.testing.assert_close(returns, expected_ret, atol=1e-6, rtol=0)


def test_gae_lambda_one_gamma_one_zero_values_is_reward_to_go() -> None:
    rewards = torch.tensor([[1.0, -2.0, 3.0, 0.0]])
    mask = torch.tensor([[1.0, 1.0, 1.0, 0.0]])
    advantages, _ = gae(rewards, torch.zeros_like(rewards), mask, gamma=1.0, lam=1.0)
    assert advantages.tolist() == [[2.0, 1.0, 3.0, 0.0]]


def test_gae_lambda_zero_is_one_step_td() -> None:
    rewards = torch.tensor([[0.5, 1.0]])
    values = torch.tensor([[2.0, 3.0]])
    advantages, _ = gae(rewards, values, torch.ones(1, 2), gamma=0.5, lam=0.0)
    assert advantages.tolist() == [[0.5 + 0.5 * 3.0 - 2.0, 1.0 - 3.0]]


def test_gae_checks_shapes() -> None:
    with pytest.raises(ValueError, match="shape mismatch"):
        gae(torch.zeros(1, 3), torch.zeros(1, 2), torch.ones(1, 3), gamma=1.0, lam=1.0)


def test_grpo_hand_values() -> None:
    rewards = torch.tensor([1.0, 0.0, 0.0, 3.0, 1.0, 2.0])
    groups = torch.tensor([0, 0, 0, 1, 1, 1])
    adv = grpo_advantages(rewards, groups, eps=0.0)
    # group 0: mean 1/3, sample std sqrt(1/3); group 1: mean 2, std 1
    s = (1 / 3) ** 0.5
    assert adv.tolist() == pytest.approx([(2 / 3) / s, (-1 / 3) / s, (-1 / 3) / s, 1.0, -1.0, 0.0], abs=1e-6)
    assert grpo_advantages(rewards, groups, scale=False).tolist() == pytest.approx(
        [2 / 3, -1 / 3, -1 / 3, 1.0, -1.0, 0.0], abs=1e-6)


def test_grpo_leaves_invalid_members_out() -> None:
    rewards = torch.tensor([1.0, float("nan"), 0.0, 4.0, float("nan")])
    valid = torch.isfinite(rewards)
    adv = grpo_advantages(rewards, torch.tensor([0, 0, 0, 1, 1]), valid, eps=0.0)
    # group 0 counts only 1.0 and 0.0 (mean .5, std sqrt(.5)); group 1 has one valid member: no baseline
    assert adv.tolist() == pytest.approx([0.5 / 0.5**0.5, 0.0, -0.5 / 0.5**0.5, 0.0, 0.0])


def test_rloo_hand_values() -> None:
    rewards = torch.tensor([1.0, 2.0, 6.0, 5.0, 5.0])
    groups = torch.tensor([3, 3, 3, 9, 9])
    # 1 - (2+6)/2 = -3; 2 - 7/2 = -1.5; 6 - 3/2 = 4.5; group 9: 0, 0
    assert rloo_advantages(rewards, groups).tolist() == [-3.0, -1.5, 4.5, 0.0, 0.0]


def test_rloo_invalid_members_are_left_out() -> None:
    rewards = torch.tensor([1.0, float("nan"), 3.0])
    assert rloo_advantages(rewards, torch.zeros(3, dtype=torch.long), torch.isfinite(rewards)).tolist() == [
        -2.0, 0.0, 2.0]


groups_and_rewards = st.integers(min_value=2, max_value=5).flatmap(
    lambda k: st.tuples(st.just(k), st.lists(st.floats(-10, 10), min_size=2 * k, max_size=2 * k)))


@settings(max_examples=50, deadline=None)
@given(groups_and_rewards)
def test_baselines_sum_to_zero_within_each_group(case: tuple[int, list[float]]) -> None:
    k, values = case
    rewards = torch.tensor(values, dtype=torch.float64)
    groups = torch.arange(2).repeat_interleave(k)
    for advantages in (rloo_advantages(rewards, groups), grpo_advantages(rewards, groups, scale=False)):
        sums = torch.zeros(2, dtype=torch.float64).index_add(0, groups, advantages)
        assert sums.abs().max().item() < 1e-9


def _gae_by_definition(rewards: list[float], values: list[float], length: int, gamma: float,
                       lam: float) -> list[float]:
    """A_t = sum_l (gamma lam)^l delta_{t+l} over the real tokens, V = 0 past the last one."""
    def value(t: int) -> float:
        return values[t] if t < length else 0.0

    deltas = [rewards[t] + gamma * value(t + 1) - values[t] for t in range(length)]
    return [sum((gamma * lam) ** (k - t) * deltas[k] for k in range(t, length)) for t in range(length)]


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: st.tuples(
    st.lists(st.floats(-5, 5), min_size=n, max_size=n), st.lists(st.floats(-5, 5), min_size=n, max_size=n),
    st.integers(1, n), st.floats(0, 1), st.floats(0, 1))))
def test_gae_equals_its_definition(case: tuple[list[float], list[float], int, float, float]) -> None:
    rewards, values, length, gamma, lam = case
    n = len(rewards)
    mask = torch.tensor([[1.0] * length + [0.0] * (n - length)], dtype=torch.float64)
    advantages, returns = gae(torch.tensor([rewards], dtype=torch.float64), torch.tensor([values], dtype=torch.float64),
                              mask, gamma=gamma, lam=lam)
    expected = _gae_by_definition(rewards, values, length, gamma, lam)
    assert advantages[0, :length].tolist() == pytest.approx(expected, abs=1e-9)
    assert advantages[0, length:].abs().sum() == 0 and returns[0, length:].abs().sum() == 0
    assert returns[0, :length].tolist() == pytest.approx([a + v for a, v in zip(expected, values, strict=False)],
                                                         abs=1e-9)
