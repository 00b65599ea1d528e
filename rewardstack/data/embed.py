"""Sentence embeddings with the embedded encoder (all-MiniLM-L6-v2 by default), for the shift check.

The encoder is loaded through :func:`rewardstack.models.load_encoder` (never
from a hub) and pooled as it was trained: the mean of the last hidden states
over the attention mask, then L2-normalised, so that the dot product of two
embeddings is their cosine similarity. Texts are encoded in batches sorted by
length (little padding); the result keeps the input order. Float32 on every
device, so distances do not depend on where they were computed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import torch

__all__ = ["DEFAULT_MAX_LENGTH", "embed_texts", "mean_pool"]

DEFAULT_MAX_LENGTH = 256  # all-MiniLM-L6-v2 was trained on up to 256 word pieces

def mean_pool(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """``sum_t h_t m_t / sum_t m_t`` per row (padding excluded), then L2-normalised.

    >>> import torch
    >>> hidden = torch.tensor([[[3.0, 0.0], [0.0, 4.0], [9.0, 9.0]]])  # the third token is padding
    >>> mean_pool(hidden, torch.tensor([[1, 1, 0]])).tolist()
    [[0.6000000238418579, 0.800000011920929]]
    """
    import torch

    weights = mask.unsqueeze(-1).to(hidden.dtype)
    summed = (hidden * weights).sum(dim=1)
    pooled = summed / weights.sum(dim=1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, p=2, dim=1)


def embed_texts(texts: Sequence[str], *, model: str = "all-minilm-l6-v2", batch_size: int = 64,
                max_length: int = DEFAULT_MAX_LENGTH, device: str | None = None,
                advance: Callable[[int], None] | None = None) -> np.ndarray:
    """``len(texts) x dim`` float32 unit vectors, in input order (module docstring).

    ``advance(n)`` is called after each batch of ``n`` texts (a progress bar's hook).
    """
    import torch

    from rewardstack.models import load_encoder

    encoder, tokenizer = load_encoder(model, device=device, dtype="float32")
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), int(encoder.config.hidden_size)), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            chunk = order[start:start + batch_size]
            batch = tokenizer([texts[i] for i in chunk], padding=True, truncation=True, max_length=max_length,
                              return_tensors="pt").to(encoder.device)
            hidden = encoder(**batch).last_hidden_state
            out[chunk] = mean_pool(hidden, batch["attention_mask"]).float().cpu().numpy()
            if advance is not None:
                advance(len(chunk))
    return out
