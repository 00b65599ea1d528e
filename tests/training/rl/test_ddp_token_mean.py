"""The data-parallel token mean: hand values, and the ranks' averaged gradient equals one process's on the whole."""

from __future__ import annotations

import pytest
import torch

from rewardstack.training.rl import ddp_token_mean_scale, masked_mean, policy_loss


@pytest.mark.parametrize(("local", "total", "world", "scale"), [
    (3, 4, 2, 1.5),   # W n_r / N = 2 * 3 / 4
    (1, 4, 2, 0.5),
    (0, 4, 2, 0.0),   # a rank without kept tokens adds nothing
    (5, 5, 1, 1.0),   # one process: exactly its own token mean
    (2, 8, 4, 1.0),   # equal shares: DDP's plain average was already right
])
def test_scale_by_hand(local: int, total: int, world: int, scale: float) -> None:
    assert ddp_token_mean_scale(local, total, world) == scale


@pytest.mark.parametrize(("local", "total", "world", "match"), [
    (0, 0, 2, "no kept token"), (5, 4, 2, "within"), (-1, 4, 2, "within"), (1, 1, 0, "world_size"),
])
def test_impossible_counts_are_refused(local: int, total: int, world: int, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        ddp_token_mean_scale(local, total, world)


def _rank_loss(theta: torch.Tensor, features: torch.Tensor, advantages: torch.Tensor,
               mask: torch.Tensor) -> torch.Tensor:
    """PPO's clipped policy loss (a token mean) of log-probs theta * features, a shared weight as DDP's."""
    logprobs = theta * features
    return policy_loss(logprobs, logprobs.detach() - 0.1, advantages, mask, clip=0.2).loss


def test_averaged_rank_gradients_are_the_whole_minibatchs_gradient() -> None:
    # rank 0 keeps 5 tokens, rank 1 only 1: DDP's plain average of their token means would weigh rank 1's one token
    # as much as rank 0's five
    gen = torch.Generator().manual_seed(0)
    features, advantages = torch.randn(4, 3, generator=gen), torch.randn(4, 3, generator=gen)
    mask = torch.tensor([[1.0, 1.0, 1.0], [1.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    theta = torch.tensor(0.3, requires_grad=True)
    whole = torch.autograd.grad(_rank_loss(theta, features, advantages, mask), theta)[0]
    counts = [mask[:2].sum().item(), mask[2:].sum().item()]
    scaled, plain = [], []
    for rank, rows in enumerate((slice(0, 2), slice(2, 4))):
        loss = _rank_loss(theta, features[rows], advantages[rows], mask[rows])
        plain.append(torch.autograd.grad(loss, theta)[0])
        scaled.append(plain[-1] * ddp_token_mean_scale(counts[rank], sum(counts), 2))
    assert torch.allclose(sum(scaled) / 2, whole, rtol=1e-6, atol=1e-7)  # what DDP's average gives
    assert not torch.allclose(sum(plain) / 2, whole, rtol=1e-3)  # the per-rank mean it replaces did not


def test_one_process_is_left_exactly_as_it_was() -> None:
    values, mask = torch.tensor([[0.1, 0.7, 0.3]]), torch.tensor([[1.0, 1.0, 0.0]])
    mean = masked_mean(values, mask)
    assert torch.equal(mean * ddp_token_mean_scale(mask.sum().item(), mask.sum().item(), 1), mean)
