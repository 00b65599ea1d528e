"""``rewardstack train judge`` configuration (YAML, or Python).

.. code-block:: yaml

    data: null                       # judgement JSONL; null: the set shipped with rewardstack
    constitution: default            # built-in name or YAML path: its question template is what the judge reads
    method: cross_encoder            # or causal_lora (LoRA on a causal LM's Yes/No next-token read-out)
    model: null                      # backbone; null: all-minilm-l6-v2 (cross_encoder), smollm2-135m-instruct
    lora: {r: 16, alpha: 32, dropout: 0.05, target_modules: null}   # null: every linear layer (encoder), q/v (LM)
    max_length: 320                  # tokens per rendered question; longer ones lose their middle
    orders: random                   # random: one option order per item and epoch, drawn; both: both orders
    epochs: 8
    batch_size: 16
    lr: 2.0e-3                       # AdamW on the adapters and the head; linear warm-up then decay to 0
    weight_decay: 0.0
    warmup_ratio: 0.1
    max_grad_norm: 1.0
    calibration_fraction: 0.0        # > 0: hold out this share of the training groups to fit a temperature
    seed: 0
    init_from: null                  # a trained judge folder to continue from (its adapters and head)
    output_dir: runs/judge           # must be empty unless overwrite: true
    device: null                     # default: CUDA when present, else CPU
    dtype: null                      # default: bf16 on a CUDA device that has it, else float32
    threads: null                    # CPU threads for this run
    overwrite: false

Items of the ``train`` split are trained on; ``heldout`` items are only evaluated, at the end, in
the report. Relative paths are relative to the working directory.

>>> cfg = JudgeTrainConfig.model_validate({"output_dir": "runs/judge"})
>>> cfg.method, cfg.backbone, cfg.constitution, cfg.orders
('cross_encoder', 'all-minilm-l6-v2', 'default', 'random')
>>> JudgeTrainConfig.model_validate({"output_dir": "j", "method": "causal_lora"}).backbone
'smollm2-135m-instruct'
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rewardstack.models.specs import DEFAULT_CAUSAL_LM, DEFAULT_ENCODER
from rewardstack.rewards.critic.adapted.net import LoraSpec, Method

__all__ = ["JudgeTrainConfig"]


class JudgeTrainConfig(BaseModel):
    """Everything an adapted-judge training run depends on (see the module docstring for the YAML)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    data: Path | None = None
    constitution: str = "default"
    method: Method = "cross_encoder"
    model: str | None = None
    lora: LoraSpec = Field(default_factory=LoraSpec)
    max_length: int = Field(default=320, ge=16, le=4096)
    orders: Literal["both", "random"] = "random"
    epochs: int = Field(default=8, ge=1, le=1000)
    batch_size: int = Field(default=16, ge=1)
    eval_batch_size: int = Field(default=32, ge=1)
    lr: float = Field(default=2e-3, gt=0.0, le=1.0)
    weight_decay: float = Field(default=0.0, ge=0.0)
    warmup_ratio: float = Field(default=0.1, ge=0.0, lt=1.0)
    max_grad_norm: float | None = Field(default=1.0, gt=0.0)
    calibration_fraction: float = Field(default=0.0, ge=0.0, lt=0.5)
    seed: int = Field(default=0, ge=0, lt=2**31)
    # continued training: start from this checkpoint's adapters and head instead of fresh ones; its method,
    # backbone, max_length and LoRA spec must be this config's (a new recipe would not fit its weights)
    init_from: Path | None = None
    output_dir: Path
    device: str | None = None
    dtype: str | None = None
    threads: int | None = Field(default=None, ge=1)
    overwrite: bool = False

    @property
    def backbone(self) -> str:
        """``model``, or the method's embedded default."""
        if self.model is not None:
            return self.model
        return DEFAULT_ENCODER if self.method == "cross_encoder" else DEFAULT_CAUSAL_LM
