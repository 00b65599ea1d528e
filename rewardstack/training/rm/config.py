"""``rewardstack train rm`` configuration (YAML, or Python).

.. code-block:: yaml

    data:
      train: data/prefs.jsonl        # preference JSONL: {"prompt", "chosen", "rejected", "labeler"?, "margin"?}
      validation: null               # a file; else validation_fraction of the prompts is held out
      validation_fraction: 0.1       # split by prompt: no prompt is in both sets
    model: all-minilm-l6-v2          # backbone: embedded name, folder, cached HF id, or a checkpoint to go on from
    output_dir: runs/rm
    epochs: 1
    batch_size: 16                   # pairs per optimizer step (2 x batch_size sequences per forward)
    lr: 5.0e-5
    max_length: 256                  # tokens per (prompt, response); longer texts are truncated (counted)
    on_truncation: truncate          # or drop: leave out pairs where either side is too long (counted)
    seed: 0
    margin: false                    # true: loss uses each pair's "margin" field (-log sigmoid(r_c - r_r - m))
    center_rewards_coefficient: null # e.g. 0.01: + coef * mean((r_c + r_r)^2) keeps rewards centred on 0
    ensemble: {members: 1, bootstrap: false}
    device: null                     # default: CUDA when present, else CPU
    dtype: null                      # compute dtype: default bf16 autocast on a CUDA device that has it, else fp32
    gradient_checkpointing: false

Relative paths are relative to the working directory (as everywhere in
rewardstack: stack files, ``rewardstack score``).

>>> cfg = RMTrainConfig.model_validate({"data": {"train": "p.jsonl"}, "output_dir": "runs/rm"})
>>> cfg.model, cfg.epochs, cfg.data.validation_fraction, cfg.ensemble.members
('all-minilm-l6-v2', 1, 0.1, 1)
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rewardstack.models.specs import DEFAULT_ENCODER

__all__ = ["DataConfig", "EnsembleConfig", "RMTrainConfig"]

_STRICT = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class DataConfig(BaseModel):
    """Where the preference pairs come from and how validation is held out."""

    model_config = _STRICT

    train: Path
    validation: Path | None = None
    validation_fraction: float = Field(default=0.1, ge=0.0, lt=1.0)


class EnsembleConfig(BaseModel):
    """``members: N`` trains N models (seeds ``seed .. seed+N-1``), optionally on bootstrap resamples."""

    model_config = _STRICT

    members: int = Field(default=1, ge=1, le=64)
    bootstrap: bool = False


class RMTrainConfig(BaseModel):
    """Everything a reward-model training run depends on (see the module docstring for the YAML)."""

    model_config = _STRICT

    data: DataConfig
    model: str = DEFAULT_ENCODER
    output_dir: Path
    epochs: int = Field(default=1, ge=1, le=10_000)
    batch_size: int = Field(default=16, ge=1)
    eval_batch_size: int = Field(default=64, ge=1)
    lr: float = Field(default=5e-5, gt=0.0, le=1.0)
    weight_decay: float = Field(default=0.0, ge=0.0)
    warmup_ratio: float = Field(default=0.0, ge=0.0, lt=1.0)
    max_grad_norm: float | None = Field(default=1.0, gt=0.0)
    max_length: int = Field(default=256, ge=8)
    on_truncation: Literal["truncate", "drop"] = "truncate"
    seed: int = Field(default=0, ge=0, lt=2**31)
    margin: bool = False
    center_rewards_coefficient: float | None = Field(default=None, ge=0.0)
    ensemble: EnsembleConfig = Field(default_factory=EnsembleConfig)
    device: str | None = None
    dtype: str | None = None
    gradient_checkpointing: bool = False
    save_every_steps: int | None = Field(default=None, ge=1)
    keep_resume_state: bool = False
    threads: int | None = Field(default=None, ge=1)
    overwrite: bool = False
