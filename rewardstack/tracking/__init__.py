"""Run tracking shared by the trainers and ``rewardstack score``: JSONL always, TensorBoard and W&B
(offline by default) when the config's ``tracking:`` asks for them."""

from rewardstack.tracking.config import TrackingConfig, WandbConfig, open_writers
from rewardstack.tracking.writers import JsonlWriter, MetricWriter, MultiWriter, TensorBoardWriter, WandbWriter

__all__ = ["JsonlWriter", "MetricWriter", "MultiWriter", "TensorBoardWriter", "TrackingConfig", "WandbConfig",
           "WandbWriter", "open_writers"]
