"""RL math for language-model training, as pure, shape-checked torch functions.

Every trainer (``training.ppo``: PPO, GRPO, RLOO) calls these rather than
re-deriving them; each docstring states its equation and the tests check it
against hand-computed values.

- :mod:`~rewardstack.training.rl.masked`: masked mean / variance / whitening, and moments that add up
  across processes (whitening over a multi-process batch);
- :mod:`~rewardstack.training.rl.kl`: log-probs, KL estimators k1 and k3, entropy from logits;
- :mod:`~rewardstack.training.rl.advantages`: reward on the last real token, GAE, GRPO and RLOO;
- :mod:`~rewardstack.training.rl.losses`: clipped policy and value losses, and the data-parallel
  token-mean scale;
- :mod:`~rewardstack.training.rl.kl_control`: fixed and adaptive KL coefficients.
"""

from rewardstack.training.rl.advantages import (
    check_response_mask,
    gae,
    grpo_advantages,
    last_token_index,
    place_sequence_reward,
    rloo_advantages,
)
from rewardstack.training.rl.kl import (
    KLEstimator,
    entropy_from_logits,
    kl_estimate,
    kl_k1,
    kl_k3,
    logprobs_from_logits,
)
from rewardstack.training.rl.kl_control import AdaptiveKLController, FixedKLController, KLController
from rewardstack.training.rl.losses import PolicyLoss, ValueLoss, ddp_token_mean_scale, policy_loss, value_loss
from rewardstack.training.rl.masked import (
    check_same_shape,
    masked_mean,
    masked_moments,
    masked_sum,
    masked_var,
    masked_whiten,
    moments_mean_var,
)

__all__ = [
    "AdaptiveKLController",
    "FixedKLController",
    "KLController",
    "KLEstimator",
    "PolicyLoss",
    "ValueLoss",
    "check_response_mask",
    "check_same_shape",
    "ddp_token_mean_scale",
    "entropy_from_logits",
    "gae",
    "grpo_advantages",
    "kl_estimate",
    "kl_k1",
    "kl_k3",
    "last_token_index",
    "logprobs_from_logits",
    "masked_mean",
    "masked_moments",
    "masked_sum",
    "masked_var",
    "masked_whiten",
    "moments_mean_var",
    "place_sequence_reward",
    "policy_loss",
    "rloo_advantages",
    "value_loss",
]
