"""The optimisation of one rollout batch: ``epochs`` passes over shuffled minibatches.

Per minibatch (token means over the kept tokens of the minibatch)::

    loss = L_pi + vf_coef L_V (PPO only) - entropy_coef H + [KL in the loss] beta mean_t kl_t

then the gradient norm is clipped to ``max_grad_norm`` and the optimiser steps.
Minibatch order comes from torch's global generator (saved with checkpoints).
Autocast runs the forward in the compute dtype when it is not float32; the
weights and the optimiser stay float32.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator

import torch

from rewardstack.training.ppo.config import PPOAlgorithm, PPOConfig
from rewardstack.training.ppo.experience import Experience
from rewardstack.training.ppo.policy import PolicyWithValue, forward_response
from rewardstack.training.rl import kl_estimate, masked_mean, policy_loss, value_loss

__all__ = ["autocast", "update_policy"]


def autocast(device: torch.device, dtype: torch.dtype) -> contextlib.AbstractContextManager[None]:
    """``torch.autocast`` in ``dtype`` unless it is float32 (then nothing)."""
    if dtype == torch.float32:
        return contextlib.nullcontext()
    return torch.autocast(device_type=device.type, dtype=dtype)


def _minibatches(n: int, size: int) -> Iterator[torch.Tensor]:
    yield from torch.randperm(n).split(size)


def update_policy(model: PolicyWithValue, optimizer: torch.optim.Optimizer, batch: Experience, *, beta: float,
                  config: PPOConfig, compute_dtype: torch.dtype) -> dict[str, float]:
    """Run the minibatch epochs on ``batch``; the mean of each logged statistic over the minibatches."""
    stats: dict[str, list[float]] = defaultdict(list)
    algorithm = config.algorithm
    device = batch.response_ids.device
    params = [p for p in model.parameters() if p.requires_grad]
    for _ in range(config.update.epochs):
        for rows in _minibatches(len(batch), config.update.minibatch_size):
            rows = rows.to(device)
            mask = batch.loss_mask[rows]
            if mask.sum() == 0:  # every sample of this minibatch lacks a reward: nothing to learn from
                continue
            with autocast(device, compute_dtype):
                out = forward_response(model.lm, batch.prompt_ids[rows], batch.prompt_mask[rows],
                                       batch.response_ids[rows], batch.response_mask[rows],
                                       temperature=config.rollout.temperature, value_head=model.value_head,
                                       with_entropy=True)
            pg = policy_loss(out.logprobs, batch.old_logprobs[rows], batch.advantages[rows], mask,
                             clip=config.update.clip)
            assert out.entropy is not None
            entropy = masked_mean(out.entropy, mask)
            loss = pg.loss - config.update.entropy_coef * entropy
            if isinstance(algorithm, PPOAlgorithm):
                assert out.values is not None and batch.old_values is not None and batch.returns is not None
                vl = value_loss(out.values, batch.old_values[rows], batch.returns[rows], mask,
                                clip=algorithm.value_clip)
                loss = loss + algorithm.vf_coef * vl.loss
                stats["value_loss"].append(vl.loss.item())
                stats["value_clip_fraction"].append(vl.clip_fraction.item())
            if config.kl.placement == "loss":
                kl_loss = masked_mean(kl_estimate(out.logprobs, batch.ref_logprobs[rows], config.kl.estimator), mask)
                loss = loss + beta * kl_loss
                stats["kl_loss"].append(kl_loss.item())
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            if config.optim.max_grad_norm is not None:
                grad_norm = torch.nn.utils.clip_grad_norm_(params, config.optim.max_grad_norm)
                stats["grad_norm"].append(float(grad_norm))
            optimizer.step()
            stats["loss"].append(loss.item())
            stats["policy_loss"].append(pg.loss.item())
            stats["clip_fraction"].append(pg.clip_fraction.item())
            stats["approx_kl"].append(pg.approx_kl.item())
            stats["ratio"].append(pg.ratio_mean.item())
            stats["entropy"].append(entropy.item())
    return {name: sum(values) / len(values) for name, values in stats.items()}
