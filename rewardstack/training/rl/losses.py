"""PPO's clipped surrogate losses (Schulman et al. 2017), token-level, masked.

Policy (ratio rho_t = exp(log pi(a_t) - log pi_old(a_t)))::

    L_pi = mean_t[ max(-A_t rho_t, -A_t clip(rho_t, 1 - eps, 1 + eps)) ]
    clip_fraction = mean_t[ 1{ -A_t clip(rho_t) > -A_t rho_t } ]   (the clipped branch is the active one)
    approx_kl     = mean_t[ (log rho_t)^2 / 2 ]                     (old -> new, for logging)

Value (the clipped value loss of the OpenAI baselines / TRL)::

    V_clip = V_old + clip(V - V_old, -eps_v, eps_v)
    L_V    = 1/2 mean_t[ max((V - R_t)^2, (V_clip - R_t)^2) ]

Means run over the masked (real) tokens of the whole batch ("token mean"). Split over
W data-parallel processes, :func:`ddp_token_mean_scale` turns each process's token mean into
its share of the whole batch's.

>>> import torch
>>> m = torch.ones(1, 2)
>>> out = policy_loss(torch.log(torch.tensor([[1.5, 1.0]])), torch.zeros(1, 2), torch.tensor([[1.0, -1.0]]), m,
...                   clip=0.2)
>>> round(out.loss.item(), 4), out.clip_fraction.item()
(-0.1, 0.5)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rewardstack.training.rl.masked import check_same_shape, masked_mean

if TYPE_CHECKING:
    import torch

__all__ = ["PolicyLoss", "ValueLoss", "ddp_token_mean_scale", "policy_loss", "value_loss"]


@dataclass(frozen=True)
class PolicyLoss:
    """The loss to minimise (with gradient) and detached statistics to log."""

    loss: torch.Tensor
    clip_fraction: torch.Tensor
    approx_kl: torch.Tensor
    ratio_mean: torch.Tensor


@dataclass(frozen=True)
class ValueLoss:
    """The value loss (with gradient) and the fraction of tokens whose clipped branch was active."""

    loss: torch.Tensor
    clip_fraction: torch.Tensor


def policy_loss(logprobs: torch.Tensor, old_logprobs: torch.Tensor, advantages: torch.Tensor,
                mask: torch.Tensor, *, clip: float) -> PolicyLoss:
    """Clipped surrogate (see the module docstring); all inputs ``(B, T)``."""
    check_same_shape(logprobs=logprobs, old_logprobs=old_logprobs, advantages=advantages, mask=mask)
    if clip <= 0:
        raise ValueError(f"clip must be > 0, got {clip}")
    log_ratio = logprobs - old_logprobs
    ratio = log_ratio.exp()
    unclipped = -advantages * ratio
    clipped = -advantages * ratio.clamp(1.0 - clip, 1.0 + clip)
    loss = masked_mean(unclipped.maximum(clipped), mask)
    with_grad_off = (clipped > unclipped).to(logprobs.dtype).detach()
    return PolicyLoss(loss=loss, clip_fraction=masked_mean(with_grad_off, mask),
                      approx_kl=masked_mean(0.5 * log_ratio.detach() ** 2, mask),
                      ratio_mean=masked_mean(ratio.detach(), mask))


def value_loss(values: torch.Tensor, old_values: torch.Tensor, returns: torch.Tensor, mask: torch.Tensor, *,
               clip: float | None) -> ValueLoss:
    """Clipped value loss (see the module docstring); ``clip=None`` is the plain 1/2 (V - R)^2."""
    check_same_shape(values=values, old_values=old_values, returns=returns, mask=mask)
    plain = (values - returns) ** 2
    if clip is None:
        return ValueLoss(loss=0.5 * masked_mean(plain, mask), clip_fraction=values.new_zeros(()))
    clipped_values = old_values + (values - old_values).clamp(-clip, clip)
    clipped = (clipped_values - returns) ** 2
    fraction = masked_mean((clipped > plain).to(values.dtype).detach(), mask)
    return ValueLoss(loss=0.5 * masked_mean(plain.maximum(clipped), mask), clip_fraction=fraction)


def ddp_token_mean_scale(local_count: float, global_count: float, world_size: int) -> float:
    """The factor that makes DDP's gradient average the gradient of the whole minibatch's token mean.

    Rank r of W holds n_r of the minibatch's N = sum_r n_r kept tokens and computes its token
    mean m_r = S_r / n_r (S_r: the sum of its per-token losses). DDP averages the ranks'
    gradients, (1/W) sum_r grad L_r, so each rank's loss must be its token sum over N, times W::

        L_r = W S_r / N = m_r * (W n_r / N)        =>  (1/W) sum_r grad L_r = grad (sum_r S_r) / N

    the gradient one process would take on the concatenated minibatch. Returns ``W n_r / N``:
    ``local_count`` n_r, ``global_count`` N (the all-reduced sum of the ranks' counts). It is
    exactly 1.0 for one process (n_r = N, W = 1) and 0.0 for a rank without kept tokens.

    >>> ddp_token_mean_scale(3, 4, 2)    # 3 of 4 tokens on rank 0 of 2: its mean weighs 2 * 3/4
    1.5
    >>> ddp_token_mean_scale(1, 4, 2), ddp_token_mean_scale(5, 5, 1)
    (0.5, 1.0)
    """
    if world_size < 1:
        raise ValueError(f"world_size must be >= 1, got {world_size}")
    if global_count <= 0:
        raise ValueError(f"the minibatch has no kept token on any rank (global_count {global_count}): "
                         "skip it instead of normalising by 0")
    if not 0 <= local_count <= global_count:
        raise ValueError(f"local_count {local_count} must be within [0, global_count {global_count}]")
    return world_size * float(local_count) / float(global_count)
