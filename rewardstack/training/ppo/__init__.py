"""PPO, GRPO and RLOO on a Hugging Face causal LM, driven by a RewardStack in training mode.

``rewardstack train ppo --config C.yaml`` (see :mod:`~rewardstack.training.ppo.cli`), or in Python::

    from rewardstack.training.ppo import load_ppo_config, train_ppo
    result = train_ppo(load_ppo_config("examples/ppo_math_tiny.yaml", ["steps=2"]))

Modules: ``config`` (the YAML), ``data`` (prompts and their order), ``rollout``
(sampling), ``policy`` (value head, the forward pass), ``experience`` (rewards and
advantages), ``update`` (minibatch epochs), ``metrics``, ``checkpoint``
(resume state), ``setup`` and ``train`` (the loop). The math is
:mod:`rewardstack.training.rl`.
"""

from rewardstack.training.ppo.config import PPOConfig
from rewardstack.training.ppo.config_file import load_ppo_config
from rewardstack.training.ppo.train import PPOResult, PPOStopped, train_ppo

__all__ = ["PPOConfig", "PPOResult", "PPOStopped", "load_ppo_config", "train_ppo"]
