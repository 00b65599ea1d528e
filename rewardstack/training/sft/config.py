"""``rewardstack train sft`` configuration.

.. code-block:: yaml

    data:
      train: data/demos.jsonl        # {"prompt", "response"} per line
      validation: null               # optional demonstrations file: NLL per epoch in metrics.jsonl
    model: smollm2-135m-instruct     # embedded name, folder or cached HF id
    output_dir: runs/sft
    epochs: 1
    batch_size: 8
    lr: 1.0e-5
    max_length: 512

>>> SFTConfig.model_validate({"data": {"train": "d.jsonl"}, "output_dir": "runs/sft"}).lr
1e-05
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel

from rewardstack.training.lm.config import STRICT, LMTrainConfig

__all__ = ["SFTConfig", "SFTData"]


class SFTData(BaseModel):
    model_config = STRICT

    train: Path
    validation: Path | None = None


class SFTConfig(LMTrainConfig):
    """Supervised fine-tuning: loss on response tokens only (see :class:`LMTrainConfig`)."""

    kind: ClassVar[str] = "sft"

    data: SFTData

    def data_files(self) -> dict[str, Path | None]:
        return {"data.train": self.data.train, "data.validation": self.data.validation}
