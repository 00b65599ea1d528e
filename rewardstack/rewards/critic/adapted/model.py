"""An adapted judge in memory: backbone + adapters, answering requests with P("Yes").

:meth:`AdaptedJudgeModel.load` reads a checkpoint folder (default: the shipped one);
:meth:`AdaptedJudgeModel.fresh` builds an untrained one for the trainer. ``p_yes`` scores a batch of
requests in inference mode, longest first in chunks (bounded padding), and returns float64
probabilities in request order: ``sigmoid(z / temperature)``.

>>> import warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     judge = AdaptedJudgeModel.load(device="cpu")
>>> from rewardstack.rewards.critic.judges.base import JudgeRequest
>>> p = judge.p_yes([JudgeRequest(prompt="Principle: be kind.\\nResponse: Hi!\\nAnswer Yes or No.")])
>>> p.shape, 0.0 < float(p[0]) < 1.0
((1,), True)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rewardstack.core.errors import ConfigError
from rewardstack.models import load_causal_lm, load_encoder, model_fingerprint
from rewardstack.rewards.critic.adapted.checkpoint import (
    DEFAULT_JUDGE_DIR,
    WEIGHTS_FILE,
    AdaptedJudgeMeta,
    checkpoint_fingerprint,
    read_meta,
)
from rewardstack.rewards.critic.adapted.net import JudgeNet, LoraSpec, Method
from rewardstack.rewards.critic.judges.base import JudgeRequest

if TYPE_CHECKING:
    import torch

__all__ = ["AdaptedJudgeModel"]


class AdaptedJudgeModel:
    """A :class:`JudgeNet` plus its temperature and identity."""

    def __init__(self, net: JudgeNet, *, temperature: float = 1.0, fingerprint: str = "untrained",
                 meta: AdaptedJudgeMeta | None = None):
        self.net, self.temperature, self.meta = net, temperature, meta
        self._fingerprint = fingerprint

    @classmethod
    def fresh(cls, method: Method, backbone: str, *, max_length: int, lora: LoraSpec, seed: int,
              device: str | torch.device | None = None, dtype: str | torch.dtype | None = None
              ) -> AdaptedJudgeModel:
        """An untrained judge on ``backbone`` (adapters and head initialised from ``seed``)."""
        load = load_encoder if method == "cross_encoder" else load_causal_lm
        model, tokenizer = load(backbone, device=device, dtype=dtype)
        net = JudgeNet(method, model, tokenizer, max_length=max_length, lora=lora, seed=seed)
        return cls(net, fingerprint=f"untrained:{model_fingerprint(backbone)}:{seed}")

    @classmethod
    def load(cls, path: str | Path | None = None, *, device: str | torch.device | None = None,
             dtype: str | torch.dtype | None = None) -> AdaptedJudgeModel:
        """A trained judge from a checkpoint folder (``None``: the one shipped with rewardstack)."""
        from safetensors import SafetensorError
        from safetensors.torch import load_file

        folder = Path(path) if path is not None else DEFAULT_JUDGE_DIR
        meta = read_meta(folder)
        judge = cls.fresh(meta.method, meta.backbone, max_length=meta.max_length, lora=meta.lora, seed=0,
                          device=device, dtype=dtype)
        try:
            state = load_file(folder / WEIGHTS_FILE)
            judge.net.load_trainable(state)
        except (OSError, ValueError, SafetensorError) as exc:  # a damaged file; adapters of another shape
            raise ConfigError(f"{folder / WEIGHTS_FILE}: cannot load the adapter ({exc}); train the judge again") \
                from None
        judge.temperature, judge.meta = meta.temperature, meta
        judge._fingerprint = f"{checkpoint_fingerprint(folder)}:{model_fingerprint(meta.backbone)}"
        judge.net.train(False)
        return judge

    def fingerprint(self) -> str:
        """Adapter + meta hash and the backbone's weights identity."""
        return self._fingerprint

    def logits(self, requests: Sequence[JudgeRequest], batch_size: int = 32) -> np.ndarray:
        """Raw ``z`` per request (before the temperature), in request order, without gradients."""
        import torch

        encoded = [self.net.encode(r) for r in requests]
        order = sorted(range(len(encoded)), key=lambda i: -len(encoded[i]))
        out = np.empty(len(encoded), dtype=np.float64)
        was_training = self.net.model.training
        self.net.train(False)
        try:
            with torch.inference_mode():
                for start in range(0, len(order), batch_size):
                    chunk = order[start:start + batch_size]
                    out[chunk] = self.net.logits(self.net.collate([encoded[i] for i in chunk])).cpu().numpy()
        finally:
            self.net.train(was_training)
        return out

    def p_yes(self, requests: Sequence[JudgeRequest], batch_size: int = 32) -> np.ndarray:
        """P("Yes") per request: ``sigmoid(z / temperature)``."""
        z = self.logits(requests, batch_size) / self.temperature
        return 1.0 / (1.0 + np.exp(-z))

    def close(self) -> None:
        """Free the device memory the model holds (the object is unusable afterwards); idempotent."""
        import torch

        if "net" not in vars(self):
            return
        on_cuda = self.net.device.type == "cuda"
        del self.net
        if on_cuda:
            torch.cuda.empty_cache()
