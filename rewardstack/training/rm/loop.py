"""Training one reward model (one ensemble member): the step loop, validation, resume, the checkpoint.

The loop, per epoch: pairs in an order drawn from (seed, epoch); per step,
``batch_size`` pairs as one forward pass of ``2 x batch_size`` sequences
(chosen then rejected, dynamic padding), the Bradley–Terry loss
(:mod:`~rewardstack.training.rm.loss`), gradient clipping, AdamW and a linear
warm-up/decay schedule; after each epoch, validation (pairwise accuracy, loss,
reward mean/std, per-labeler accuracy) and a resume state. At the end: the
normalisation statistics (mean and std of the raw rewards of every training
response) and the checkpoint (weights, tokenizer, ``rewardstack-rm.json`` last).

Determinism: the fresh head is initialised from the member's seed, dropout
draws from torch's generator seeded with it (and restored on resume), and the
data order is a function of (seed, epoch); on CPU the same config gives the
same weights. GPU kernels are not all deterministic: close, not bit-identical.

Precision: weights and optimizer state stay float32; with a bfloat16 compute
dtype (the default on a CUDA device that has it) forward passes run under
``torch.autocast``. The same code runs on CPU and GPU.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from threading import Event
from typing import TYPE_CHECKING, Any

import numpy as np

from rewardstack.core.errors import RewardStackError
from rewardstack.models import pick_device_dtype
from rewardstack.rewards.preference.checkpoint import Normalization, RewardModelMeta, read_meta, write_meta
from rewardstack.rewards.preference.model import RewardModel
from rewardstack.rewards.preference.text import Encoded
from rewardstack.training.lm.schedule import linear_warmup_decay
from rewardstack.training.rm.config import RMTrainConfig
from rewardstack.training.rm.config_file import ConfigKeyError
from rewardstack.training.rm.loss import bradley_terry_loss
from rewardstack.training.rm.metrics import pair_metrics
from rewardstack.training.rm.pairs import EncodedPair
from rewardstack.training.rm.progress import TrainProgress
from rewardstack.training.rm.state import STATE_DIR, Position, load_state, read_position, save_state, trim_state

if TYPE_CHECKING:
    import torch

__all__ = ["MemberResult", "MemberRun", "TrainingStopped", "score_encodings", "train_member"]


class TrainingStopped(RewardStackError):
    """The run was asked to stop (a signal); its resume state is saved and ``--resume`` goes on from it."""

    def __init__(self, folder: Path, global_step: int):
        super().__init__(f"stopped after step {global_step}; the resume state is in {folder / STATE_DIR}")
        self.folder = folder
        self.global_step = global_step


@dataclass(frozen=True)
class MemberRun:
    """One member's job: which seed, which pairs, where its checkpoint goes."""

    index: int
    members: int
    seed: int
    folder: Path
    train: Sequence[EncodedPair]
    validation: Sequence[EncodedPair]
    resume: bool


@dataclass(frozen=True)
class MemberResult:
    index: int
    seed: int
    folder: Path
    history: list[dict[str, Any]]
    normalization: Normalization
    validation_raw: tuple[np.ndarray, np.ndarray]  # raw rewards of the validation pairs (chosen, rejected)
    train_seconds: float
    pairs_trained: int
    resumed_from: int  # global step the run resumed after (0: from the start)

    def summary(self) -> dict[str, Any]:
        seconds = self.train_seconds
        return {
            "member": self.index, "seed": self.seed, "folder": str(self.folder), "epochs": self.history,
            "normalization": self.normalization.model_dump(), "train_seconds": round(seconds, 3),
            "pairs_trained": self.pairs_trained, "resumed_after_step": self.resumed_from,
            "pairs_per_second": round(self.pairs_trained / seconds, 2) if seconds > 0 else None,
        }


def score_encodings(rm: RewardModel, encoded: Sequence[Encoded], batch: int) -> np.ndarray:
    """Raw rewards in eval mode, ``batch`` sequences per call, longest first (bounded memory)."""
    was_training = rm.model.training
    rm.model.eval()
    order = sorted(range(len(encoded)), key=lambda i: -len(encoded[i].ids))
    out = np.empty(len(encoded), dtype=np.float64)
    for start in range(0, len(order), batch):
        chunk = order[start:start + batch]
        out[chunk] = rm.raw_rewards([encoded[i] for i in chunk])
    rm.model.train(was_training)
    return out


def _validate(rm: RewardModel, pairs: Sequence[EncodedPair], batch: int) -> tuple[dict[str, Any], np.ndarray,
                                                                                  np.ndarray]:
    rewards = score_encodings(rm, [p.chosen for p in pairs] + [p.rejected for p in pairs], batch)
    chosen, rejected = rewards[:len(pairs)], rewards[len(pairs):]
    return pair_metrics(chosen, rejected, [p.pair.labeler for p in pairs]), chosen, rejected


def _checkpointing(model: Any, on: bool) -> None:
    """Activation (gradient) checkpointing on or off; transformers 5 renamed it, older 5.x has the old name."""
    if hasattr(model, "activation_checkpointing_enable"):
        if on:
            model.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
        else:
            model.activation_checkpointing_disable()
    elif on:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    else:
        model.gradient_checkpointing_disable()


def _rng_state(device: torch.device) -> dict[str, Any]:
    import torch

    state: dict[str, Any] = {"cpu": torch.get_rng_state()}
    if device.type == "cuda":
        state["cuda"] = torch.cuda.get_rng_state(device)
    return state


def _set_rng_state(state: dict[str, Any], device: torch.device) -> None:
    import torch

    torch.set_rng_state(state["cpu"])
    if device.type == "cuda" and "cuda" in state:
        torch.cuda.set_rng_state(state["cuda"], device)


class _Trainer:
    """The mutable parts of one member's run (model, optimizer, schedule, position)."""

    def __init__(self, config: RMTrainConfig, run: MemberRun, progress: TrainProgress, stop: Event | None):
        import torch

        self.config, self.run, self.progress, self.stop = config, run, progress, stop
        torch.manual_seed(run.seed)
        device, compute_dtype = pick_device_dtype(config.device, config.dtype)
        self.rm = RewardModel.load(config.model, device=device, dtype=torch.float32, max_length=config.max_length,
                                   head_seed=run.seed)
        self.device, self.compute_dtype = device, compute_dtype
        if config.gradient_checkpointing:
            _checkpointing(self.rm.model, True)
        self.rm.model.train()
        self.steps_per_epoch = math.ceil(len(run.train) / config.batch_size)
        self.total_steps = self.steps_per_epoch * config.epochs
        self.optimizer = torch.optim.AdamW(self.rm.model.parameters(), lr=config.lr,
                                           weight_decay=config.weight_decay)
        self.scheduler = torch.optim.lr_scheduler.LambdaLR(self.optimizer,
                                                           linear_warmup_decay(self.total_steps, config.warmup_ratio))
        self.position = Position()
        self.resumed_from = 0
        self._stepped = False  # this step's optimizer update is applied but not yet in the position
        if run.resume:
            self._resume()

    def _resume(self) -> None:
        loaded = load_state(self.run.folder, self.rm.model, self.optimizer, self.scheduler)
        if loaded is None:
            done = read_position(self.run.folder)
            if done is not None:  # finished before (trimmed state), and epochs has grown since
                raise ConfigKeyError(("epochs",), f"{self.run.folder} finished {done.epoch} epoch(s) and its "
                                     "optimizer state was removed (keep_resume_state: false); start a new run "
                                     f"with model: {self.run.folder} to train it further")
            return
        self.position, rng = loaded
        _set_rng_state(rng, self.device)
        self.resumed_from = self.position.global_step

    def _save(self, rng: dict[str, Any] | None = None) -> None:
        save_state(self.run.folder, self.rm.model, self.optimizer, self.scheduler, self.position,
                   rng or _rng_state(self.device))

    def _step(self, batch: Sequence[EncodedPair]) -> float:
        import torch

        config = self.config
        encoded = [p.chosen for p in batch] + [p.rejected for p in batch]
        use_autocast = self.compute_dtype != torch.float32
        with torch.autocast(self.device.type, dtype=self.compute_dtype, enabled=use_autocast):
            rewards = self.rm.forward(encoded)
        margin = torch.tensor([p.pair.margin for p in batch], device=rewards.device) if config.margin else None
        loss = bradley_terry_loss(rewards[:len(batch)], rewards[len(batch):], margin=margin,
                                  center_coefficient=config.center_rewards_coefficient or 0.0)
        loss.backward()
        if config.max_grad_norm is not None:
            torch.nn.utils.clip_grad_norm_(self.rm.model.parameters(), config.max_grad_norm)
        self.optimizer.step()
        self.scheduler.step()
        self._stepped = True
        self.optimizer.zero_grad(set_to_none=True)
        return float(loss.detach())

    def _advance(self, step: int, pairs: int, loss: float | None) -> None:
        pos = self.position
        pos.step, pos.global_step, pos.pairs_seen = step + 1, pos.global_step + 1, pos.pairs_seen + pairs
        if loss is not None:
            pos.loss_sum, pos.loss_steps = pos.loss_sum + loss, pos.loss_steps + 1
        self._stepped = False

    def _epoch(self, epoch: int) -> None:
        config, run, pos = self.config, self.run, self.position
        order = np.random.default_rng([run.seed, epoch]).permutation(len(run.train))
        started = time.perf_counter()
        rng_before: dict[str, Any] | None = None
        step, batch = pos.step, []
        try:
            for step in range(pos.step, self.steps_per_epoch):
                rng_before = _rng_state(self.device)
                batch = [run.train[i] for i in order[step * config.batch_size:(step + 1) * config.batch_size]]
                loss = self._step(batch)
                self._advance(step, len(batch), loss)
                rng_before = None  # the position is past this step: an interrupt from here keeps the current state
                if config.save_every_steps and pos.global_step % config.save_every_steps == 0:
                    self._save()
                self.progress.step(loss)
                if self.stop is not None and self.stop.is_set():
                    pos.train_seconds += time.perf_counter() - started
                    self._save()
                    raise TrainingStopped(run.folder, pos.global_step)
        except KeyboardInterrupt:
            # Ctrl-C is honoured at once and the run stays resumable: before this step's update, the step is
            # replayed on resume with the same random state; after it, the position moves past it
            pos.train_seconds += time.perf_counter() - started
            if self._stepped:
                self._advance(step, len(batch), None)
                self._save()
            else:
                self._save(rng_before)
            raise
        pos.train_seconds += time.perf_counter() - started

    def fit(self) -> MemberResult:
        config, run, pos = self.config, self.run, self.position
        label = f"member {run.index + 1}/{run.members}" if run.members > 1 else "training"
        self.progress.start(label, total_steps=self.total_steps, done_steps=pos.global_step)
        while pos.epoch < config.epochs:
            self._epoch(pos.epoch)
            metrics, _, _ = _validate(self.rm, run.validation, config.eval_batch_size)
            record = {"epoch": pos.epoch + 1, "train_loss": pos.loss_sum / max(1, pos.loss_steps),
                      "validation": metrics}
            pos.history.append(record)
            self.progress.log(_epoch_line(label, record, config.epochs))
            pos.epoch, pos.step, pos.loss_sum, pos.loss_steps = pos.epoch + 1, 0, 0.0, 0
            self._save()
        return self._finish()

    def _finish(self) -> MemberResult:
        config, run, pos = self.config, self.run, self.position
        metrics, chosen, rejected = _validate(self.rm, run.validation, config.eval_batch_size)
        train_rewards = score_encodings(self.rm, [p.chosen for p in run.train] + [p.rejected for p in run.train],
                                        config.eval_batch_size)
        stats = Normalization(mean=float(train_rewards.mean()), std=max(float(train_rewards.std()), 1e-6),
                              responses=len(train_rewards))
        self._write_checkpoint(stats, metrics)
        if not config.keep_resume_state:
            trim_state(run.folder)
        return MemberResult(run.index, run.seed, run.folder, pos.history, stats, (chosen, rejected),
                            pos.train_seconds, pos.pairs_seen, self.resumed_from)

    def _write_checkpoint(self, stats: Normalization, metrics: dict[str, Any]) -> None:
        from rewardstack.models.quiet import quiet_transformers

        model = self.rm.model
        if self.config.gradient_checkpointing:
            _checkpointing(model, False)
        model.eval()
        with quiet_transformers():
            model.save_pretrained(self.run.folder)
            self.rm.tokenizer.save_pretrained(self.run.folder)
        meta = RewardModelMeta(
            backbone=self.config.model, architecture=self.rm.architecture, layout=self.rm.encoder.layout,
            max_length=self.config.max_length, normalization=stats,
            training={"seed": self.run.seed, "member": self.run.index, "epochs": self.config.epochs,
                      "train_pairs": len(self.run.train), "validation_accuracy": metrics["accuracy"]})
        write_meta(self.run.folder, meta)


def _epoch_line(label: str, record: dict[str, Any], epochs: int) -> str:
    validation = record["validation"]
    line = f"{label} epoch {record['epoch']}/{epochs}: train loss {record['train_loss']:.4f}"
    if validation["pairs"]:
        line += (f", validation accuracy {validation['accuracy']:.3f} (loss {validation['loss']:.4f}, "
                 f"{validation['pairs']} pairs)")
    return line


def finished_member(config: RMTrainConfig, run: MemberRun) -> MemberResult | None:
    """The result of a member a previous invocation finished (its checkpoint is re-read, not retrained)."""
    import torch

    position, meta = read_position(run.folder), read_meta(run.folder)
    if position is None or meta is None or position.epoch < config.epochs:
        return None
    rm = RewardModel.load(run.folder, device=config.device, dtype=torch.float32)
    try:
        _, chosen, rejected = _validate(rm, run.validation, config.eval_batch_size)
    finally:
        rm.close()
    return MemberResult(run.index, run.seed, run.folder, position.history, meta.normalization, (chosen, rejected),
                        position.train_seconds, position.pairs_seen, position.global_step)


def train_member(config: RMTrainConfig, run: MemberRun, progress: TrainProgress,
                 stop: Event | None = None) -> MemberResult:
    """Train (or resume) one member and write its checkpoint into ``run.folder``.

    ``stop``: when set, the run saves its resume state after the current step and raises
    :class:`TrainingStopped` (the CLI sets it on SIGINT/SIGTERM). A ``KeyboardInterrupt`` also saves first.
    """
    run.folder.mkdir(parents=True, exist_ok=True)
    if run.resume:
        done = finished_member(config, run)
        if done is not None:
            progress.log(f"{run.folder}: finished before; its checkpoint is kept")
            return done
    trainer = _Trainer(config, run, progress, stop)
    try:
        return trainer.fit()
    finally:
        trainer.rm.close()
