"""The reward-model checkpoint format written by ``rewardstack train rm`` and read by ``preference_model``.

A checkpoint is a Hugging Face folder (``save_pretrained`` of an
``AutoModelForSequenceClassification`` with one output, plus its tokenizer)
with one more file, ``rewardstack-rm.json``, written **last**: a folder
without it is not a finished checkpoint. It records the backbone, how text is
laid out, the ``max_length`` trained with and the **normalisation statistics**
(mean and std of the rewards on the training set), which the source applies:

    score = (raw - mean) / std

so 0 is an average training response and 1 is one standard deviation above
it, whatever the run; two checkpoints (and the members of an ensemble) are on
one scale.

An ensemble is a folder with ``rewardstack-ensemble.json`` (written last)
naming member folders inside it, each a checkpoint as above.

The fingerprint of a checkpoint (part of the result-cache key) is a SHA-256 of
its weight files and its ``rewardstack-rm.json``: retraining into the same
folder never serves old cached scores.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> meta = RewardModelMeta(backbone="tiny-encoder", architecture="encoder", layout="chat_template",
...                        max_length=128, normalization=Normalization(mean=0.5, std=2.0, responses=10))
>>> write_meta(folder, meta)
>>> read_meta(folder).normalization.apply(2.5)
1.0
>>> checkpoint_fingerprint(folder).startswith("rm@sha256:")
True
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rewardstack.core.errors import ConfigError
from rewardstack.models.store import sha256_file
from rewardstack.rewards.preference.text import Layout

__all__ = [
    "ENSEMBLE_FILE",
    "META_FILE",
    "EnsembleManifest",
    "Normalization",
    "RewardModelMeta",
    "checkpoint_fingerprint",
    "ensemble_members",
    "read_meta",
    "write_ensemble",
    "write_meta",
]

META_FILE = "rewardstack-rm.json"
ENSEMBLE_FILE = "rewardstack-ensemble.json"
_WEIGHT_SUFFIXES = (".safetensors", ".bin")
_memo: dict[tuple[str, int, int], str] = {}


class Normalization(BaseModel):
    """Mean and std of the raw rewards of the training set's responses (chosen and rejected)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    mean: float
    std: float = Field(gt=0)
    responses: int = Field(ge=0)

    def apply(self, raw: float) -> float:
        return (raw - self.mean) / self.std


class RewardModelMeta(BaseModel):
    """``rewardstack-rm.json``: what the scorer needs beyond the Hugging Face files."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    format: Literal["rewardstack-reward-model"] = "rewardstack-reward-model"
    version: Literal[1] = 1
    backbone: str
    architecture: Literal["encoder", "causal"]
    layout: Layout
    max_length: int = Field(ge=2)
    normalization: Normalization
    training: dict[str, Any] = Field(default_factory=dict)  # seed, epochs, member, validation accuracy


class EnsembleManifest(BaseModel):
    """``rewardstack-ensemble.json``: the member folders, relative to the ensemble folder."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["rewardstack-reward-model-ensemble"] = "rewardstack-reward-model-ensemble"
    version: Literal[1] = 1
    members: list[str] = Field(min_length=1)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read it ({exc}); retrain, or remove the file to use the folder "
                          "as a plain Hugging Face model") from None


def _validate(model: type[BaseModel], path: Path) -> Any:
    try:
        return model.model_validate(_read_json(path))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ConfigError(f"{path}: {where}: {first['msg']} (not a checkpoint this version of rewardstack "
                          "wrote; retrain it)") from None


def read_meta(folder: str | os.PathLike[str]) -> RewardModelMeta | None:
    """The folder's ``rewardstack-rm.json``, or None when it has none (a plain model or backbone)."""
    path = Path(folder) / META_FILE
    if not path.is_file():
        return None
    meta: RewardModelMeta = _validate(RewardModelMeta, path)
    return meta


def write_meta(folder: str | os.PathLike[str], meta: RewardModelMeta) -> None:
    """Write ``rewardstack-rm.json`` (atomically: it marks the checkpoint finished)."""
    _write_atomically(Path(folder) / META_FILE, meta.model_dump(mode="json"))


def ensemble_members(folder: str | os.PathLike[str]) -> list[Path] | None:
    """The member folders of an ensemble folder, or None when ``folder`` is not one."""
    root = Path(folder)
    path = root / ENSEMBLE_FILE
    if not path.is_file():
        return None
    manifest: EnsembleManifest = _validate(EnsembleManifest, path)
    members = [root / name for name in manifest.members]
    missing = [str(m) for m in members if not (m / META_FILE).is_file()]
    if missing:
        raise ConfigError(f"{path}: member folder(s) {', '.join(missing)} hold no finished checkpoint "
                          f"({META_FILE} missing); finish the run with `rewardstack train rm --resume`")
    return members


def write_ensemble(folder: str | os.PathLike[str], members: list[str]) -> None:
    """Write ``rewardstack-ensemble.json`` naming ``members`` (folders inside ``folder``)."""
    _write_atomically(Path(folder) / ENSEMBLE_FILE, EnsembleManifest(members=members).model_dump(mode="json"))


def _write_atomically(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def checkpoint_fingerprint(folder: str | os.PathLike[str]) -> str:
    """``rm@sha256:<16 hex>`` over the weight files and ``rewardstack-rm.json`` of a checkpoint folder.

    Only the folder's own files count (not a ``resume-state/`` below it); hashes
    are remembered per process by (path, size, mtime).
    """
    root = Path(folder)
    digest = hashlib.sha256()
    for path in sorted(p for p in root.iterdir() if p.is_file() and (p.suffix in _WEIGHT_SUFFIXES
                                                                      or p.name == META_FILE)):
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        if key not in _memo:
            _memo[key] = sha256_file(path)
        digest.update(f"{path.name}={_memo[key]}\n".encode())
    return f"rm@sha256:{digest.hexdigest()[:16]}"
