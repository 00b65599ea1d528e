"""One reward model in memory: weights, tokenizer, text layout, normalisation; scoring with length buckets.

:meth:`RewardModel.load` takes anything :func:`rewardstack.models.resolve_model`
does (an embedded name, a folder, a Hugging Face id in the local cache):

- a **checkpoint** written by ``rewardstack train rm`` (its ``rewardstack-rm.json``
  gives max_length and the normalisation statistics);
- any ``AutoModelForSequenceClassification`` folder with **one** output (used
  as it is, raw scores); a head with more outputs is refused;
- a bare **backbone** (``all-minilm-l6-v2``, ``tiny-lm``, ...): a fresh one-output
  head is initialised from ``head_seed``. Its scores mean nothing until trained,
  so scoring with one warns; the trainer starts from exactly this.

Device and dtype follow :func:`rewardstack.models.pick_device_dtype` (CUDA +
bfloat16 when present, CPU + float32 otherwise). Rewards leave the model as
float32. In float32 a text's score does not depend on what it is batched or
padded with (within 1e-4; tests hold it to that); bfloat16 is only as close as
bfloat16 allows.

>>> import warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     rm = RewardModel.load("tiny-encoder", device="cpu")
>>> rm.architecture, rm.encoder.layout, rm.trained
('encoder', 'chat_template', False)
>>> raw = rm.raw_rewards([rm.encoder.encode("Name a fruit.", "A banana.")])
>>> raw.shape
(1,)
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from rewardstack.core.errors import ConfigError, ModelUnavailable
from rewardstack.models import load_tokenizer, model_fingerprint, pick_device_dtype, resolve_model
from rewardstack.models.quiet import quiet_transformers
from rewardstack.rewards.preference.checkpoint import RewardModelMeta, checkpoint_fingerprint, read_meta
from rewardstack.rewards.preference.forward import (
    is_causal,
    pass_overhead_tokens,
    plan_buckets,
    reward_head,
    sequence_rewards,
)
from rewardstack.rewards.preference.text import Encoded, RewardTextEncoder, collate

if TYPE_CHECKING:
    import torch
    from transformers import PretrainedConfig, PreTrainedModel, PreTrainedTokenizerBase

__all__ = ["DEFAULT_HEAD_SEED", "MAX_DEFAULT_LENGTH", "RewardModel", "text_encoder"]

DEFAULT_HEAD_SEED = 0
MAX_DEFAULT_LENGTH = 4096  # without a checkpoint or max_length: the model's limit, at most this
_HEAD_PREFIXES = ("classifier.", "score.", "pooler.")  # what a backbone may lack: the head (and BERT's pooler)


@contextmanager
def _quiet_loading() -> Iterator[None]:
    """No progress bars and no per-load "LOAD REPORT" tables (we report a fresh head ourselves)."""
    from transformers.utils import logging as hf_logging

    level = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()
    try:
        with quiet_transformers():
            yield
    finally:
        hf_logging.set_verbosity(level)


@contextmanager
def _reading(label: str, folder: Path) -> Iterator[None]:
    """Quiet loading; a folder transformers cannot read is a ModelUnavailable that says what to name instead."""
    try:
        with _quiet_loading():
            yield
    except (OSError, ValueError, KeyError) as exc:
        raise ModelUnavailable(f"cannot load {label!r} ({folder}) as a reward model: {type(exc).__name__}: "
                               f"{exc}\nFix: name a folder with config.json, weights and tokenizer, an "
                               "embedded model, or a checkpoint of `rewardstack train rm`") from None


def _check_outputs(config: PretrainedConfig, name: str) -> bool:
    """True when the folder already has a sequence-classification head (which must have one output)."""
    has_head = any(str(a).endswith("ForSequenceClassification") for a in (config.architectures or []))
    if has_head and config.num_labels != 1:
        raise ConfigError(f"model {name!r} has a classification head with {config.num_labels} outputs; a reward "
                          "model needs exactly one (train one with `rewardstack train rm`)")
    return has_head


class RewardModel:
    """A loaded reward model; build it with :meth:`load`."""

    def __init__(self, name: str, model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase,
                 encoder: RewardTextEncoder, meta: RewardModelMeta | None, *, fresh_head: bool,
                 head_seed: int, fingerprint: str):
        self.name = name
        self.model = model
        self.tokenizer = tokenizer
        self.encoder = encoder
        self.meta = meta
        self.fresh_head = fresh_head
        self.head_seed = head_seed
        self.causal = is_causal(model.config)
        self._padding_side: Literal["left", "right"] = (
            "left" if self.causal and tokenizer.padding_side == "left" else "right")
        self._fingerprint = fingerprint
        self.bucket_overhead_tokens = pass_overhead_tokens(model.device.type)  # speed only: scores never move

    # --- loading ---------------------------------------------------------------
    @classmethod
    def load(
        cls, name: str | os.PathLike[str], *, device: str | torch.device | None = None,
        dtype: str | torch.dtype | None = None, max_length: int | None = None,
        head_seed: int = DEFAULT_HEAD_SEED,
    ) -> RewardModel:
        """Load a checkpoint, a one-output classifier or a backbone (see the module docstring)."""
        import torch
        from transformers import AutoConfig, AutoModelForSequenceClassification

        label = os.fspath(name)
        folder = resolve_model(name)
        meta = read_meta(folder)
        target_device, target_dtype = pick_device_dtype(device, dtype)
        with _reading(label, folder):
            config = AutoConfig.from_pretrained(folder, local_files_only=True)
        has_head = _check_outputs(config, label)
        with _reading(label, folder), torch.random.fork_rng(devices=[]):
            torch.manual_seed(head_seed)  # a fresh head is the same every time, seeded here
            model, info = AutoModelForSequenceClassification.from_pretrained(
                folder, num_labels=1, dtype=target_dtype, local_files_only=True, output_loading_info=True)
        missing = sorted(info.get("missing_keys", ()))
        not_head = [k for k in missing if not k.startswith(_HEAD_PREFIXES)]
        if not_head or (missing and (meta is not None or has_head)):
            raise ModelUnavailable(f"{label!r} ({folder}) lacks weights {', '.join(missing[:5])}"
                                   f"{' ...' if len(missing) > 5 else ''}: the folder is damaged or incomplete")
        tokenizer = _tokenizer(name, meta is not None)
        model.config.pad_token_id = tokenizer.pad_token_id
        model.to(target_device)  # type: ignore[arg-type]
        model.eval()
        length = max_length or (meta.max_length if meta is not None else _model_limit(config, tokenizer))
        fresh = bool(missing)
        fingerprint = checkpoint_fingerprint(folder) if meta is not None else model_fingerprint(name)
        if fresh:
            fingerprint += f"+fresh-head:seed{head_seed}"
        rm = cls(label, model, tokenizer, RewardTextEncoder(tokenizer, length, causal=is_causal(config)), meta,
                 fresh_head=fresh,
                 head_seed=head_seed, fingerprint=fingerprint)
        if rm.causal:
            reward_head(model)  # a causal classifier without a `score` layer is refused here, not per call
        return rm

    # --- what it is ------------------------------------------------------------
    @property
    def architecture(self) -> Literal["encoder", "causal"]:
        return "causal" if self.causal else "encoder"

    @property
    def trained(self) -> bool:
        """A checkpoint of `rewardstack train rm`, or a one-output classifier loaded as it is."""
        return not self.fresh_head

    @property
    def padding_side(self) -> Literal["left", "right"]:
        """The tokenizer's side for causal models (either gives the same scores); always right for encoders."""
        return self._padding_side

    @padding_side.setter
    def padding_side(self, side: Literal["left", "right"]) -> None:
        if side == "left" and not self.causal:
            raise ValueError("encoders are padded on the right: their absolute positions start at the first token")
        self._padding_side = side

    @property
    def device(self) -> torch.device:
        return self.model.device

    def fingerprint(self) -> str:
        """Weights identity: checkpoint weights + statistics hash, or the backbone's fingerprint (+ head seed)."""
        return self._fingerprint

    def normalize(self, raw: np.ndarray) -> np.ndarray:
        """Apply the checkpoint's statistics; raw values pass unchanged for models without them."""
        if self.meta is None:
            return raw
        stats = self.meta.normalization
        return (raw - stats.mean) / stats.std

    # --- scoring ---------------------------------------------------------------
    def forward(self, encoded: Sequence[Encoded]) -> torch.Tensor:
        """Rewards of one padded batch, with gradients when the caller allows them (training)."""
        batch = collate(encoded, pad_id=int(self.tokenizer.pad_token_id), padding_side=self.padding_side,
                        device=self.device)
        return sequence_rewards(self.model, batch, causal=self.causal)

    def raw_rewards(self, encoded: Sequence[Encoded]) -> np.ndarray:
        """Raw rewards of any number of encodings: sorted by length, one forward pass per bucket."""
        import torch

        out = np.empty(len(encoded), dtype=np.float64)
        with torch.inference_mode():
            for bucket in plan_buckets([len(e.ids) for e in encoded], overhead_tokens=self.bucket_overhead_tokens):
                values = self.forward([encoded[i] for i in bucket])
                out[bucket] = values.cpu().numpy()
        return out

    def close(self) -> None:
        """Free the device memory this model holds (the object is unusable afterwards); idempotent."""
        import torch

        if "model" not in vars(self):
            return
        on_cuda = self.model.device.type == "cuda"
        del self.model
        if on_cuda:
            torch.cuda.empty_cache()


def _tokenizer(name: str | os.PathLike[str], checkpoint: bool) -> PreTrainedTokenizerBase:
    # a checkpoint's own folder holds the tokenizer it was trained with
    tokenizer = load_tokenizer(resolve_model(name) if checkpoint else name)
    if tokenizer.pad_token_id is None:
        raise ConfigError(f"the tokenizer of {os.fspath(name)!r} has neither a pad nor an eos token; batching "
                          "needs one")
    return tokenizer


def text_encoder(name: str | os.PathLike[str], max_length: int | None = None) -> RewardTextEncoder:
    """The text encoder a model would use, without loading its weights (the trainer encodes pairs once)."""
    from transformers import AutoConfig

    folder = resolve_model(name)
    meta = read_meta(folder)
    tokenizer = _tokenizer(name, meta is not None)
    with _reading(os.fspath(name), folder):
        config = AutoConfig.from_pretrained(folder, local_files_only=True)
    if max_length is None:
        max_length = meta.max_length if meta is not None else _model_limit(config, tokenizer)
    return RewardTextEncoder(tokenizer, max_length, causal=is_causal(config))


def _model_limit(config: PretrainedConfig, tokenizer: PreTrainedTokenizerBase) -> int:
    limits = [MAX_DEFAULT_LENGTH, int(getattr(config, "max_position_embeddings", 0) or MAX_DEFAULT_LENGTH)]
    if isinstance(tokenizer.model_max_length, int) and tokenizer.model_max_length > 1:
        limits.append(tokenizer.model_max_length)
    return min(limits)

