"""The adapted judge's checkpoint: a small folder of adapter weights and what they were trained for.

::

    rewardstack-judge.json     method, backbone, max_length, LoRA spec, temperature, constitution, training
    adapter.safetensors        LoRA adapters ("backbone.*") and, for a cross-encoder, the head ("head.*")

The backbone itself is not in the folder: it is an embedded model (or any model name) loaded through
:mod:`rewardstack.models`, so a checkpoint is a few hundred kilobytes and ships inside the package
(:data:`DEFAULT_JUDGE_DIR`, the default judge of ``constitutional_critic``).

>>> meta = read_meta(DEFAULT_JUDGE_DIR)
>>> meta.method, meta.backbone, meta.constitution
('cross_encoder', 'all-minilm-l6-v2', 'default')
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rewardstack.core.errors import ConfigError
from rewardstack.rewards.critic.adapted.net import LoraSpec, Method

__all__ = ["DEFAULT_JUDGE_DIR", "FORMAT", "META_FILE", "WEIGHTS_FILE", "AdaptedJudgeMeta", "checkpoint_fingerprint",
           "read_meta", "write_meta"]

DEFAULT_JUDGE_DIR = Path(__file__).with_name("default")
META_FILE = "rewardstack-judge.json"
WEIGHTS_FILE = "adapter.safetensors"
FORMAT: Literal["rewardstack-adapted-judge"] = "rewardstack-adapted-judge"


class AdaptedJudgeMeta(BaseModel):
    """``rewardstack-judge.json`` (see the module docstring)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    format: Literal["rewardstack-adapted-judge"] = FORMAT
    version: Literal[1] = 1
    method: Method
    backbone: str
    max_length: int = Field(ge=8)
    lora: LoraSpec
    temperature: float = Field(default=1.0, gt=0)  # P(Yes) = sigmoid(z / temperature)
    constitution: str
    constitution_fingerprint: str
    principles: tuple[str, ...]
    training: dict[str, Any] = Field(default_factory=dict)


def read_meta(folder: str | Path) -> AdaptedJudgeMeta:
    """The folder's meta; ConfigError naming the folder when it is not an adapted-judge checkpoint."""
    path = Path(folder) / META_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{folder} is not an adapted judge checkpoint (no {META_FILE}); train one with "
                          "'rewardstack train judge --config C.yaml' or leave `path` unset for the default") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: unreadable ({exc}); train the judge again") from None
    try:
        return AdaptedJudgeMeta.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(f"{path}: {'.'.join(map(str, first['loc']))}: {first['msg']} (not a checkpoint this "
                          "version of rewardstack reads; train the judge again)") from None


def write_meta(folder: Path, meta: AdaptedJudgeMeta) -> Path:
    """Write the meta atomically (written last: a folder without it is not a finished checkpoint)."""
    path = folder / META_FILE
    tmp = folder / f".{META_FILE}.tmp-{os.getpid()}"
    tmp.write_text(meta.model_dump_json(indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def checkpoint_fingerprint(folder: str | Path) -> str:
    """SHA-256 (16 hex) of the weights and the meta: a retrained judge misses the critic's cache."""
    digest = hashlib.sha256()
    for name in (META_FILE, WEIGHTS_FILE):
        digest.update((Path(folder) / name).read_bytes())
    return digest.hexdigest()[:16]
