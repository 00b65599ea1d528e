"""``rewardstack train sft``: supervised fine-tuning on demonstrations (docs/training.md)."""

from rewardstack.training.sft.config import SFTConfig, SFTData
from rewardstack.training.sft.data import Demonstration, Demonstrations, read_demonstrations
from rewardstack.training.sft.train import sft_batch_loss, train_sft

__all__ = ["Demonstration", "Demonstrations", "SFTConfig", "SFTData", "read_demonstrations", "sft_batch_loss",
           "train_sft"]
