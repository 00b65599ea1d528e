"""``preference_model`` source config.

.. code-block:: yaml

    sources:
      style:
        kind: preference_model
        path: runs/rm                 # a checkpoint of `rewardstack train rm`, any one-output
                                      # AutoModelForSequenceClassification, or a backbone name
        # path: [runs/rm-a, runs/rm-b, runs/rm-c]   # an ensemble (or a folder written with ensemble.members)
        aggregate: mean_minus_std     # ensembles: mean | min | mean_minus_std
        lambda: 1.0                   # mean_minus_std: mean - lambda * std
        max_length: 512               # default: the checkpoint's training max_length, else the model's limit
        normalize: true               # apply the checkpoint's training statistics
        device: cuda                  # default: CUDA when present, else CPU
        dtype: bf16                   # default: bf16 on a CUDA device that has it, else float32
        batch: {max_samples: 64, max_tokens: 32768}   # the engine's micro-batching

>>> PreferenceModelConfig(path=["a", "b"], **{"lambda": 0.5}).lambda_
0.5
>>> PreferenceModelConfig(path=[])
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for PreferenceModelConfig
...
"""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, field_validator

from rewardstack.core.source_config import SourceConfig
from rewardstack.models.specs import DEFAULT_ENCODER
from rewardstack.rewards.preference.ensemble import Aggregate

__all__ = ["PreferenceModelConfig"]


class PreferenceModelConfig(SourceConfig):
    """A learned reward model (or an ensemble of them) as a reward source."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, allow_inf_nan=False)

    kind: Literal["preference_model"] = "preference_model"
    path: str | list[str] = DEFAULT_ENCODER
    aggregate: Aggregate = "mean"
    lambda_: float = Field(default=1.0, ge=0, alias="lambda")
    max_length: int | None = Field(default=None, ge=2)
    normalize: bool = True
    device: str | None = None
    dtype: str | None = None

    @field_validator("path")
    @classmethod
    def _some_path(cls, value: str | list[str]) -> str | list[str]:
        paths = [value] if isinstance(value, str) else value
        if not paths:
            raise ValueError("path: name at least one model (a list of several makes an ensemble)")
        if any(not p.strip() for p in paths):
            raise ValueError("path: an empty model name")
        return value

    @property
    def paths(self) -> list[str]:
        return [self.path] if isinstance(self.path, str) else list(self.path)
