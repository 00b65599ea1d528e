"""Causal-LM training pieces shared by SFT and DPO: encoding with a response mask, right-padded
batches, response log-probabilities, and the ``metrics.jsonl`` writer."""

from rewardstack.training.lm.batch import LMBatch, collate_examples, response_logprobs, token_logprobs
from rewardstack.training.lm.encode import EncodedExample, encode_example, prompt_ids
from rewardstack.training.lm.metrics_log import MetricsLog

__all__ = [
    "EncodedExample",
    "LMBatch",
    "MetricsLog",
    "collate_examples",
    "encode_example",
    "prompt_ids",
    "response_logprobs",
    "token_logprobs",
]
