"""``train(config)``: an adapted judge from labelled principle judgements, with its report.

What a run does, in order:

1. checks device and dtype, prepares ``output_dir`` (empty, or ``overwrite: true``, which removes
   only what a run writes there), loads the constitution and reads the judgements (bad lines are
   reported and skipped; principles must be the constitution's);
2. builds the backbone with fresh adapters (and head) from the seed, and encodes every training item
   in both option orders;
3. trains (:mod:`~rewardstack.training.judge.loop`), then, with ``calibration_fraction`` > 0, fits
   a temperature on the held-back training groups;
4. writes ``adapter.safetensors``, then ``rewardstack-judge.json`` (last: a folder without it is not a
   finished checkpoint), then evaluates the judge on the training and held-out items in both orders
   and writes ``training_report.json``.

Everything random runs inside ``torch.random.fork_rng`` under ``seed``: the caller's random state is
untouched and, on CPU, the same config gives the same weights.
"""

from __future__ import annotations

import fnmatch
import json
import shutil
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from threading import Event
from typing import Any

import numpy as np

from rewardstack.core.errors import ConfigError, ModelNotFound
from rewardstack.models import pick_device_dtype
from rewardstack.rewards.critic.adapted.checkpoint import (
    META_FILE,
    WEIGHTS_FILE,
    AdaptedJudgeMeta,
    read_meta,
    write_meta,
)
from rewardstack.rewards.critic.adapted.evaluate import quality, score_items
from rewardstack.rewards.critic.adapted.model import AdaptedJudgeModel
from rewardstack.rewards.critic.adapted.net import DEFAULT_TARGETS, LoraSpec
from rewardstack.rewards.critic.adapted.render import item_request
from rewardstack.rewards.critic.constitution import Constitution, load_constitution
from rewardstack.rewards.critic.data.items import JudgementItem
from rewardstack.training.bad_lines import report_bad_lines
from rewardstack.training.judge.config import JudgeTrainConfig
from rewardstack.training.judge.data import TrainingData, hold_out_groups, read_training_data
from rewardstack.training.judge.loop import examples_for, fit, temperature_fit
from rewardstack.training.rm.config_file import ConfigKeyError
from rewardstack.training.rm.progress import TrainProgress, auto_progress
from rewardstack.training.rm.report import REPORT_FILE, write_report

__all__ = ["JudgeTrainResult", "train_judge"]

_RUN_OUTPUTS = (META_FILE, WEIGHTS_FILE, REPORT_FILE, f".{META_FILE}.tmp-*", f".{REPORT_FILE}.tmp-*")
_MAX_BAD_LINES = 1000


@dataclass(frozen=True)
class JudgeTrainResult:
    """Where the checkpoint is and what the run measured (the report's content)."""

    output_dir: Path
    report_path: Path
    report: dict[str, Any]

    @property
    def heldout(self) -> dict[str, Any] | None:
        """Held-out figures (None when the data has no held-out item)."""
        value: dict[str, Any] | None = self.report["evaluation"]["heldout"]
        return value


def train_judge(config: JudgeTrainConfig, *, progress: TrainProgress | None = None,
                stop: Event | None = None) -> JudgeTrainResult:
    """Train an adapted judge as ``config`` says (see the module docstring)."""
    import torch

    progress = progress or auto_progress()
    threads = torch.get_num_threads()
    if config.threads:
        torch.set_num_threads(config.threads)
    try:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(config.seed)
            return _train(config, progress, stop)
    finally:
        torch.set_num_threads(threads)
        progress.close()


def _check_device(config: JudgeTrainConfig) -> None:
    for key, device, dtype in (("device", config.device, None), ("dtype", "cpu", config.dtype)):
        try:
            pick_device_dtype(device, dtype)
        except ConfigError as exc:
            raise ConfigKeyError((key,), str(exc).removeprefix(f"{key}: ")) from None


def _prepare_output(config: JudgeTrainConfig) -> None:
    out = config.output_dir
    if out.exists() and not out.is_dir():
        raise ConfigKeyError(("output_dir",), f"{out} is a file; name a folder")
    if not out.is_dir() or not any(out.iterdir()):
        return
    if not config.overwrite:
        raise ConfigKeyError(("output_dir",), f"{out} is not empty; replace it with --set overwrite=true or name "
                             "another folder")
    for entry in out.iterdir():
        if any(fnmatch.fnmatchcase(entry.name, pattern) for pattern in _RUN_OUTPUTS):
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()


def _constitution(config: JudgeTrainConfig) -> Constitution:
    try:
        return load_constitution(config.constitution)
    except ConfigError as exc:
        raise ConfigKeyError(("constitution",), str(exc)) from None


def _model(config: JudgeTrainConfig) -> AdaptedJudgeModel:
    try:
        model = AdaptedJudgeModel.fresh(config.method, config.backbone, max_length=config.max_length,
                                        lora=config.lora, seed=config.seed, device=config.device, dtype=config.dtype)
    except ModelNotFound as exc:
        raise ConfigKeyError(("model",), str(exc)) from None
    except ValueError as exc:  # e.g. no such target module in this backbone
        raise ConfigKeyError(("lora", "target_modules"), str(exc)) from None
    if config.init_from is not None:
        _continue_from(model, config, config.init_from)
    return model


def _continue_from(model: AdaptedJudgeModel, config: JudgeTrainConfig, folder: Path) -> None:
    """Load ``folder``'s adapters and head into ``model`` (``init_from``); its recipe must be this config's."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    try:
        meta = read_meta(folder)
    except ConfigError as exc:
        raise ConfigKeyError(("init_from",), str(exc)) from None
    def recipe(method: str, backbone: str, max_length: int, lora: LoraSpec) -> tuple[Any, ...]:
        targets = tuple(lora.target_modules or DEFAULT_TARGETS[config.method])
        return method, backbone, max_length, lora.r, lora.alpha, targets

    mine = recipe(config.method, config.backbone, config.max_length, config.lora)
    theirs = recipe(meta.method, meta.backbone, meta.max_length, meta.lora)
    if mine != theirs:
        raise ConfigKeyError(("init_from",), f"{folder} was trained as (method, backbone, max_length, lora) {theirs}, "
                             f"this config is {mine}; set them as that checkpoint's")
    try:
        model.net.load_trainable(load_file(folder / WEIGHTS_FILE))
    except (OSError, ValueError, SafetensorError) as exc:
        raise ConfigKeyError(("init_from",), f"{folder / WEIGHTS_FILE}: cannot load the adapter ({exc})") from None


def _train(config: JudgeTrainConfig, progress: TrainProgress, stop: Event | None) -> JudgeTrainResult:
    started = time.perf_counter()
    _check_device(config)
    _prepare_output(config)
    constitution = _constitution(config)
    data = read_training_data(config.data, constitution)
    report_bad_lines(progress, data.source.path, data.source.bad_lines, used=len(data.source.items), shown=20)
    trained, calibration = hold_out_groups(data.train, config.calibration_fraction, config.seed)
    model = _model(config)
    try:
        examples = examples_for(model, trained, constitution)
        truncated = sum(e.tokens > config.max_length for e in examples)
        if truncated:
            progress.log(f"{truncated} of {len(examples)} training questions cut to max_length {config.max_length}")
        run = fit(model, examples, config, progress, stop)
        if calibration:
            cal = examples_for(model, calibration, constitution)
            z = model.logits([item_request(constitution, calibration[e.item], order=e.order) for e in cal],
                             config.eval_batch_size)
            model.temperature = temperature_fit(z, np.array([e.target for e in cal]))
            progress.log(f"temperature {model.temperature:.3f} (fitted on {len(calibration)} held-back items)")
        config.output_dir.mkdir(parents=True, exist_ok=True)
        _save(model, config, constitution, data, run)
        evaluation = {name: _evaluate(model, items, constitution, config) if items else None
                      for name, items in (("train", trained), ("calibration", calibration),
                                          ("heldout", data.heldout))}
    finally:
        model.close()
    report = _report(config, data, trained, calibration, run, model.temperature, evaluation, truncated,
                     time.perf_counter() - started)
    path = write_report(config.output_dir, report)
    held = evaluation["heldout"]
    if held is not None:
        progress.log(f"held-out: ordering accuracy {held['ordering_accuracy']:.3f}, AUROC macro "
                     f"{held['auroc_macro']:.3f}, flip rate {held['flip_rate']:.3f}, ECE {held['ece']:.3f}")
    return JudgeTrainResult(config.output_dir, path, report)


def _evaluate(model: AdaptedJudgeModel, items: list[JudgementItem], constitution: Constitution,
              config: JudgeTrainConfig) -> dict[str, Any]:
    return quality(score_items(items, constitution, lambda r: model.p_yes(r, config.eval_batch_size)))


def _save(model: AdaptedJudgeModel, config: JudgeTrainConfig, constitution: Constitution, data: TrainingData,
          run: dict[str, Any]) -> None:
    from safetensors.torch import save_file

    save_file(model.net.trainable_state(), str(config.output_dir / WEIGHTS_FILE))
    write_meta(config.output_dir, AdaptedJudgeMeta(
        method=config.method, backbone=config.backbone, max_length=config.max_length, lora=config.lora,
        temperature=model.temperature, constitution=constitution.name,
        constitution_fingerprint=constitution.fingerprint,
        principles=tuple(sorted({i.principle for i in data.train})),
        training={"seed": config.seed, "epochs": config.epochs, "orders": config.orders,
                  "train_items": len(data.train), "data": str(config.data) if config.data else "shipped",
                  "train_seconds": run["train_seconds"]}))


def _versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for name in ("rewardstack", "torch", "transformers", "peft"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def _report(config: JudgeTrainConfig, data: TrainingData, trained: list[JudgementItem],
            calibration: list[JudgementItem], run: dict[str, Any], temperature: float,
            evaluation: dict[str, Any], truncated: int, seconds: float) -> dict[str, Any]:
    import torch

    device, dtype = pick_device_dtype(config.device, config.dtype)
    counts: dict[str, dict[str, int]] = {}
    held_back = {i.id for i in calibration}
    for item in data.source.items:
        side = "calibration" if item.id in held_back else item.split
        counts.setdefault(item.principle, {}).setdefault(side, 0)
        counts[item.principle][side] += 1
    weights = config.output_dir / WEIGHTS_FILE
    return {
        "format": "rewardstack-judge-training-report",
        "version": 1,
        "config": json.loads(config.model_dump_json()),
        "environment": {"device": str(device), "compute_dtype": str(dtype).removeprefix("torch."),
                        "torch_threads": torch.get_num_threads(), "versions": _versions()},
        "data": {"path": str(data.source.path), "items_read": len(data.source.items),
                 "bad_lines": len(data.source.bad_lines),
                 "bad_line_details": [{"line": b.line, "reason": b.reason}
                                      for b in data.source.bad_lines[:_MAX_BAD_LINES]],
                 "train_items": len(trained), "calibration_items": len(calibration),
                 "heldout_items": len(data.heldout), "per_principle": counts,
                 "questions_truncated": truncated},
        "training": run,
        "temperature": temperature,
        "checkpoint": {"folder": str(config.output_dir), "adapter_bytes": weights.stat().st_size},
        "evaluation": evaluation,
        "final": {"heldout_ordering_accuracy": (evaluation["heldout"] or {}).get("ordering_accuracy"),
                  "heldout_auroc_macro": (evaluation["heldout"] or {}).get("auroc_macro"),
                  "seconds": round(seconds, 3)},
    }
