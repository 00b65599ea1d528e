"""``metrics.jsonl`` writer (lives in :mod:`rewardstack.tracking.jsonl_log`; re-exported here)."""

from rewardstack.tracking.jsonl_log import MetricsLog

__all__ = ["MetricsLog"]
