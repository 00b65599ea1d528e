"""The reward forward pass (one scalar per sequence) and length bucketing of a call.

Where the scalar is read (the same code scores and trains, so a checkpoint is
read the way it was trained):

- **encoders** (BERT, MiniLM, RoBERTa, ...): the model's own sequence
  classification output, i.e. its head on the pooled first token. Encoders are
  always padded on the right: their absolute positions start at the first token.
- **causal backbones** (Llama, SmolLM2, Qwen, GPT-2, ...): the ``score`` head on
  the hidden state of the **last real token**, found from the attention mask,
  with position ids counted over real tokens only. transformers' own pooling
  finds the last token by ``pad_token_id``, which misreads a sequence that ends
  with a real token equal to the pad token (SmolLM2 pads with ``<|im_end|>``,
  which its chat template also writes); the mask never does, and left and right
  padding give the same scores.

A model is causal when its ``model_type`` has a causal-LM class in transformers
and no masked-LM class (BERT has both: it is an encoder).

Length bucketing (:func:`plan_buckets`): a call's samples are sorted by length
and cut into forward passes whose padding stays small. Cutting costs one more
forward pass; not cutting costs padding for every sample already in the bucket.
A new bucket starts when the padding the next sample would add to the current
bucket exceeds :data:`PASS_OVERHEAD_TOKENS`, the fixed cost of one pass
expressed in tokens. No bucket is larger than the call itself, so the engine's
``batch.max_tokens`` bound still holds.

>>> plan_buckets([5, 50, 6, 52, 7], overhead_tokens=64)
[[0, 2, 4], [1, 3]]
>>> plan_buckets([5, 50, 6, 52, 7], overhead_tokens=1_000)
[[0, 2, 4, 1, 3]]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch
    from transformers import PretrainedConfig, PreTrainedModel

__all__ = ["PASS_OVERHEAD_TOKENS", "is_causal", "plan_buckets", "reward_head", "sequence_rewards"]

# One forward pass costs about as much as this many padded tokens beyond its real work (kernel
# launches, Python, the head). Measured on the 2-core development machine with all-MiniLM-L6-v2
# (benchmarks/perf/preference_source.py); on a GPU the fixed cost is larger still, so this errs
# towards fewer, fuller passes.
PASS_OVERHEAD_TOKENS = 256


def is_causal(config: PretrainedConfig) -> bool:
    """True for decoder-only backbones (score at the last real token), False for encoders (pooled output)."""
    from transformers.models.auto.modeling_auto import (
        MODEL_FOR_CAUSAL_LM_MAPPING_NAMES,
        MODEL_FOR_MASKED_LM_MAPPING_NAMES,
    )

    kind = getattr(config, "model_type", None)
    return kind in MODEL_FOR_CAUSAL_LM_MAPPING_NAMES and kind not in MODEL_FOR_MASKED_LM_MAPPING_NAMES


def reward_head(model: PreTrainedModel) -> torch.nn.Module:
    """The linear head of a causal sequence-classification model (``score`` in transformers)."""
    import torch

    head = getattr(model, "score", None)
    if not isinstance(head, torch.nn.Module):
        raise ValueError(f"{type(model).__name__} has no `score` head; a causal reward model needs "
                         "AutoModelForSequenceClassification's `score` layer")
    return head


def sequence_rewards(model: PreTrainedModel, batch: Mapping[str, torch.Tensor], *, causal: bool) -> torch.Tensor:
    """One float32 reward per row of ``batch`` (``input_ids``, ``attention_mask``, optional segment ids)."""
    import torch

    if not causal:
        return model(**batch).logits[:, 0].float()
    mask = batch["attention_mask"]
    positions = (mask.cumsum(-1) - 1).clamp(min=0)  # real tokens count 0, 1, ...; left pads sit at 0
    hidden = model.base_model(input_ids=batch["input_ids"], attention_mask=mask, position_ids=positions,
                              use_cache=False).last_hidden_state
    steps = torch.arange(mask.shape[1], device=mask.device)
    last = (steps * mask).argmax(-1)  # the last real token, whichever side the padding is on
    pooled = hidden[torch.arange(hidden.shape[0], device=hidden.device), last]
    rewards: torch.Tensor = reward_head(model)(pooled)[:, 0].float()
    return rewards


def plan_buckets(lengths: Sequence[int], *, overhead_tokens: int = PASS_OVERHEAD_TOKENS) -> list[list[int]]:
    """Positions of each forward pass: shortest first, cut where padding would outgrow a pass's overhead."""
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i))
    buckets: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for i in order:
        if current and len(current) * (lengths[i] - longest) > overhead_tokens:
            buckets.append(current)
            current = []
        current.append(i)
        longest = lengths[i]
    if current:
        buckets.append(current)
    return buckets
