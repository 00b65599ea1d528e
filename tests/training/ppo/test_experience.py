"""Wiring of rewards and advantages: last-token reward, KL placement, missing totals, group baselines."""

from __future__ import annotations

from typing import Any

import pytest
import torch

from rewardstack.training.ppo.config import PPOConfig
from rewardstack.training.ppo.experience import SequenceRewards, build_experience, sequence_rewards

MASK = torch.tensor([[1.0, 1.0, 1.0], [1.0, 0.0, 0.0]])


def _config(**fields: Any) -> PPOConfig:
    return PPOConfig.model_validate({"stack": "s.yaml", "prompts": "p", "output_dir": "o", **fields})


def _build(config: PPOConfig, rewards: list[float], *, valid: list[bool] | None = None, beta: float = 0.0,
           logprobs: torch.Tensor | None = None) -> Any:
    old = logprobs if logprobs is not None else torch.zeros(2, 3)
    return build_experience(
        prompt_ids=torch.zeros(2, 1, dtype=torch.long), prompt_mask=torch.ones(2, 1, dtype=torch.long),
        response_ids=torch.zeros(2, 3, dtype=torch.long), response_mask=MASK, old_logprobs=old,
        ref_logprobs=torch.zeros(2, 3), old_values=torch.zeros(2, 3),
        scores=SequenceRewards(torch.tensor(rewards), torch.tensor(valid or [True, True])),
        groups=torch.tensor([0, 0]), beta=beta, config=config)


def test_ppo_reward_reaches_every_real_token_and_no_pad() -> None:
    cfg = _config(algorithm={"kind": "ppo", "gamma": 1.0, "lam": 1.0, "whiten_advantages": False})
    exp = _build(cfg, [2.0, -1.0])
    # V = 0, gamma = lam = 1: every real token's return is the sequence reward; padding stays 0
    assert exp.returns.tolist() == [[2.0, 2.0, 2.0], [-1.0, 0.0, 0.0]]
    assert exp.advantages.tolist() == exp.returns.tolist()


def test_kl_in_the_reward_is_subtracted_per_token() -> None:
    cfg = _config(algorithm={"kind": "ppo", "gamma": 1.0, "lam": 1.0, "whiten_advantages": False})
    logprobs = torch.tensor([[0.5, 0.0, 0.0], [1.0, 9.0, 9.0]])  # k1 = logp - ref; 9.0 sits on padding
    exp = _build(cfg, [0.0, 0.0], beta=0.1, logprobs=logprobs)
    assert exp.kl.tolist() == [[0.5, 0.0, 0.0], [1.0, 0.0, 0.0]]
    torch.testing.assert_close(exp.returns, torch.tensor([[-0.05, 0.0, 0.0], [-0.1, 0.0, 0.0]]))
    in_loss = _build(_config(algorithm=cfg.algorithm.model_dump(), kl={"placement": "loss"}), [0.0, 0.0], beta=0.1,
                     logprobs=logprobs)
    assert in_loss.returns.abs().sum() == 0  # KL in the loss: the rewards carry none of it


def test_samples_without_a_reward_leave_the_update() -> None:
    exp = _build(_config(), [1.0, 0.0], valid=[True, False])
    assert exp.loss_mask.tolist() == [[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]]
    assert exp.advantages[1].abs().sum() == 0


@pytest.mark.parametrize(("kind", "expected"), [("grpo", 0.7071), ("rloo", 2.0)])
def test_group_baselines_put_one_advantage_on_every_real_token(kind: str, expected: float) -> None:
    cfg = _config(algorithm={"kind": kind, "group_size": 2})
    exp = _build(cfg, [3.0, 1.0])
    assert exp.returns is None
    assert exp.advantages[0].tolist() == pytest.approx([expected] * 3, abs=1e-4)
    assert exp.advantages[1].tolist() == pytest.approx([-expected, 0.0, 0.0], abs=1e-4)


@pytest.mark.parametrize(("missing", "penalty", "rewards", "valid"), [
    (None, None, [1.0, 0.0, 0.5], [True, False, True]),
    (-1.0, None, [1.0, -1.0, 0.5], [True, True, True]),
    (None, 0.25, [0.75, 0.0, 0.5], [True, False, True]),
])
def test_sequence_rewards(missing: float | None, penalty: float | None, rewards: list[float],
                          valid: list[bool]) -> None:
    cfg = _config(missing_reward=missing, rollout={"missing_eos_penalty": penalty})
    out = sequence_rewards(torch.tensor([1.0, float("nan"), 0.5]), torch.tensor([True, False, False]), cfg)
    assert out.rewards.tolist() == rewards and out.valid.tolist() == valid
