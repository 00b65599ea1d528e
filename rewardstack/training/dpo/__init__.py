"""``rewardstack train dpo``: direct preference optimisation (and IPO) on preference pairs (docs/training.md)."""

from rewardstack.training.dpo.config import DPOConfig, DPOData, IPOObjective, SigmoidObjective
from rewardstack.training.dpo.train import EncodedPreference, dpo_batch_loss, reference_logprobs, train_dpo

__all__ = ["DPOConfig", "DPOData", "EncodedPreference", "IPOObjective", "SigmoidObjective", "dpo_batch_loss",
           "reference_logprobs", "train_dpo"]
