"""From a scored rollout to what the update needs: KL, per-token rewards, advantages, returns.

With ``R`` the stack's total for a response (``missing_reward`` where the stack
has none, or the response left out of the update when that is null), minus
``missing_eos_penalty`` for a response that never ended, and ``kl_t`` the
chosen estimator of the policy against the frozen reference:

- PPO: ``r_t = -beta kl_t + [t = last] R`` (KL in the reward) or
  ``r_t = [t = last] R`` (KL in the loss); then GAE with the value head,
  advantages whitened over the kept tokens;
- GRPO / RLOO: the sequence reward ``R - beta sum_t kl_t`` (or ``R``), a group
  baseline per prompt, the same advantage on every token of the response.

In a multi-process run the whitening's mean and variance are the whole step's: each
rank's moments over its kept tokens (:func:`~rewardstack.training.rl.masked_moments`)
are summed over the ranks (``reduce``), so two processes whiten as one process would
the concatenated batch. GRPO/RLOO baselines need no exchange: a group never straddles
two ranks.

All the math is :mod:`rewardstack.training.rl`; this module only wires it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import torch

from rewardstack.training.ppo.config import GRPOConfig, PPOAlgorithm, PPOConfig
from rewardstack.training.rl import (
    gae,
    grpo_advantages,
    kl_estimate,
    masked_moments,
    masked_sum,
    masked_whiten,
    moments_mean_var,
    place_sequence_reward,
    rloo_advantages,
)

__all__ = ["Experience", "SequenceRewards", "build_experience", "sequence_rewards", "with_old_logprobs"]


@dataclass(frozen=True)
class SequenceRewards:
    """``(B,)`` rewards the update uses and which samples take part (``valid``)."""

    rewards: torch.Tensor
    valid: torch.Tensor


@dataclass(frozen=True)
class Experience:
    """One rollout batch ready for the minibatch epochs (``(B, T)`` tensors unless noted)."""

    prompt_ids: torch.Tensor
    prompt_mask: torch.Tensor
    response_ids: torch.Tensor
    response_mask: torch.Tensor
    loss_mask: torch.Tensor  # response_mask of the valid samples only
    # None: the update takes them from its own forward (update.reuses_training_logprobs); kl is None until then
    old_logprobs: torch.Tensor | None
    ref_logprobs: torch.Tensor
    old_values: torch.Tensor | None
    advantages: torch.Tensor
    returns: torch.Tensor | None
    kl: torch.Tensor | None  # per token, estimator of the config (None until old_logprobs exist)
    valid: torch.Tensor  # (B,) bool
    whitening: tuple[float, float] | None = None  # (mean, variance) the advantages were whitened with

    def __len__(self) -> int:
        return int(self.response_ids.shape[0])


def sequence_rewards(totals: torch.Tensor, truncated: torch.Tensor, config: PPOConfig) -> SequenceRewards:
    """Stack totals (NaN: none) -> the rewards trained on and the samples kept (see the module docstring).

    >>> cfg = PPOConfig.model_validate({"stack": "s.yaml", "prompts": "p", "output_dir": "o", "missing_reward": -1,
    ...                                 "rollout": {"missing_eos_penalty": 0.5}})
    >>> out = sequence_rewards(torch.tensor([1.0, float("nan")]), torch.tensor([True, False]), cfg)
    >>> out.rewards.tolist(), out.valid.tolist()
    ([0.5, -1.0], [True, True])
    """
    finite = torch.isfinite(totals)
    if config.missing_reward is None:
        rewards, valid = totals.where(finite, totals.new_zeros(())), finite
    else:
        rewards, valid = totals.where(finite, totals.new_full((), config.missing_reward)), torch.ones_like(finite)
    if config.rollout.missing_eos_penalty:
        rewards = rewards - config.rollout.missing_eos_penalty * truncated.to(rewards.dtype)
    return SequenceRewards(rewards=rewards, valid=valid)


def build_experience(*, prompt_ids: torch.Tensor, prompt_mask: torch.Tensor, response_ids: torch.Tensor,
                     response_mask: torch.Tensor, old_logprobs: torch.Tensor | None, ref_logprobs: torch.Tensor,
                     old_values: torch.Tensor | None, scores: SequenceRewards, groups: torch.Tensor,
                     beta: float, config: PPOConfig,
                     reduce: Callable[[torch.Tensor], torch.Tensor] | None = None) -> Experience:
    """Rewards, advantages and returns for one batch (``groups``: ``(B,)`` prompt index of each row).

    ``reduce``: sums a tensor over the run's processes (an all-reduce; every rank must call it alike),
    None in a single process.

    ``old_logprobs`` None (the update takes them from its own forward): only when no advantage depends
    on them, i.e. a critic-free algorithm with the KL in the loss; ``kl`` stays None until
    :func:`with_old_logprobs` adds them.
    """
    in_reward = config.kl.placement == "reward"
    if old_logprobs is None and (in_reward or isinstance(config.algorithm, PPOAlgorithm)):
        raise ValueError("old_logprobs are needed before the update when the KL is in the reward or PPO's "
                         "advantages come from a value head")
    kl = None if old_logprobs is None else _kl(old_logprobs, ref_logprobs, response_mask, config)
    loss_mask = response_mask * scores.valid.to(response_mask.dtype).unsqueeze(1)
    algorithm = config.algorithm
    returns = None
    whitening = None
    if isinstance(algorithm, PPOAlgorithm):
        if old_values is None:
            raise ValueError("PPO needs the value head's values")
        assert kl is not None  # checked above: PPO has its old log-probs here
        token_rewards = place_sequence_reward(scores.rewards, response_mask) - (beta * kl if in_reward else 0.0)
        advantages, returns = gae(token_rewards, old_values, response_mask, gamma=algorithm.gamma,
                                  lam=algorithm.lam)
        if algorithm.whiten_advantages:
            advantages, whitening = _whiten(advantages, loss_mask, reduce)
    else:
        sequence = scores.rewards
        if in_reward:
            assert kl is not None  # checked above
            sequence = sequence - beta * masked_sum(kl, response_mask, dim=1)
        if isinstance(algorithm, GRPOConfig):
            per_sequence = grpo_advantages(sequence, groups, scores.valid, scale=algorithm.scale)
        else:
            per_sequence = rloo_advantages(sequence, groups, scores.valid)
        advantages = per_sequence.unsqueeze(1) * response_mask
    return Experience(prompt_ids=prompt_ids, prompt_mask=prompt_mask, response_ids=response_ids,
                      response_mask=response_mask, loss_mask=loss_mask, old_logprobs=old_logprobs,
                      ref_logprobs=ref_logprobs, old_values=old_values, advantages=advantages * loss_mask,
                      returns=returns, kl=kl, valid=scores.valid, whitening=whitening)


def _kl(old_logprobs: torch.Tensor, ref_logprobs: torch.Tensor, response_mask: torch.Tensor,
        config: PPOConfig) -> torch.Tensor:
    return kl_estimate(old_logprobs, ref_logprobs, config.kl.estimator) * response_mask


def with_old_logprobs(experience: Experience, old_logprobs: torch.Tensor, config: PPOConfig) -> Experience:
    """``experience`` with the old log-probs the update took from its forward, and the KL they give.

    >>> cfg = PPOConfig.model_validate({"stack": "s.yaml", "prompts": "p", "output_dir": "o",
    ...                                 "algorithm": {"kind": "grpo", "group_size": 2}, "kl": {"placement": "loss"}})
    >>> mask = torch.tensor([[1.0, 0.0], [1.0, 1.0]])
    >>> exp = build_experience(prompt_ids=torch.zeros(2, 1), prompt_mask=torch.ones(2, 1),
    ...     response_ids=torch.zeros(2, 2), response_mask=mask, old_logprobs=None, ref_logprobs=torch.zeros(2, 2),
    ...     old_values=None, scores=SequenceRewards(torch.tensor([1.0, 0.0]), torch.tensor([True, True])),
    ...     groups=torch.tensor([0, 0]), beta=0.1, config=cfg)
    >>> exp.kl is None, with_old_logprobs(exp, torch.full((2, 2), 0.5), cfg).kl.tolist()
    (True, [[0.5, 0.0], [0.5, 0.5]])
    """
    return replace(experience, old_logprobs=old_logprobs,
                   kl=_kl(old_logprobs, experience.ref_logprobs, experience.response_mask, config))


def _whiten(advantages: torch.Tensor, loss_mask: torch.Tensor, reduce: Callable[[torch.Tensor], torch.Tensor] | None
            ) -> tuple[torch.Tensor, tuple[float, float] | None]:
    """Whitened over the kept tokens of the whole step (every rank's, with ``reduce``); unchanged below 2 tokens."""
    moments = masked_moments(advantages, loss_mask)
    if reduce is not None:
        moments = reduce(moments)
    if moments[0].item() <= 1:
        return advantages, None
    mean, var = moments_mean_var(moments)
    # one process keeps the two-pass statistics it always used (the same numbers as before, bit for bit)
    whitened = masked_whiten(advantages, loss_mask, moments=moments if reduce is not None else None)
    return whitened, (float(mean), float(var))
