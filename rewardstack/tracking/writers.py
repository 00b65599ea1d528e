"""Metric writers: JSONL always, TensorBoard and W&B when asked for (and installed).

Every writer takes ``write(step, metrics)`` with plain numbers (``None`` or non-finite values
are skipped by TensorBoard and W&B, written as ``null`` to JSONL) and ``close()``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from rewardstack.core.errors import ConfigError
from rewardstack.tracking.jsonl_log import MetricsLog

__all__ = ["JsonlWriter", "MetricWriter", "MultiWriter", "TensorBoardWriter", "WandbWriter"]

Metrics = Mapping[str, Any]


def _scalars(metrics: Metrics) -> dict[str, float]:
    """The finite real numbers of ``metrics`` (Python or numpy scalars) as floats; text and bools left out."""
    out = {}
    for name, value in metrics.items():
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            out[name] = float(value)
    return out


class MetricWriter(Protocol):
    def write(self, step: int, metrics: Metrics) -> None: ...

    def close(self) -> None: ...


class JsonlWriter:
    """``{"step": step, **metrics}`` per line (``metrics.jsonl``), flushed at once."""

    def __init__(self, path: Path, *, resume_from_step: int | None = None):
        self._log = MetricsLog(path, resume_from_step=resume_from_step)

    def write(self, step: int, metrics: Metrics) -> None:
        self._log.write({"step": step, **metrics})

    def close(self) -> None:
        self._log.close()


class TensorBoardWriter:
    """Scalars into TensorBoard event files under ``log_dir`` (``tensorboard --logdir``)."""

    def __init__(self, log_dir: Path):
        try:
            from torch.utils.tensorboard import SummaryWriter
        except ImportError:
            raise ConfigError("tracking.tensorboard needs the tensorboard package: pip install tensorboard") from None
        self._writer = SummaryWriter(log_dir=str(log_dir))

    def write(self, step: int, metrics: Metrics) -> None:
        for name, value in _scalars(metrics).items():
            self._writer.add_scalar(name, value, global_step=step)
        self._writer.flush()

    def close(self) -> None:
        self._writer.close()


class WandbWriter:
    """A W&B run (``mode: offline`` writes under ``dir`` and syncs later with ``wandb sync``)."""

    def __init__(self, *, project: str, run_dir: Path, mode: Literal["offline", "online", "disabled"],
                 name: str | None, config: Mapping[str, Any]):
        try:
            import wandb
        except ImportError:
            raise ConfigError("tracking.wandb needs the wandb package: pip install wandb") from None
        run_dir.mkdir(parents=True, exist_ok=True)
        self._run = wandb.init(project=project, dir=str(run_dir), mode=mode, name=name, config=dict(config),
                               reinit="create_new")

    @property
    def run_dir(self) -> Path:
        return Path(self._run.dir).parent

    def write(self, step: int, metrics: Metrics) -> None:
        self._run.log(_scalars(metrics), step=step)

    def close(self) -> None:
        self._run.finish()


class MultiWriter:
    """Fans one ``write`` out to several writers; closes them all (the first error is raised after)."""

    def __init__(self, writers: Sequence[MetricWriter]):
        self.writers = list(writers)

    def write(self, step: int, metrics: Metrics) -> None:
        for writer in self.writers:
            writer.write(step, metrics)

    def close(self) -> None:
        errors = []
        for writer in self.writers:
            try:
                writer.close()
            except Exception as exc:  # close the others first; then report
                errors.append(exc)
        if errors:
            raise errors[0]

    def __enter__(self) -> MultiWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
