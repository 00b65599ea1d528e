"""``training_report.json``: what a reward-model run read, skipped, truncated, dropped, and measured.

Keys (``format: rewardstack-rm-training-report``, ``version: 1``):

- ``config``: the validated config;
- ``environment``: device, compute dtype, torch threads, package versions;
- ``data``: per file the pairs read and every bad line (number, reason; the
  first 1,000), the split (pairs and prompts on each side, ``validation_source``:
  ``file``, ``split_by_prompt`` or ``none``), and per side the pairs truncated by
  ``max_length`` and dropped (by reason, with line numbers);
- ``members``: per member the seed, folder, per-epoch history (train loss;
  validation accuracy, loss, reward mean/std, accuracy per labeler), the
  normalisation statistics, training time and pairs per second;
- ``final``: the last validation accuracy (the ensemble's mean-aggregate
  accuracy for an ensemble), ``seconds`` for the whole run.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from rewardstack.training.rm.config import RMTrainConfig
from rewardstack.training.rm.data import PreferenceData
from rewardstack.training.rm.loop import MemberResult
from rewardstack.training.rm.pairs import EncodingCounts

__all__ = ["REPORT_FILE", "build_report", "write_report"]

REPORT_FILE = "training_report.json"
_MAX_BAD_LINES = 1000


def _versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for name in ("rewardstack", "torch", "transformers"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def _file(data: PreferenceData | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return {"path": str(data.path), "pairs_read": len(data.pairs), "bad_lines": len(data.bad_lines),
            "bad_line_details": [{"line": b.line, "reason": b.reason} for b in data.bad_lines[:_MAX_BAD_LINES]]}


def _environment(config: RMTrainConfig) -> dict[str, Any]:
    import torch

    from rewardstack.models import pick_device_dtype

    device, dtype = pick_device_dtype(config.device, config.dtype)
    return {"device": str(device), "compute_dtype": str(dtype).removeprefix("torch."),
            "torch_threads": torch.get_num_threads(), "versions": _versions()}


def build_report(
    config: RMTrainConfig, *, encoder_layout: str, train_data: PreferenceData, validation_data: PreferenceData | None,
    split: Mapping[str, int], counts: Mapping[str, EncodingCounts], members: Sequence[MemberResult],
    ensemble_accuracy: float | None, seconds: float,
) -> dict[str, Any]:
    """The report as a JSON-ready dict (see the module docstring for its keys)."""
    if validation_data is not None:
        source = "file"
    elif split["validation_pairs"]:
        source = "split_by_prompt"
    else:
        source = "none"
    last = members[-1].history[-1]["validation"]["accuracy"] if members and members[-1].history else None
    member_summaries = [m.summary() for m in members]
    return {
        "format": "rewardstack-rm-training-report",
        "version": 1,
        "config": config.model_dump(mode="json"),
        "environment": _environment(config),
        "data": {
            "train_file": _file(train_data),
            "validation_file": _file(validation_data),
            "validation_source": source,
            "layout": encoder_layout,
            "max_length": config.max_length,
            **split,
            "truncation": {side: c.as_dict() for side, c in counts.items()},
        },
        "members": member_summaries,
        "ensemble": None if len(members) < 2 else {"members": len(members),
                                                   "mean_aggregate_validation_accuracy": ensemble_accuracy},
        "final": {"validation_accuracy": ensemble_accuracy if len(members) > 1 else last,
                  "seconds": round(seconds, 3)},
    }


def _finite(value: Any) -> Any:
    """NaN and infinities (a diverged loss) as null: the report stays valid JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def write_report(folder: Path, report: Mapping[str, Any]) -> Path:
    """Write ``training_report.json`` atomically; returns its path."""
    path = folder / REPORT_FILE
    tmp = folder / f".{REPORT_FILE}.tmp-{os.getpid()}"
    tmp.write_text(json.dumps(_finite(report), indent=1, allow_nan=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path
