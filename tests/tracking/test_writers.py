"""Tracking writers for real: JSONL, TensorBoard event files read back, a W&B offline run on disk."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from pydantic import ValidationError

from rewardstack.tracking import TrackingConfig, open_writers


def _read_tensorboard(folder: Path) -> dict[str, list[tuple[int, float]]]:
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    accumulator = EventAccumulator(str(folder))
    accumulator.Reload()
    return {tag: [(e.step, e.value) for e in accumulator.Scalars(tag)] for tag in accumulator.Tags()["scalars"]}


def test_jsonl_and_tensorboard_get_the_same_steps(tmp_path: Path) -> None:
    with open_writers(tmp_path, TrackingConfig(tensorboard=True)) as log:
        log.write(0, {"loss": 1.5, "reward/answer/mean": 0.25, "note": "text", "missing": float("nan")})
        log.write(1, {"loss": 1.0, "reward/answer/mean": 0.5, "missing": None})
    lines = [json.loads(line) for line in (tmp_path / "metrics.jsonl").read_text().splitlines()]
    assert lines[0] == {"step": 0, "loss": 1.5, "reward/answer/mean": 0.25, "note": "text", "missing": None}
    scalars = _read_tensorboard(tmp_path / "tensorboard")
    assert scalars["loss"] == [(0, 1.5), (1, 1.0)]
    assert [v for _, v in scalars["reward/answer/mean"]] == [0.25, 0.5]
    assert "note" not in scalars and "missing" not in scalars  # text and non-finite values are not scalars


@pytest.mark.slow  # wandb starts a service process
def test_wandb_offline_run_is_written_under_the_output_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WANDB_SILENT", "true")
    config = TrackingConfig.model_validate({"wandb": {"project": "rewardstack-test", "name": "t"}})
    with open_writers(tmp_path, config, run_config={"lr": 0.1}) as log:
        log.write(0, {"loss": 2.0})
        log.write(1, {"loss": 1.0, "bad": math.inf})
    runs = list((tmp_path / "wandb" / "wandb").glob("offline-run-*"))
    assert len(runs) == 1 and any(runs[0].glob("*.wandb"))


def test_unknown_keys_are_refused() -> None:
    with pytest.raises(ValidationError):
        TrackingConfig.model_validate({"tensorbord": True})
    with pytest.raises(ValidationError):
        TrackingConfig.model_validate({"wandb": {"project": "p", "mode": "sometimes"}})


def test_numpy_scalars_are_numbers_everywhere(tmp_path: Path) -> None:
    import numpy as np

    with open_writers(tmp_path, TrackingConfig(tensorboard=True)) as log:
        log.write(0, {"loss": np.float32(1.5), "count": np.int64(3), "bad": np.float64("nan")})
    line = json.loads((tmp_path / "metrics.jsonl").read_text())
    assert line == {"step": 0, "loss": 1.5, "count": 3, "bad": None}
    scalars = _read_tensorboard(tmp_path / "tensorboard")
    assert scalars["loss"] == [(0, 1.5)] and scalars["count"] == [(0, 3.0)] and "bad" not in scalars
