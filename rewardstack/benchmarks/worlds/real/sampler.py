"""Batched, seeded sampling from a causal LM, with each sample's log-probability under the sampler.

Prompts are chat messages rendered with the tokenizer's chat template, left-padded into
batches (a decoder-only model continues from the right edge), and sampled with
``temperature`` and no top-p/top-k truncation, so the recorded log-probability of a sample is
exactly ``log pi0(y | x)`` of the distribution it was drawn from: the sum over its new tokens of
``log softmax(logits / temperature)``, up to and including the end-of-turn token (tokens the
batch pads in after it are not part of the sample).

Seeding: ``torch.manual_seed(seed + batch index)`` before each batch, so a run is identical on
the same machine, batch size and library versions (float results can differ across CPU/GPU).

>>> from rewardstack.models import load_causal_lm
>>> model, tok = load_causal_lm("tiny-lm", device="cpu")
>>> cfg = Sampling(temperature=1.0, max_new_tokens=4, batch_size=4, seed=0)
>>> a = sample_texts(model, tok, ["Hi", "Add 2 and 2"], n=2, sampling=cfg)
>>> b = sample_texts(model, tok, ["Hi", "Add 2 and 2"], n=2, sampling=cfg)
>>> [len(x) for x in a], a == b, a[0][0].logprob < 0 and a[0][0].tokens <= 4
([2, 2], True, True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import torch
from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Generation", "Sampling", "sample_texts"]


class Sampling(BaseModel):
    """How candidates are drawn (recorded in the pool's provenance)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    temperature: float = Field(default=0.8, gt=0)
    max_new_tokens: int = Field(default=128, ge=1)
    batch_size: int = Field(default=16, ge=1)
    seed: int = 0


@dataclass(frozen=True)
class Generation:
    """One sampled response: text, ``log pi0(y|x)`` (nats), its token count, whether it ended by itself."""

    text: str
    logprob: float
    tokens: int
    finished: bool


def _render(tokenizer: Any, user: str) -> str:
    messages = [{"role": "user", "content": user}]
    if getattr(tokenizer, "chat_template", None):
        return str(tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False))
    return user + "\n"  # a tokenizer without a template (tiny test models): the bare text


@torch.no_grad()
def _batch(model: Any, tokenizer: Any, texts: list[str], sampling: Sampling, seed: int) -> list[Generation]:
    tokenizer.padding_side = "left"
    enc = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False).to(model.device)
    torch.manual_seed(seed)
    eos = tokenizer.eos_token_id
    out = model.generate(
        **enc,
        do_sample=True,
        temperature=sampling.temperature,
        top_p=1.0,
        top_k=0,
        max_new_tokens=sampling.max_new_tokens,
        pad_token_id=tokenizer.pad_token_id if tokenizer.pad_token_id is not None else eos,
        eos_token_id=eos,
        output_scores=True,
        return_dict_in_generate=True,
    )
    new = out.sequences[:, enc["input_ids"].shape[1] :]
    step_logprobs = model.compute_transition_scores(out.sequences, out.scores, normalize_logits=True)
    results = []
    for row, lps in zip(new.tolist(), step_logprobs.float().cpu(), strict=True):
        end = row.index(eos) + 1 if eos in row else len(row)
        results.append(
            Generation(
                text=tokenizer.decode(row[:end], skip_special_tokens=True).strip(),
                logprob=float(lps[:end].sum()),
                tokens=end,
                finished=eos in row,
            )
        )
    return results


def sample_texts(
    model: Any,
    tokenizer: Any,
    prompts: Sequence[str],
    *,
    n: int,
    sampling: Sampling,
    progress: Callable[[int, int], None] | None = None,
) -> list[list[Generation]]:
    """``n`` samples for each user message in ``prompts`` (one list per prompt, in order)."""
    rendered = [_render(tokenizer, p) for p in prompts for _ in range(n)]
    flat: list[Generation] = []
    for b, start in enumerate(range(0, len(rendered), sampling.batch_size)):
        flat += _batch(model, tokenizer, rendered[start : start + sampling.batch_size], sampling, sampling.seed + b)
        if progress is not None:
            progress(len(flat), len(rendered))
    return [flat[i * n : (i + 1) * n] for i in range(len(prompts))]
