"""Supervised fine-tuning of a causal LM on demonstrations (loss on response tokens only)."""

from __future__ import annotations

from collections.abc import Sequence
from threading import Event
from typing import Any

import torch

from rewardstack.models import load_causal_lm
from rewardstack.training.bad_lines import report_bad_lines
from rewardstack.training.lm import EncodedExample, collate_examples, encode_example, token_logprobs
from rewardstack.training.lm.losses import masked_nll
from rewardstack.training.lm.trainer import TrainedModel, fit, prepare_output_dir
from rewardstack.training.rm.progress import NullProgress, TrainProgress
from rewardstack.training.sft.config import SFTConfig
from rewardstack.training.sft.data import Demonstration, read_demonstrations

__all__ = ["sft_batch_loss", "train_sft"]


def sft_batch_loss(model: Any, examples: Sequence[EncodedExample],
                   pad_id: int) -> tuple[torch.Tensor, dict[str, float]]:
    """Mean NLL of the response tokens of a batch (:func:`masked_nll`), with its token count."""
    batch = collate_examples(examples, pad_id).to(model.device)
    logits = model(input_ids=batch.input_ids, attention_mask=batch.attention_mask).logits
    per_token = token_logprobs(logits, batch.input_ids)
    mask = batch.response_mask[:, 1:]
    return masked_nll(per_token, mask), {"tokens": float(mask.sum())}


def _encode(tokenizer: Any, items: Sequence[Demonstration], max_length: int) -> list[EncodedExample]:
    return [encode_example(tokenizer, d.prompt, d.response, max_length) for d in items]


def train_sft(config: SFTConfig, *, resume: bool = False, progress: TrainProgress | None = None,
              stop: Event | None = None, stop_at_step: int | None = None) -> TrainedModel:
    """Fine-tune ``config.model`` on ``config.data.train``; the model is saved in ``output_dir``.

    Bad lines are skipped and reported through ``progress``; ``stop`` ends the run after the current step
    with its resume state saved (:class:`~rewardstack.training.lm.trainer.LMTrainingStopped`), and
    ``resume`` goes on from it; ``stop_at_step``: end there, state saved (:func:`~rewardstack.training.lm.trainer.fit`).
    """
    progress = progress or NullProgress()
    prepare_output_dir(config, resume)  # before any model loads: a changed config fails at once
    train = read_demonstrations(config.data.train)
    report_bad_lines(progress, train.path, train.bad_lines, used=len(train.items))
    model, tokenizer = load_causal_lm(config.model, device=config.device, dtype=config.dtype)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    examples = _encode(tokenizer, train.items, config.max_length)
    truncated = sum(e.truncated for e in examples)
    if truncated:
        progress.log(f"{truncated} of {len(examples)} demonstrations truncated to max_length {config.max_length}")
    evaluate = None
    if config.data.validation is not None:
        held = _encode(tokenizer, read_demonstrations(config.data.validation, key=("data", "validation")).items,
                       config.max_length)

        def evaluate(m: Any) -> dict[str, float]:
            losses = [sft_batch_loss(m, held[i:i + config.batch_size], pad_id)[0].item()
                      for i in range(0, len(held), config.batch_size)]
            return {"nll": sum(losses) / max(1, len(losses))}

    return fit(model, tokenizer, examples, lambda m, b: sft_batch_loss(m, b, pad_id), config, label="sft",
               progress=progress, stop=stop, evaluate=evaluate, resume=resume,
               stop_at_step=stop_at_step)
