"""The optimisation loop SFT and DPO share: seeded shuffles, AdamW, warm-up/decay, clipping,
``metrics.jsonl``, a stop flag checked between steps, and the saved model."""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from threading import Event
from typing import Any, TypeVar

import torch

from rewardstack.core.errors import ConfigError, RewardStackError
from rewardstack.tracking import open_writers
from rewardstack.training.lm.config import LMTrainConfig
from rewardstack.training.lm.schedule import linear_warmup_decay
from rewardstack.training.rm.config_file import ConfigKeyError
from rewardstack.training.rm.progress import NullProgress, TrainProgress

__all__ = ["LMTrainingStopped", "LossFn", "TrainedModel", "fit", "prepare_output_dir"]

T = TypeVar("T")
LossFn = Callable[[Any, Sequence[T]], tuple[torch.Tensor, dict[str, float]]]


class LMTrainingStopped(RewardStackError):
    """The run was asked to stop between two steps; nothing was saved."""


@dataclass(frozen=True)
class TrainedModel:
    output_dir: Path
    steps: int
    final_metrics: dict[str, float]
    metrics_path: Path


def prepare_output_dir(config: LMTrainConfig) -> None:
    """Refuse to write over an earlier run unless ``overwrite: true``."""
    folder = config.output_dir
    if folder.exists() and any(folder.iterdir()) and not config.overwrite:
        if (folder / "metrics.jsonl").exists() and not (folder / "training_config.json").exists():  # written last
            raise ConfigKeyError(("output_dir",), f"{folder} holds an unfinished run (metrics.jsonl without "
                                 "training_config.json, "
                                 "e.g. one stopped by a second Ctrl-C, which exits at once): delete the folder, "
                                 "choose another, or set overwrite: true")
        raise ConfigKeyError(("output_dir",), f"{folder} is not empty; choose another folder or set "
                             "overwrite: true")
    folder.mkdir(parents=True, exist_ok=True)


def _remove_new(folder: Path, before: set[Path], metrics_path: Path) -> None:
    """Remove what a stopped run wrote into ``folder``: entries it created, and its metrics file."""
    for path in (set(folder.iterdir()) - before) | {metrics_path}:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def _batches(items: Sequence[T], size: int, rng: random.Random) -> list[list[T]]:
    order = list(range(len(items)))
    rng.shuffle(order)
    return [[items[i] for i in order[start:start + size]] for start in range(0, len(order), size)]


def fit(model: Any, tokenizer: Any, items: Sequence[T], loss_fn: LossFn[T], config: LMTrainConfig, *,
        label: str, progress: TrainProgress | None = None, stop: Event | None = None,
        evaluate: Callable[[Any], dict[str, float]] | None = None) -> TrainedModel:
    """Train ``model`` on ``items`` with ``loss_fn(model, batch) -> (loss, metrics)``; save it.

    Writes ``metrics.jsonl`` (``step``, ``epoch``, ``loss``, ``lr``, ``grad_norm``, the loss's
    metrics, ``time/step``; an ``eval/*`` line per epoch when ``evaluate`` is given) and the model
    and tokenizer (``save_pretrained``) into ``config.output_dir``.
    """
    progress = progress or NullProgress()
    if not items:
        raise ConfigError("no usable training examples (every line was bad or dropped): nothing to train on")
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    steps_per_epoch = -(-len(items) // config.batch_size)
    total = steps_per_epoch * config.epochs
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=config.lr, weight_decay=config.weight_decay)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, linear_warmup_decay(total, config.warmup_ratio))
    metrics_path = config.output_dir / "metrics.jsonl"
    step, last = 0, dict[str, float]()
    progress.start(label, total_steps=total, done_steps=0)
    model.train()
    if config.disable_dropout:
        for module in model.modules():
            if isinstance(module, torch.nn.Dropout):
                module.p = 0.0
    before = set(config.output_dir.iterdir())
    try:
        with open_writers(config.output_dir, config.tracking, run_config=config.model_dump(mode="json")) as log:
            for epoch in range(config.epochs):
                for batch in _batches(items, config.batch_size, rng):
                    if stop is not None and stop.is_set():
                        raise LMTrainingStopped(f"stopped at step {step} of {total}; nothing was saved (the partial "
                                                 "metrics were removed: run the same command again)")
                    started = time.perf_counter()
                    loss, metrics = loss_fn(model, batch)
                    optimizer.zero_grad(set_to_none=True)
                    loss.backward()
                    grad_norm = torch.nn.utils.clip_grad_norm_(params, config.max_grad_norm)
                    optimizer.step()
                    lr = schedule.get_last_lr()[0]
                    schedule.step()
                    last = {"loss": loss.item(), **metrics}
                    log.write(step, {"epoch": epoch, **last, "lr": lr, "grad_norm": float(grad_norm),
                                     "time/step": time.perf_counter() - started})
                    progress.step(loss.item())
                    step += 1
                if evaluate is not None:
                    model.eval()
                    with torch.inference_mode():
                        log.write(step, {"epoch": epoch, **{f"eval/{k}": v for k, v in evaluate(model).items()}})
                    model.train()
    except LMTrainingStopped:
        # leave the folder as the run found it, so that the same command can simply be run again
        _remove_new(config.output_dir, before, metrics_path)
        raise
    progress.close()
    model.eval()
    model.save_pretrained(config.output_dir)
    tokenizer.save_pretrained(config.output_dir)
    config_json = config.model_dump(mode="json")
    (config.output_dir / "training_config.json").write_text(json.dumps(config_json, indent=2) + "\n")
    return TrainedModel(config.output_dir, step, last, metrics_path)
