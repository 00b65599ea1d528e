"""``rewardstack train dpo`` configuration.

.. code-block:: yaml

    data:
      train: data/prefs.jsonl        # preference JSONL (the format 'train rm' reads)
      validation: null               # optional: reward accuracy per epoch in metrics.jsonl
    model: smollm2-135m-instruct     # the policy to tune; the reference is this model, frozen
    reference: null                  # another reference model (default: the starting policy)
    output_dir: runs/dpo
    beta: 0.1
    objective: {kind: sigmoid, label_smoothing: 0.0}   # or {kind: ipo}
    batch_size: 8                    # pairs per step
    lr: 5.0e-7

The reference's log-probs are computed once before training (one pass over the data), so the
reference model is not kept in memory during the run.

>>> DPOConfig.model_validate({"data": {"train": "p.jsonl"}, "output_dir": "runs/dpo"}).objective.kind
'sigmoid'
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, Field

from rewardstack.training.lm.config import STRICT, LMTrainConfig

__all__ = ["DPOConfig", "DPOData", "DPOObjective", "IPOObjective", "SigmoidObjective"]


class DPOData(BaseModel):
    model_config = STRICT

    train: Path
    validation: Path | None = None


class SigmoidObjective(BaseModel):
    """DPO's logistic loss; ``label_smoothing`` eps > 0 is conservative DPO (labels flipped w.p. eps)."""

    model_config = STRICT

    kind: Literal["sigmoid"] = "sigmoid"
    label_smoothing: float = Field(default=0.0, ge=0.0, lt=0.5)


class IPOObjective(BaseModel):
    """IPO's squared loss towards a margin of 1/(2 beta)."""

    model_config = STRICT

    kind: Literal["ipo"] = "ipo"


DPOObjective = Annotated[SigmoidObjective | IPOObjective, Field(discriminator="kind")]


class DPOConfig(LMTrainConfig):
    """Direct preference optimisation (see :class:`LMTrainConfig` for the optimiser keys)."""

    kind: ClassVar[str] = "dpo"

    data: DPOData
    reference: str | None = None
    beta: float = Field(default=0.1, gt=0)
    objective: DPOObjective = Field(default_factory=SigmoidObjective)
    lr: float = Field(default=5e-7, gt=0)

    def data_files(self) -> dict[str, Path | None]:
        return {"data.train": self.data.train, "data.validation": self.data.validation}
