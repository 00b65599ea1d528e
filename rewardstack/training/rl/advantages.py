"""Rewards per token, GAE, and the critic-free baselines (GRPO, RLOO), as pure tensor functions.

Shapes: ``B`` sequences, ``T`` response tokens. A response mask is right-padded
(``1 ... 1 0 ... 0``: the tokens the policy produced, EOS included, then padding).

PPO-RLHF (Ziegler et al. 2019; Ouyang et al. 2022): the sequence-level reward is
placed on the *last real token*, the KL penalty on every token::

    r_t = -beta * kl_t + [t = last(m)] * R

GAE (Schulman et al. 2016), with V_T = 0 past the last real token::

    delta_t = r_t + gamma * V_{t+1} * m_{t+1} - V_t
    A_t     = delta_t + gamma * lambda * m_{t+1} * A_{t+1}
    return_t = A_t + V_t

>>> import torch
>>> mask = torch.tensor([[1.0, 1.0, 0.0]])
>>> place_sequence_reward(torch.tensor([2.0]), mask).tolist()
[[0.0, 2.0, 0.0]]
>>> adv, ret = gae(torch.tensor([[0.0, 1.0, 0.0]]), torch.tensor([[0.5, 0.5, 9.0]]), mask, gamma=1.0, lam=1.0)
>>> adv.tolist(), ret.tolist()
([[0.5, 0.5, 0.0]], [[1.0, 1.0, 0.0]])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rewardstack.training.rl.masked import check_same_shape

if TYPE_CHECKING:
    import torch

__all__ = ["check_response_mask", "gae", "grpo_advantages", "last_token_index", "place_sequence_reward",
           "rloo_advantages"]


def check_response_mask(mask: torch.Tensor) -> None:
    """ValueError unless ``mask`` is ``(B, T)`` of 0/1, right-padded, with at least one real token per row."""
    if mask.ndim != 2:
        raise ValueError(f"a response mask is (B, T), got shape {tuple(mask.shape)}")
    if not bool(((mask == 0) | (mask == 1)).all()):
        raise ValueError("a response mask holds only 0 and 1")
    if mask.shape[1] and bool((mask[:, 1:] > mask[:, :-1]).any()):
        raise ValueError("a response mask is right-padded (1 ... 1 0 ... 0); a real token after padding was found")
    if bool((mask.sum(dim=1) == 0).any()):
        rows = (mask.sum(dim=1) == 0).nonzero().flatten().tolist()
        raise ValueError(f"rows {rows} have no real token: there is nowhere to put their reward")


def last_token_index(mask: torch.Tensor) -> torch.Tensor:
    """Index of the last real token of each row, ``(B,)`` (never a pad: see :func:`check_response_mask`)."""
    check_response_mask(mask)
    return mask.sum(dim=1).long() - 1


def place_sequence_reward(scores: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """``(B,)`` sequence scores -> ``(B, T)`` with score b at (b, last real token), 0 elsewhere."""
    if scores.shape != mask.shape[:1]:
        raise ValueError(f"scores {tuple(scores.shape)} must be (B,) for a mask of shape {tuple(mask.shape)}")
    rewards = mask.new_zeros(mask.shape, dtype=scores.dtype)
    import torch

    rewards[torch.arange(scores.shape[0]), last_token_index(mask)] = scores
    return rewards


def gae(rewards: torch.Tensor, values: torch.Tensor, mask: torch.Tensor, *, gamma: float,
        lam: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Generalised advantage estimates and returns (see the module docstring); both 0 on padding."""
    check_same_shape(rewards=rewards, values=values, mask=mask)
    check_response_mask(mask)
    import torch

    steps = rewards.shape[1]
    advantages = torch.zeros_like(rewards)
    next_advantage = rewards.new_zeros(rewards.shape[0])
    next_value = rewards.new_zeros(rewards.shape[0])
    next_mask = rewards.new_zeros(rewards.shape[0])
    for t in reversed(range(steps)):
        delta = rewards[:, t] + gamma * next_value * next_mask - values[:, t]
        next_advantage = delta + gamma * lam * next_mask * next_advantage
        advantages[:, t] = next_advantage
        next_value, next_mask = values[:, t], mask[:, t]
    real = mask.bool()
    zero = rewards.new_zeros(())
    return advantages.where(real, zero), (advantages + values).where(real, zero)


def _group_index(groups: torch.Tensor, n: int) -> tuple[torch.Tensor, int]:
    if groups.shape != (n,):
        raise ValueError(f"groups must be (B,) = ({n},), got {tuple(groups.shape)}")
    import torch

    _, inverse = torch.unique(groups, return_inverse=True)
    return inverse, int(inverse.max().item()) + 1 if n else 0


def _group_sums(values: torch.Tensor, inverse: torch.Tensor, count: int) -> torch.Tensor:
    return values.new_zeros(count).index_add(0, inverse, values)


def grpo_advantages(rewards: torch.Tensor, groups: torch.Tensor, valid: torch.Tensor | None = None, *,
                    scale: bool = True, eps: float = 1e-6) -> torch.Tensor:
    """GRPO (Shao et al. 2024): A_i = (r_i - mean_g) / (std_g + eps) within each prompt group g.

    ``std_g`` is the sample standard deviation (ddof 1) of the valid members of the
    group; ``scale=False`` gives Dr. GRPO's unscaled A_i = r_i - mean_g. Invalid members
    (``valid`` false: no reward) get 0 and do not enter the statistics; a group with
    fewer than 2 valid members has no baseline, so its members get 0 (no signal).

    >>> import torch
    >>> grpo_advantages(torch.tensor([1.0, 0.0, 5.0, 5.0]), torch.tensor([0, 0, 1, 1]), eps=0.0).tolist()
    [0.7071067690849304, -0.7071067690849304, 0.0, 0.0]
    """
    import torch

    valid = torch.ones_like(rewards, dtype=torch.bool) if valid is None else valid.bool()
    check_same_shape(rewards=rewards, valid=valid)
    inverse, count = _group_index(groups, rewards.shape[0])
    weight = valid.to(rewards.dtype)
    safe = rewards.where(valid, rewards.new_zeros(()))
    n = _group_sums(weight, inverse, count)
    mean = _group_sums(safe, inverse, count) / n.clamp(min=1)
    centred = (safe - mean[inverse]) * weight
    var = _group_sums(centred**2, inverse, count) / (n - 1).clamp(min=1)
    denominator = var.sqrt()[inverse] + eps
    # a group whose valid rewards are all equal has centred == 0: 0, not 0/0, even with eps=0
    advantages = centred / denominator.where(denominator > 0, rewards.new_ones(())) if scale else centred
    return advantages.where(valid & (n[inverse] >= 2), rewards.new_zeros(()))


def rloo_advantages(rewards: torch.Tensor, groups: torch.Tensor, valid: torch.Tensor | None = None) -> torch.Tensor:
    """RLOO (Ahmadian et al. 2024): A_i = r_i - (1 / (k - 1)) * sum_{j != i, j in g} r_j.

    ``k`` counts the valid members of i's group; invalid members get 0 and are left out
    of every baseline; a group with fewer than 2 valid members gets 0.

    >>> import torch
    >>> rloo_advantages(torch.tensor([1.0, 0.0, 0.0]), torch.tensor([7, 7, 7])).tolist()
    [1.0, -0.5, -0.5]
    """
    import torch

    valid = torch.ones_like(rewards, dtype=torch.bool) if valid is None else valid.bool()
    check_same_shape(rewards=rewards, valid=valid)
    inverse, count = _group_index(groups, rewards.shape[0])
    safe = rewards.where(valid, rewards.new_zeros(()))
    n = _group_sums(valid.to(rewards.dtype), inverse, count)
    totals = _group_sums(safe, inverse, count)
    baseline = (totals[inverse] - safe) / (n[inverse] - 1).clamp(min=1)
    return (safe - baseline).where(valid & (n[inverse] >= 2), rewards.new_zeros(()))
