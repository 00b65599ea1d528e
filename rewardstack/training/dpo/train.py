"""Direct preference optimisation of a causal LM on preference pairs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from threading import Event
from typing import Any

import torch

from rewardstack.models import load_causal_lm
from rewardstack.training.bad_lines import report_bad_lines
from rewardstack.training.dpo.config import DPOConfig, IPOObjective, SigmoidObjective
from rewardstack.training.lm import EncodedExample, collate_examples, encode_example, response_logprobs
from rewardstack.training.lm.losses import dpo_loss, ipo_loss
from rewardstack.training.lm.trainer import TrainedModel, fit, prepare_output_dir
from rewardstack.training.rm.data import PreferencePair, read_preferences
from rewardstack.training.rm.progress import NullProgress, TrainProgress

__all__ = ["EncodedPreference", "dpo_batch_loss", "reference_logprobs", "train_dpo"]


@dataclass(frozen=True)
class EncodedPreference:
    """A pair as token ids, with the reference model's sequence log-probs of both sides."""

    chosen: EncodedExample
    rejected: EncodedExample
    reference_chosen: float = 0.0
    reference_rejected: float = 0.0


def _sequence_logprobs(model: Any, examples: Sequence[EncodedExample], pad_id: int) -> torch.Tensor:
    batch = collate_examples(examples, pad_id).to(model.device)
    logits = model(input_ids=batch.input_ids, attention_mask=batch.attention_mask).logits
    return response_logprobs(logits, batch)[0]


def reference_logprobs(model: Any, pairs: Sequence[EncodedPreference], pad_id: int,
                       batch_size: int) -> list[EncodedPreference]:
    """The pairs with the (frozen) reference's log p(chosen | prompt) and log p(rejected | prompt)."""
    out: list[EncodedPreference] = []
    model.eval()
    with torch.inference_mode():
        for start in range(0, len(pairs), batch_size):
            chunk = pairs[start:start + batch_size]
            logps = _sequence_logprobs(model, [p.chosen for p in chunk] + [p.rejected for p in chunk], pad_id)
            n = len(chunk)
            out += [EncodedPreference(p.chosen, p.rejected, float(logps[i]), float(logps[n + i]))
                    for i, p in enumerate(chunk)]
    return out


def dpo_batch_loss(model: Any, pairs: Sequence[EncodedPreference], pad_id: int, config: DPOConfig
                   ) -> tuple[torch.Tensor, dict[str, float]]:
    """The configured objective on one batch (chosen and rejected in one forward pass)."""
    logps = _sequence_logprobs(model, [p.chosen for p in pairs] + [p.rejected for p in pairs], pad_id)
    n = len(pairs)
    reference = torch.tensor([[p.reference_chosen, p.reference_rejected] for p in pairs], device=logps.device)
    objective = {SigmoidObjective: dpo_loss, IPOObjective: ipo_loss}[type(config.objective)]
    smoothing = config.objective.label_smoothing if isinstance(config.objective, SigmoidObjective) else 0.0
    return objective(logps[:n], logps[n:], reference[:, 0], reference[:, 1], beta=config.beta,
                     label_smoothing=smoothing)


def _encode(tokenizer: Any, pairs: Sequence[PreferencePair], max_length: int) -> list[EncodedPreference]:
    return [EncodedPreference(encode_example(tokenizer, p.prompt, p.chosen, max_length),
                              encode_example(tokenizer, p.prompt, p.rejected, max_length)) for p in pairs]


def train_dpo(config: DPOConfig, *, resume: bool = False, progress: TrainProgress | None = None,
              stop: Event | None = None, stop_at_step: int | None = None) -> TrainedModel:
    """Tune ``config.model`` with DPO on ``config.data.train``; the model is saved in ``output_dir``.

    ``resume``, ``stop`` and ``stop_at_step`` as in :func:`~rewardstack.training.sft.train_sft`. A resumed
    run computes the reference's log-probs again from the starting model (or ``reference``), never from
    the resumed weights: the same numbers as the first time.
    """
    progress = progress or NullProgress()
    prepare_output_dir(config, resume)  # before any model loads: a changed config fails at once
    data = read_preferences(config.data.train)
    report_bad_lines(progress, data.path, data.bad_lines, used=len(data.pairs))
    model, tokenizer = load_causal_lm(config.model, device=config.device, dtype=config.dtype)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    reference_model = model
    if config.reference is not None:
        reference_model, _ = load_causal_lm(config.reference, device=config.device, dtype=config.dtype)
    progress.log("computing the reference's log-probs (one pass over the pairs)")
    pairs = reference_logprobs(reference_model, _encode(tokenizer, data.pairs, config.max_length), pad_id,
                               config.batch_size)
    evaluate = None
    if config.data.validation is not None:
        held_data = read_preferences(config.data.validation, key=("data", "validation"))
        report_bad_lines(progress, held_data.path, held_data.bad_lines, used=len(held_data.pairs))
        held = reference_logprobs(reference_model, _encode(tokenizer, held_data.pairs, config.max_length), pad_id,
                                  config.batch_size)

        def evaluate(m: Any) -> dict[str, float]:
            chunks = [dpo_batch_loss(m, held[i:i + config.batch_size], pad_id, config)[1]
                      for i in range(0, len(held), config.batch_size)]
            return {k: sum(c[k] for c in chunks) / len(chunks) for k in chunks[0]} if chunks else {}

    del reference_model  # the log-probs are all the run needs from it
    return fit(model, tokenizer, pairs, lambda m, b: dpo_batch_loss(m, b, pad_id, config), config, label="dpo",
               progress=progress, stop=stop, evaluate=evaluate, resume=resume,
               stop_at_step=stop_at_step)
