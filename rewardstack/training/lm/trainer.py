"""The optimisation loop SFT and DPO share: seeded shuffles, AdamW, warm-up/decay, clipping,
``metrics.jsonl``, a stop flag checked after each step, the resume state, and the saved model.

Resume (``rewardstack train sft|dpo --resume``, as ``train ppo``): the run saves ``resume-state/``
through PPO's checkpoint code (:mod:`~rewardstack.training.ppo.checkpoint`: weights, optimiser, LR
schedule, Python/numpy/torch random states, and :class:`LMTrainerState`) every ``save_every`` steps
and when it is stopped (SIGINT/SIGTERM, or ``stop_at_step``). The data order is a function of
(seed, epoch): epoch ``e`` is the ``e``-th shuffle of one ``random.Random(seed)``, replayed on
resume (indices only), and the position in it is ``steps done mod steps per epoch``. A resumed run
drops the ``metrics.jsonl`` lines from the resumed step on (train lines are numbered from 0, so
the ``step: k`` line is the (k+1)-th step) and goes on; on CPU its lines and weights equal the
uninterrupted run's (tested). A finished run deletes its resume state (its model is saved;
more epochs would change the LR schedule, so it is not a run to continue).

The state records which command wrote it (``kind``: sft, dpo) and the sha256 of each data file
(``data_digests``, taken when the run starts); ``--resume`` refuses another command's state and data
that changed since. A state saved before these were recorded has neither, and resumes unchecked.
"""

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
from rewardstack.tracking.writers import MultiWriter
from rewardstack.training.lm.config import LMTrainConfig
from rewardstack.training.lm.schedule import linear_warmup_decay
from rewardstack.training.ppo.checkpoint import (
    STATE_DIR,
    check_same_data,
    check_same_run,
    file_digests,
    load_checkpoint,
    read_state,
    recover_state,
    save_checkpoint,
)
from rewardstack.training.rm.config_file import ConfigKeyError
from rewardstack.training.rm.progress import NullProgress, TrainProgress

__all__ = ["RESUMABLE_CHANGES", "LMTrainerState", "LMTrainingStopped", "LossFn", "TrainedModel", "epoch_order",
           "fit", "prepare_output_dir"]

T = TypeVar("T")
LossFn = Callable[[Any, Sequence[T]], tuple[torch.Tensor, dict[str, float]]]

# what a resumed run may change: how it saves and reports, never what it trains (epochs set the LR schedule)
RESUMABLE_CHANGES = frozenset({"save_every", "overwrite", "device", "tracking"})


class LMTrainingStopped(RewardStackError):
    """The run was asked to stop; it ended after a step with its resume state saved."""


@dataclass(frozen=True)
class TrainedModel:
    output_dir: Path
    steps: int
    final_metrics: dict[str, float]
    metrics_path: Path


@dataclass(frozen=True)
class LMTrainerState:
    """``trainer_state.json`` of an SFT/DPO run: ``step`` optimiser steps done, the ``epoch`` the next one
    belongs to (``step // steps per epoch``), the config the run started with, the command that wrote it
    (``kind``) and its data files' sha256 (``data_digests``); the last two are None in older states."""

    step: int
    epoch: int
    config: dict[str, Any]
    kind: str | None = None
    data_digests: dict[str, str] | None = None


def prepare_output_dir(config: LMTrainConfig, resume: bool = False) -> None:
    """``output_dir`` must be absent, empty, resumed (``resume``, same run) or ``overwrite: true`` over a
    finished run; checked before any model is loaded."""
    folder = config.output_dir
    if folder.exists() and not folder.is_dir():
        raise ConfigKeyError(("output_dir",), f"{folder} is a file; name a folder")
    recover_state(folder)  # a save that crashed between its renames left the previous state aside
    if resume:
        _check_resumable(config)
        return
    state = folder / STATE_DIR / "trainer_state.json"
    if folder.exists() and any(folder.iterdir()):
        if state.is_file():  # overwrite replaces a finished run, never one Ctrl-C asked to continue
            raise ConfigKeyError(("output_dir",), f"{folder} holds an unfinished run ({STATE_DIR}/ without "
                                 "training_config.json): continue it with --resume, or name another output_dir (or "
                                 "delete this one to start over); overwrite replaces only a finished run")
        if not config.overwrite:
            if (folder / "metrics.jsonl").exists() and not (folder / "training_config.json").exists():
                raise ConfigKeyError(("output_dir",), f"{folder} holds an unfinished run (metrics.jsonl without "
                                     "training_config.json or a resume state, e.g. one killed before its first "
                                     "save): delete the folder, choose another, or set overwrite: true")
            raise ConfigKeyError(("output_dir",), f"{folder} is not empty; choose another folder or set "
                                 "overwrite: true")
    folder.mkdir(parents=True, exist_ok=True)


def _check_resumable(config: LMTrainConfig) -> None:
    """ConfigKeyError unless ``output_dir`` holds this command's unfinished run, same config, same data."""
    folder = config.output_dir
    saved = read_state(folder)
    if saved is None:
        if (folder / "training_config.json").is_file():
            raise ConfigKeyError(("output_dir",), f"{folder} holds no resume state ({STATE_DIR}/): the run there "
                                 "finished (training_config.json); to train again, name another output_dir or "
                                 "set overwrite: true (--set overwrite=true) without --resume")
        raise ConfigKeyError(("output_dir",), f"{folder} holds no resume state ({STATE_DIR}/); start the run "
                             "without --resume")
    kind = saved.get("kind")
    if kind is not None and kind != config.kind:
        raise ConfigKeyError(("output_dir",), f"{folder} holds a run of 'train {kind}', not 'train {config.kind}': "
                             f"resume it with 'rewardstack train {kind} --resume', or name another output_dir")
    check_same_run(saved["config"], config, RESUMABLE_CHANGES)
    check_same_data(saved.get("data_digests"), config.data_files())


def epoch_order(n: int, seed: int, epoch: int) -> list[int]:
    """The order of ``n`` items in ``epoch``: the (epoch+1)-th shuffle of ``random.Random(seed)``.

    >>> epoch_order(5, seed=0, epoch=1) == epoch_order(5, seed=0, epoch=1) != epoch_order(5, seed=0, epoch=0)
    True
    """
    rng = random.Random(seed)
    for _ in range(epoch + 1):  # replayed, so a resumed run needs no generator state for its data
        order = list(range(n))
        rng.shuffle(order)
    return order


def _batches(items: Sequence[T], size: int, seed: int, epoch: int) -> list[list[T]]:
    order = epoch_order(len(items), seed, epoch)
    return [[items[i] for i in order[start:start + size]] for start in range(0, len(order), size)]


def _evaluate(model: Any, evaluate: Callable[[Any], dict[str, float]], log: MultiWriter, step: int,
              epoch: int) -> None:
    model.eval()
    with torch.inference_mode():
        log.write(step, {"epoch": epoch, **{f"eval/{k}": v for k, v in evaluate(model).items()}})
    model.train()


def _save(config: LMTrainConfig, model: Any, optimizer: torch.optim.Optimizer,
          schedule: torch.optim.lr_scheduler.LRScheduler, done: int, steps_per_epoch: int,
          digests: dict[str, str]) -> None:
    state = LMTrainerState(step=done, epoch=done // steps_per_epoch, config=config.model_dump(mode="json"),
                           kind=config.kind, data_digests=digests)
    save_checkpoint(config.output_dir, model, optimizer, schedule, state)


def fit(model: Any, tokenizer: Any, items: Sequence[T], loss_fn: LossFn[T], config: LMTrainConfig, *,
        label: str, progress: TrainProgress | None = None, stop: Event | None = None,
        evaluate: Callable[[Any], dict[str, float]] | None = None, resume: bool = False,
        stop_at_step: int | None = None) -> TrainedModel:
    """Train ``model`` on ``items`` with ``loss_fn(model, batch) -> (loss, metrics)``; save it.

    Writes ``metrics.jsonl`` (``step``, ``epoch``, ``loss``, ``lr``, ``grad_norm``, the loss's
    metrics, ``time/step``; an ``eval/*`` line per epoch when ``evaluate`` is given) and the model
    and tokenizer (``save_pretrained``) into ``config.output_dir``. ``resume``: go on from the resume
    state there (see the module docstring); ``stop``: once set, end after the current step with the
    state saved (:class:`LMTrainingStopped`); ``stop_at_step``: end normally, state saved and no model,
    once this many steps are done.
    """
    progress = progress or NullProgress()
    if not items:
        raise ConfigError("no usable training examples (every line was bad or dropped): nothing to train on")
    digests = file_digests(config.data_files())  # the data as the run starts: a resume must find it unchanged
    torch.manual_seed(config.seed)
    steps_per_epoch = -(-len(items) // config.batch_size)
    total = steps_per_epoch * config.epochs
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=config.lr, weight_decay=config.weight_decay)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, linear_warmup_decay(total, config.warmup_ratio))
    if config.disable_dropout:
        for module in model.modules():
            if isinstance(module, torch.nn.Dropout):
                module.p = 0.0
    start = 0
    if resume:
        state = load_checkpoint(config.output_dir, model, optimizer, schedule, state_type=LMTrainerState)
        if state is None:  # prepare_output_dir checked it exists: only a race gets here
            raise ConfigError(f"{config.output_dir}: the resume state vanished")
        start = state.step
    end = total if stop_at_step is None else min(total, stop_at_step)
    metrics_path = config.output_dir / "metrics.jsonl"
    last: dict[str, float] = {}
    progress.start(label, total_steps=total, done_steps=start)
    model.train()
    with open_writers(config.output_dir, config.tracking, run_config=config.model_dump(mode="json"),
                      resume_from_step=start or None) as log:
        if start and start % steps_per_epoch == 0 and evaluate is not None:
            # the eval line of the epoch that ended at `start` has step `start`: it went with the later lines
            _evaluate(model, evaluate, log, start, start // steps_per_epoch - 1)
        batches: list[list[T]] = []
        for step in range(start, end):
            epoch, position = divmod(step, steps_per_epoch)
            if position == 0 or step == start:
                batches = _batches(items, config.batch_size, config.seed, epoch)
            started = time.perf_counter()
            loss, metrics = loss_fn(model, batches[position])
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
            done = step + 1
            if done % steps_per_epoch == 0 and evaluate is not None:
                _evaluate(model, evaluate, log, done, epoch)
            stopping = stop is not None and stop.is_set() and done < end  # a stop in the last step: finish
            if stopping or (done < total and (done % config.save_every == 0 or done == end)):
                _save(config, model, optimizer, schedule, done, steps_per_epoch, digests)
            if stopping:
                raise LMTrainingStopped(f"stopped after step {done} of {total}; the resume state is saved")
    progress.close()
    if end < total:  # stop_at_step: the state is saved, the model is not finished
        return TrainedModel(config.output_dir, end, last, metrics_path)
    model.eval()
    model.save_pretrained(config.output_dir)
    tokenizer.save_pretrained(config.output_dir)
    config_json = config.model_dump(mode="json")
    (config.output_dir / "training_config.json").write_text(json.dumps(config_json, indent=2) + "\n")
    shutil.rmtree(config.output_dir / STATE_DIR, ignore_errors=True)  # written last: the run is finished
    return TrainedModel(config.output_dir, total, last, metrics_path)
