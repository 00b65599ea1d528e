"""What every causal-LM fine-tuning config (SFT, DPO) shares."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from rewardstack.models.specs import DEFAULT_CAUSAL_LM
from rewardstack.tracking.config import TrackingConfig

__all__ = ["LMTrainConfig", "STRICT"]

STRICT = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class LMTrainConfig(BaseModel):
    """Optimisation settings shared by ``train sft`` and ``train dpo``.

    ``model``: embedded name, local folder or cached HF id (default the embedded SmolLM2);
    ``batch_size`` examples (DPO: pairs) per optimiser step; AdamW with linear warm-up then
    linear decay; gradients clipped to ``max_grad_norm``; ``device``/``dtype`` follow the models'
    rule (CUDA + bf16 when present, else CPU + fp32). ``save_every`` steps (and when stopped) the run
    saves ``resume-state/`` for ``--resume`` (:mod:`~rewardstack.training.lm.trainer`).
    """

    model_config = STRICT
    kind: ClassVar[str] = "lm"  # the command that trains it (train sft, train dpo): recorded in the resume state

    model: str = DEFAULT_CAUSAL_LM
    output_dir: Path
    epochs: int = Field(default=1, ge=1)
    batch_size: int = Field(default=8, ge=1)
    lr: float = Field(default=1e-5, gt=0)
    weight_decay: float = Field(default=0.0, ge=0)
    warmup_ratio: float = Field(default=0.0, ge=0, lt=1)
    max_grad_norm: float = Field(default=1.0, gt=0)
    max_length: int = Field(default=512, ge=8)
    seed: int = 0
    device: str | None = None
    dtype: str | None = None
    overwrite: bool = False
    save_every: int = Field(default=100, ge=1)  # resume state every N steps (and on a stop): `--resume` goes on
    tracking: TrackingConfig = Field(default_factory=TrackingConfig)  # TensorBoard / W&B besides metrics.jsonl
    disable_dropout: bool = True  # dropout makes the policy disagree with itself (DPO's ratio at step 0 != 0)

    def data_files(self) -> dict[str, Path | None]:
        """The data files the run trains and evaluates on, by config key (their digests guard ``--resume``)."""
        return {}
