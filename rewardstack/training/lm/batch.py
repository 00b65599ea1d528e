"""Right-padded tensors from encoded examples, and the log-probabilities a causal LM gives them."""

from __future__ import annotations

from collections.abc import Sequence

import torch

from rewardstack.training.lm.encode import EncodedExample

__all__ = ["LMBatch", "collate_examples", "response_logprobs", "token_logprobs"]


class LMBatch:
    """``input_ids``, ``attention_mask``, ``response_mask``: (B, T) tensors, right-padded."""

    def __init__(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, response_mask: torch.Tensor):
        self.input_ids, self.attention_mask, self.response_mask = input_ids, attention_mask, response_mask

    def to(self, device: torch.device | str) -> LMBatch:
        return LMBatch(self.input_ids.to(device), self.attention_mask.to(device), self.response_mask.to(device))


def collate_examples(examples: Sequence[EncodedExample], pad_id: int) -> LMBatch:
    """Pad to the longest example on the right (causal LMs read left to right; pads come last)."""
    width = max(len(e.input_ids) for e in examples)
    ids = torch.full((len(examples), width), pad_id, dtype=torch.long)
    attention = torch.zeros((len(examples), width), dtype=torch.long)
    response = torch.zeros((len(examples), width), dtype=torch.bool)
    for row, e in enumerate(examples):
        n = len(e.input_ids)
        ids[row, :n] = torch.tensor(e.input_ids)
        attention[row, :n] = 1
        response[row, :n] = torch.tensor(e.response_mask)
    return LMBatch(ids, attention, response)


def token_logprobs(logits: torch.Tensor, input_ids: torch.Tensor) -> torch.Tensor:
    """log p(x_t | x_<t) for t = 1..T-1: shape (B, T-1), from logits (B, T, V) and ids (B, T).

    The logits at position t-1 predict token t:
    ``out[b, t-1] = log_softmax(logits[b, t-1])[input_ids[b, t]]``.

    >>> logits = torch.zeros(1, 3, 4)                 # uniform over 4 tokens
    >>> token_logprobs(logits, torch.tensor([[0, 1, 2]])).exp().tolist()
    [[0.25, 0.25]]
    """
    if logits.shape[:2] != input_ids.shape:
        raise ValueError(f"logits {tuple(logits.shape)} and input_ids {tuple(input_ids.shape)} disagree on (B, T)")
    logp = torch.log_softmax(logits[:, :-1].float(), dim=-1)
    return logp.gather(-1, input_ids[:, 1:, None]).squeeze(-1)


def response_logprobs(logits: torch.Tensor, batch: LMBatch) -> tuple[torch.Tensor, torch.Tensor]:
    """Sum and count of the response tokens' log-probs per sequence: two (B,) tensors.

    ``sum_b = sum_t response_mask[b, t] * log p(x_t | x_<t)`` over t >= 1 (the first token
    is never predicted).
    """
    per_token = token_logprobs(logits, batch.input_ids)
    mask = batch.response_mask[:, 1:].to(per_token.dtype)
    return (per_token * mask).sum(-1), mask.sum(-1)
