"""The embedding half of the linking index: alias vectors from the embedded encoder, nearest neighbours.

At import, every distinct normalised alias is embedded with ``all-minilm-l6-v2``
(through :mod:`rewardstack.models`, never a hub; mean-pooled and L2-normalised,
see :mod:`rewardstack.data.embed`) and stored with the KB, with the encoder's
name and weights fingerprint in the KB's meta. At link time a mention no alias
matches is embedded with the same encoder and compared by dot product (=
cosine) with every stored vector: exact search, ~0.1 ms per 1,000 aliases.

The encoder is loaded on the first mention that needs it (a few seconds the
first time in a process), never for responses whose mentions all match an
alias.

>>> import numpy as np
>>> index = VectorIndex(["ibuprofen", "warfarin"], np.eye(2, dtype=np.float32))
>>> index.nearest(np.array([[0.6, 0.8]], dtype=np.float32))
[('warfarin', 0.8)]
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from rewardstack.core.errors import RewardStackError

__all__ = ["DEFAULT_ENCODER", "Encoder", "EncoderUnavailable", "VectorIndex", "encoder_fingerprint"]

DEFAULT_ENCODER = "all-minilm-l6-v2"


class EncoderUnavailable(RuntimeError):
    """The encoder cannot be loaded here (the ``models`` extra is missing, or its files are broken)."""


def encoder_fingerprint(model: str) -> str:
    """The weights identity of ``model`` (stored in the KB's meta; part of the source's fingerprint)."""
    from rewardstack.models import model_fingerprint

    return str(model_fingerprint(model))


class Encoder:
    """Texts -> float32 unit vectors with one encoder, loaded on first use (thread-safe)."""

    def __init__(self, model: str = DEFAULT_ENCODER):
        self.model = model
        self._lock = threading.Lock()
        self._loaded: tuple[object, object] | None = None

    def _load(self) -> tuple[object, object]:
        with self._lock:
            if self._loaded is None:
                try:
                    from rewardstack.models import load_encoder

                    # CPU float32 always: a handful of short words per batch is no GPU job, and vectors
                    # computed at import and at scoring then never differ by device or dtype
                    self._loaded = load_encoder(self.model, device="cpu", dtype="float32")
                except (ImportError, OSError, RewardStackError) as exc:  # no `models` extra, broken files
                    raise EncoderUnavailable(f"encoder {self.model!r} cannot be loaded: {exc}") from exc
            return self._loaded

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """``len(texts) x dim`` unit vectors (mean-pooled as the encoder was trained)."""
        import torch

        from rewardstack.data.embed import DEFAULT_MAX_LENGTH, mean_pool

        encoder, tokenizer = self._load()
        with torch.inference_mode():
            batch = tokenizer(list(texts), padding=True, truncation=True,  # type: ignore[operator]
                              max_length=DEFAULT_MAX_LENGTH, return_tensors="pt")
            hidden = encoder(**batch).last_hidden_state  # type: ignore[operator]
            return mean_pool(hidden, batch["attention_mask"]).float().numpy()


class VectorIndex:
    """Exact nearest-neighbour search over the stored alias vectors."""

    def __init__(self, keys: Sequence[str], vectors: np.ndarray):
        self.keys = list(keys)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)

    def __len__(self) -> int:
        return len(self.keys)

    def nearest(self, queries: np.ndarray) -> list[tuple[str, float]]:
        """Per query row: the closest key and its cosine similarity (rounded to 4 digits)."""
        if not self.keys:
            return [("", 0.0) for _ in range(len(queries))]
        similarity = queries @ self.vectors.T
        best = similarity.argmax(axis=1)
        return [(self.keys[int(b)], round(float(similarity[i, b]), 4)) for i, b in enumerate(best)]
