"""``tracking:``: where a run's metrics go besides ``metrics.jsonl`` (always written).

.. code-block:: yaml

    tracking:
      tensorboard: true                        # event files in OUTPUT_DIR/tensorboard
      wandb: {project: my-rlhf, mode: offline} # W&B run files under OUTPUT_DIR/wandb/wandb/ (online needs a login)

>>> TrackingConfig.model_validate({"wandb": {"project": "p"}}).wandb.mode
'offline'
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from rewardstack.tracking.writers import JsonlWriter, MetricWriter, MultiWriter, TensorBoardWriter, WandbWriter

__all__ = ["TrackingConfig", "WandbConfig", "open_writers"]

_STRICT = ConfigDict(frozen=True, extra="forbid")


class WandbConfig(BaseModel):
    model_config = _STRICT

    project: str
    name: str | None = None
    mode: Literal["offline", "online", "disabled"] = "offline"


class TrackingConfig(BaseModel):
    model_config = _STRICT

    tensorboard: bool = False
    wandb: WandbConfig | None = None


def open_writers(output_dir: Path, tracking: TrackingConfig, *, run_config: Mapping[str, Any] | None = None,
                 jsonl_name: str = "metrics.jsonl", resume_from_step: int | None = None) -> MultiWriter:
    """JSONL at ``output_dir/jsonl_name`` plus what ``tracking`` asks for (:class:`ConfigError` if
    a requested package is missing)."""
    writers: list[MetricWriter] = [JsonlWriter(output_dir / jsonl_name, resume_from_step=resume_from_step)]
    try:
        if tracking.tensorboard:
            writers.append(TensorBoardWriter(output_dir / "tensorboard"))
        if tracking.wandb is not None:
            writers.append(WandbWriter(project=tracking.wandb.project, run_dir=output_dir / "wandb",
                                       mode=tracking.wandb.mode, name=tracking.wandb.name, config=run_config or {}))
    except Exception:
        MultiWriter(writers).close()
        raise
    return MultiWriter(writers)
