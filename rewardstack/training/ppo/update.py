"""The optimisation of one rollout batch: ``epochs`` passes over shuffled minibatches.

Per minibatch (token means over the kept tokens of the minibatch)::

    loss = L_pi + vf_coef L_V (PPO only) - entropy_coef H + [KL in the loss] beta mean_t kl_t

then the gradient norm is clipped to ``max_grad_norm`` and the optimiser steps. A separate
critic's gradients are clipped on their own (``value_grad_norm``): its loss scale must not
shrink the policy's step.
Minibatch order comes from torch's global generator (saved with checkpoints).

Old log-probs from the training forward (:func:`reuses_training_logprobs`): when the update is one
pass over the rollout in one minibatch (``epochs`` 1, ``minibatch_size`` >= the step's samples), its
forward is the first evaluation of the policy after the rollout, so the old policy *is* the current
one: ``log pi_old = stop_gradient(log pi)`` and ``rho_t = 1``, which the no-grad old-policy pass would
only reproduce up to float rounding (TRL's GRPOTrainer does the same with one iteration per
generation). The step skips that pass when nothing else needs the old log-probs before the update:
a critic-free algorithm (PPO's value head needs its pass for GAE) with the KL in the loss (in the
reward, the KL shapes the advantages). The KL metric then comes from the detached log-probs
(:attr:`UpdateResult.old_logprobs`).
Autocast runs the forward in the compute dtype when it is not float32; the
weights and the optimiser stay float32.

In a multi-process run (:mod:`~rewardstack.training.ppo.distributed`) the forward
goes through the DDP-wrapped :class:`PolicyForward`, so each backward averages
the gradients over the ranks; each rank's minibatches are ``minibatch_size /
world_size`` of its own samples. The token means are the whole minibatch's, not
a rank's: one all-reduce sums the ranks' kept tokens N, and each rank's loss is
scaled by ``W n_r / N`` (:func:`~rewardstack.training.rl.ddp_token_mean_scale`),
so the averaged gradient is the one a single process takes on the concatenated
minibatch (a single process is left untouched). A minibatch is skipped only when
it lacks rewards on every rank; a rank whose part lacks them alone backpropagates
a zero loss (DDP needs every rank's backward) and the others' scale counts only
the tokens that exist.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import torch
from torch import nn

from rewardstack.training.ppo.config import PPOAlgorithm, PPOConfig
from rewardstack.training.ppo.distributed import Distributed
from rewardstack.training.ppo.experience import Experience
from rewardstack.training.ppo.policy import PolicyWithValue, forward_response
from rewardstack.training.rl import ddp_token_mean_scale, kl_estimate, masked_mean, policy_loss, value_loss

__all__ = ["PolicyForward", "UpdateResult", "autocast", "reuses_training_logprobs", "run_update", "update_policy"]


def autocast(device: torch.device, dtype: torch.dtype) -> contextlib.AbstractContextManager[None]:
    """``torch.autocast`` in ``dtype`` unless it is float32 (then nothing)."""
    if dtype == torch.float32:
        return contextlib.nullcontext()
    return torch.autocast(device_type=device.type, dtype=dtype)


def _minibatches(n: int, size: int) -> Iterator[torch.Tensor]:
    yield from torch.randperm(n).split(size)


def reuses_training_logprobs(config: PPOConfig) -> bool:
    """Whether a step of ``config`` takes its old log-probs from the update's forward (see the module docstring).

    >>> base = {"stack": "s.yaml", "prompts": "p", "output_dir": "o", "prompts_per_step": 2,
    ...         "algorithm": {"kind": "grpo", "group_size": 2}, "kl": {"placement": "loss"},
    ...         "update": {"epochs": 1, "minibatch_size": 4}}
    >>> reuses_training_logprobs(PPOConfig.model_validate(base))
    True
    >>> reuses_training_logprobs(PPOConfig.model_validate({**base, "update": {"epochs": 1, "minibatch_size": 2}}))
    False
    """
    return (not isinstance(config.algorithm, PPOAlgorithm) and config.kl.placement == "loss"
            and config.update.epochs == 1 and config.update.minibatch_size >= config.samples_per_step)


class PolicyForward(nn.Module):
    """The training forward of ``policy`` as a module's ``forward``: DDP all-reduces gradients only for
    calls it sees. Returns ``(logprobs, entropy, values)`` per response token (values None without a head)."""

    def __init__(self, policy: PolicyWithValue, temperature: float, *, entropy_grad: bool = True):
        super().__init__()
        self.policy = policy
        self.temperature = temperature
        self.entropy_grad = entropy_grad  # False: the entropy is only logged (entropy_coef 0), no graph for it

    def forward(self, prompt_ids: torch.Tensor, prompt_mask: torch.Tensor, response_ids: torch.Tensor,
                response_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
        out = forward_response(self.policy.lm, prompt_ids, prompt_mask, response_ids, response_mask,
                               temperature=self.temperature, value_head=self.policy.value_head, with_entropy=True,
                               critic=self.policy.critic, entropy_grad=self.entropy_grad)
        assert out.entropy is not None
        return out.logprobs, out.entropy, out.values


def _loss(out: tuple[torch.Tensor, torch.Tensor, torch.Tensor | None], batch: Experience, rows: torch.Tensor,
          mask: torch.Tensor, beta: float, config: PPOConfig) -> tuple[torch.Tensor, dict[str, float]]:
    """The minibatch loss (see the module docstring) and its statistics."""
    logprobs, entropy_t, values = out
    algorithm = config.algorithm
    stats: dict[str, float] = {}
    old = logprobs.detach() if batch.old_logprobs is None else batch.old_logprobs[rows]
    pg = policy_loss(logprobs, old, batch.advantages[rows], mask, clip=config.update.clip)
    entropy = masked_mean(entropy_t, mask)
    loss = pg.loss - config.update.entropy_coef * entropy
    if isinstance(algorithm, PPOAlgorithm):
        assert values is not None and batch.old_values is not None and batch.returns is not None
        vl = value_loss(values, batch.old_values[rows], batch.returns[rows], mask, clip=algorithm.value_clip)
        loss = loss + algorithm.vf_coef * vl.loss
        stats["value_loss"] = vl.loss.item()
        stats["value_clip_fraction"] = vl.clip_fraction.item()
    if config.kl.placement == "loss":
        kl_loss = masked_mean(kl_estimate(logprobs, batch.ref_logprobs[rows], config.kl.estimator), mask)
        loss = loss + beta * kl_loss
        stats["kl_loss"] = kl_loss.item()
    stats.update({"loss": loss.item(), "policy_loss": pg.loss.item(), "clip_fraction": pg.clip_fraction.item(),
                  "approx_kl": pg.approx_kl.item(), "ratio": pg.ratio_mean.item(), "entropy": entropy.item()})
    return loss, stats


def _zero_loss(out: tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]) -> torch.Tensor:
    """A loss of 0 that still reaches every trained weight: this rank's part of a backward DDP must see."""
    logprobs, _, values = out
    return logprobs.sum() * 0.0 + (values.sum() * 0.0 if values is not None else 0.0)


@dataclass(frozen=True)
class UpdateResult:
    """The mean of each logged statistic over the minibatches, and the old log-probs the update took from its
    forward (``(B, T)``, detached; None unless the batch had none and a minibatch ran)."""

    stats: dict[str, float]
    old_logprobs: torch.Tensor | None = None


def update_policy(model: PolicyWithValue, optimizer: torch.optim.Optimizer, batch: Experience, *, beta: float,
                  config: PPOConfig, compute_dtype: torch.dtype, trainer: nn.Module | None = None,
                  dist: Distributed | None = None) -> dict[str, float]:
    """Run the minibatch epochs on ``batch``; the mean of each logged statistic over the minibatches.

    ``trainer``: the (DDP-wrapped) :class:`PolicyForward` of ``model``; ``dist``: the run's processes.
    """
    return run_update(model, optimizer, batch, beta=beta, config=config, compute_dtype=compute_dtype,
                      trainer=trainer, dist=dist).stats


def run_update(model: PolicyWithValue, optimizer: torch.optim.Optimizer, batch: Experience, *, beta: float,
               config: PPOConfig, compute_dtype: torch.dtype, trainer: nn.Module | None = None,
               dist: Distributed | None = None) -> UpdateResult:
    """:func:`update_policy`, with the old log-probs it took from its forward when ``batch`` has none
    (only allowed under :func:`reuses_training_logprobs`: one pass, one minibatch)."""
    if batch.old_logprobs is None and not reuses_training_logprobs(config):
        raise ValueError("a batch without old log-probs needs one update pass in one minibatch (update.epochs 1, "
                         "update.minibatch_size >= the step's samples), a critic-free algorithm and kl.placement loss")
    stats: dict[str, list[float]] = defaultdict(list)
    dist = dist or Distributed()
    forward = trainer or PolicyForward(model, config.rollout.temperature,
                                       entropy_grad=config.update.entropy_coef > 0)
    device = batch.response_ids.device
    clipped = _clip_groups(model)
    taken: torch.Tensor | None = None
    for _ in range(config.update.epochs):
        for rows in _minibatches(len(batch), config.update.minibatch_size // dist.world_size):
            rows = rows.to(device)
            mask = batch.loss_mask[rows]
            local_count = mask.sum()
            has_rewards = bool(local_count > 0)
            global_count = float(dist.all_sum(local_count.double()))  # the minibatch's kept tokens, every rank's
            if global_count <= 0:  # no sample of this minibatch has a reward: nothing to learn from
                continue
            with autocast(device, compute_dtype):
                out = forward(batch.prompt_ids[rows], batch.prompt_mask[rows], batch.response_ids[rows],
                              batch.response_mask[rows])
            if batch.old_logprobs is None:  # one minibatch holds every row: the rollout's policy is this one
                taken = out[0].new_empty(batch.response_ids.shape)
                taken[rows] = out[0].detach()
            if has_rewards:
                loss, step_stats = _loss(out, batch, rows, mask, beta, config)
                if dist.world_size > 1:  # the logged statistics stay this rank's token means
                    loss = loss * ddp_token_mean_scale(float(local_count), global_count, dist.world_size)
            else:
                loss, step_stats = _zero_loss(out), {}
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            if config.optim.max_grad_norm is not None:
                for name, params in clipped.items():
                    step_stats[name] = float(torch.nn.utils.clip_grad_norm_(params, config.optim.max_grad_norm))
            optimizer.step()
            for name in _STAT_ORDER:
                if name in step_stats:
                    stats[name].append(step_stats[name])
    return UpdateResult({name: sum(values) / len(values) for name, values in stats.items()}, taken)


def _clip_groups(model: PolicyWithValue) -> dict[str, list[nn.Parameter]]:
    """The trained parameters by the statistic naming their clipped norm: the policy (with its value head, if any),
    and a separate critic on its own."""
    critic = {id(p) for p in model.critic.parameters()} if model.critic is not None else set()
    groups = {"grad_norm": [p for p in model.parameters() if p.requires_grad and id(p) not in critic]}
    if model.critic is not None:
        groups["value_grad_norm"] = [p for p in model.critic.parameters() if p.requires_grad]
    return groups


# the order the statistics were always logged in (dict order reaches metrics.jsonl's key order)
_STAT_ORDER = ("value_loss", "value_clip_fraction", "kl_loss", "grad_norm", "value_grad_norm", "loss", "policy_loss",
               "clip_fraction", "approx_kl", "ratio", "entropy")
