"""PPO's separate critic (``value: {kind: separate, init: ...}``): where its weights start.

- ``init: policy``: a copy of the policy model's backbone (``model``, loaded again,
  without its LM head) and a zero head, so V = 0 at the start as with the value head.
- any other ``init``: a reward model (anything
  :meth:`rewardstack.rewards.preference.model.RewardModel.load` reads: a ``train rm``
  checkpoint, a one-output classifier folder, a bare backbone with a seeded fresh head).
  Its backbone and its ``score`` head start the critic, so the first values are the
  reward model's raw scores (before its normalisation) at every position.

The critic reads the policy's token ids, so a reward model must be a causal LM with the
policy's vocabulary; anything else is refused, naming ``value.init``. It is a full
float32 model even when the policy trains LoRA adapters (one more copy of the backbone
in memory, as a separate critic is in TRL and OpenRLHF). Loading it draws nothing from
torch's random stream (a fresh head's seed is the reward model's own), so the policy
samples the same rollouts as with a value head.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch
from torch import nn

from rewardstack.core.errors import ConfigError, ModelUnavailable
from rewardstack.models import load_causal_lm
from rewardstack.training.ppo.config import PPOConfig, SeparateCriticConfig
from rewardstack.training.ppo.policy import Critic
from rewardstack.training.rm.config_file import ConfigKeyError

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

__all__ = ["POLICY_INIT", "load_critic"]

POLICY_INIT = "policy"  # value.init naming the policy's own model (a folder called so: write ./policy)
_KEY = ("value", "init")


def load_critic(config: PPOConfig, tokenizer: PreTrainedTokenizerBase, device: torch.device) -> Critic:
    """The separate critic of ``config.value`` on ``device`` (float32 weights, eval mode: no dropout)."""
    value = config.value
    if not isinstance(value, SeparateCriticConfig):
        raise ValueError("load_critic needs value kind separate")
    with torch.random.fork_rng(devices=[]):
        if value.init == POLICY_INIT:
            lm, _ = load_causal_lm(config.model, device=device, dtype=torch.float32)
            critic = Critic(lm.base_model, int(lm.config.get_text_config().hidden_size))
        else:
            critic = _from_reward_model(value.init, tokenizer, device)
    return critic.eval()


def _from_reward_model(name: str, tokenizer: PreTrainedTokenizerBase, device: torch.device) -> Critic:
    from rewardstack.rewards.preference.forward import reward_head
    from rewardstack.rewards.preference.model import RewardModel

    try:
        rm = RewardModel.load(name, device=device, dtype=torch.float32)
    except (ConfigError, ModelUnavailable) as exc:
        raise ConfigKeyError(_KEY, f"{exc}; or use init: {POLICY_INIT}") from None
    fix = f"name a causal reward model trained on the policy's tokenizer, or init: {POLICY_INIT}"
    if not rm.causal:
        raise ConfigKeyError(_KEY, f"{name!r} is an encoder; the critic reads the policy's token ids: {fix}")
    if rm.tokenizer.get_vocab() != tokenizer.get_vocab():
        raise ConfigKeyError(_KEY, f"{name!r} has another vocabulary than the policy; the critic reads the "
                             f"policy's token ids: {fix}")
    score = reward_head(rm.model)
    weight = getattr(score, "weight", None)
    if not isinstance(weight, torch.Tensor) or weight.shape[0] != 1:
        raise ConfigKeyError(_KEY, f"{name!r}: its score head is not a one-output linear layer: {fix}")
    hidden = int(rm.model.config.get_text_config().hidden_size)
    head = nn.Linear(hidden, 1, device=device, dtype=torch.float32)
    with torch.no_grad():
        head.weight.copy_(weight.float())
        bias = getattr(score, "bias", None)
        head.bias.copy_(bias.float() if isinstance(bias, torch.Tensor) else torch.zeros(1))
    return Critic(rm.model.base_model, hidden, head)
