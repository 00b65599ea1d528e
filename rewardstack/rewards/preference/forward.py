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
bucket exceeds the fixed cost of one pass expressed in tokens
(:func:`pass_overhead_tokens`). No bucket is larger than the call itself, so
the engine's ``batch.max_tokens`` bound still holds. Scores never depend on
the cut (the invariance tests hold them to 1e-4): it is a speed choice only.

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

__all__ = [
    "OTHER_DEVICE_OVERHEAD_TOKENS",
    "PASS_OVERHEAD_TOKENS",
    "is_causal",
    "pass_overhead_tokens",
    "plan_buckets",
    "reward_head",
    "sequence_rewards",
]

# What one forward pass costs beyond its tokens, in padded tokens, per device type. CPU: two sweeps with
# all-MiniLM-L6-v2 on 256 mixed-length samples in calls of 64 (benchmarks/perf/preference_source.py, 2-core
# shared machine, noisy) were fastest between 32 and 128 (source seconds at 0/32/64/128/256/1024: 7.4, 5.7,
# 5.7, 6.0, 8.2, 13.7 and 9.0, 8.1, 7.7, 6.8, 8.1, 12.2). GPU: not measured here (CI has no GPU); a pass costs
# milliseconds of kernel launches while a padded token costs microseconds, so fewer, fuller passes win there,
# hence the larger value for every other device.
PASS_OVERHEAD_TOKENS: dict[str, int] = {"cpu": 64}
OTHER_DEVICE_OVERHEAD_TOKENS = 1024


def pass_overhead_tokens(device_type: str) -> int:
    """The bucket rule's constant for a device type (``"cpu"``, ``"cuda"``, ...).

    >>> pass_overhead_tokens("cpu"), pass_overhead_tokens("cuda")
    (64, 1024)
    """
    return PASS_OVERHEAD_TOKENS.get(device_type, OTHER_DEVICE_OVERHEAD_TOKENS)


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


def plan_buckets(lengths: Sequence[int], *, overhead_tokens: int = PASS_OVERHEAD_TOKENS["cpu"]) -> list[list[int]]:
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
