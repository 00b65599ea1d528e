"""The training loop of an adapted judge: binary cross-entropy on the log-odds of the right answer.

Each labelled item becomes the constitution's question with the options in the first and in the
swapped order; its target is 1 when the right answer is "Yes" (the response satisfies the
principle and the principle's ``satisfied_when`` is "Yes", or violates one whose ``satisfied_when``
is "No"). Per epoch the examples come in an order drawn from (seed, epoch); ``orders: both`` uses
both orders of every item, ``orders: random`` one order per item, drawn from the same generator.
A step: ``batch_size`` examples, dynamic padding, ``L = BCEWithLogits(z, y)`` averaged, gradient
clipping, AdamW on the adapters and the head, linear warm-up then linear decay to 0.

Determinism: the caller runs this inside ``torch.random.fork_rng`` under the seed (dropout draws
from it), and the data order is a function of (seed, epoch): on CPU the same config gives the
same weights. A set ``stop`` event ends the run after the current step (:class:`JudgeTrainingStopped`).

>>> temperature_fit(np.array([4.0, -4.0, 3.0, -3.0]), np.array([1, 0, 0, 1])) > 1.0
True
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from threading import Event
from typing import Any, Literal

import numpy as np

from rewardstack.core.errors import RewardStackError
from rewardstack.rewards.critic.adapted.model import AdaptedJudgeModel
from rewardstack.rewards.critic.adapted.net import fit_ids
from rewardstack.rewards.critic.adapted.render import item_request
from rewardstack.rewards.critic.constitution import Constitution
from rewardstack.rewards.critic.data.items import JudgementItem
from rewardstack.training.judge.config import JudgeTrainConfig
from rewardstack.training.rm.progress import TrainProgress

__all__ = ["Example", "JudgeTrainingStopped", "examples_for", "fit", "temperature_fit"]


class JudgeTrainingStopped(RewardStackError):
    """The run was asked to stop (a signal); nothing was saved."""


@dataclass(frozen=True)
class Example:
    """One question as token ids (cut to max_length), its target (1: the right answer is "Yes"), its item."""

    ids: tuple[int, ...]
    tokens: int  # before the cut
    target: float
    item: int
    order: Literal[0, 1]


def examples_for(model: AdaptedJudgeModel, items: Sequence[JudgementItem], constitution: Constitution
                 ) -> list[Example]:
    """Both orders of every item, encoded once (``[order 0 of item 0, order 1 of item 0, ...]``)."""
    out = []
    for k, item in enumerate(items):
        satisfied = constitution.principle(item.principle).satisfied_when
        target = float(item.verdict == (satisfied == "Yes"))
        orders: tuple[Literal[0, 1], ...] = (0, 1)
        for order in orders:
            request = item_request(constitution, item, order=order)
            full = model.net.encode_full(request)
            out.append(Example(tuple(fit_ids(full, model.net.max_length)), len(full), target, k, order))
    return out


def _epoch_order(examples: Sequence[Example], config: JudgeTrainConfig, epoch: int) -> list[int]:
    rng = np.random.default_rng([config.seed, epoch])
    if config.orders == "both":
        return [int(i) for i in rng.permutation(len(examples))]
    items = len(examples) // 2
    pick = rng.integers(0, 2, size=items)
    return [int(2 * k + pick[k]) for k in rng.permutation(items)]


def fit(model: AdaptedJudgeModel, examples: Sequence[Example], config: JudgeTrainConfig, progress: TrainProgress,
        stop: Event | None = None) -> dict[str, Any]:
    """Train ``model``'s adapters in place; returns the history (per-epoch loss and seconds) and counts."""
    import torch

    net = model.net
    per_epoch = len(examples) if config.orders == "both" else len(examples) // 2
    steps_per_epoch = math.ceil(per_epoch / config.batch_size)
    total = steps_per_epoch * config.epochs
    warmup = int(config.warmup_ratio * total)
    optimizer = torch.optim.AdamW(net.parameters(), lr=config.lr, weight_decay=config.weight_decay)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: (s + 1) / warmup if s < warmup else max(0.0, (total - s) / max(1, total - warmup)))
    loss_fn = torch.nn.BCEWithLogitsLoss()
    history: list[dict[str, Any]] = []
    progress.start("judge", total_steps=total, done_steps=0)
    net.train(True)
    started = time.perf_counter()
    for epoch in range(config.epochs):
        order, losses, epoch_start = _epoch_order(examples, config, epoch), [], time.perf_counter()
        for step in range(steps_per_epoch):
            batch = [examples[i] for i in order[step * config.batch_size:(step + 1) * config.batch_size]]
            z = net.logits(net.collate([e.ids for e in batch]))
            loss = loss_fn(z, torch.tensor([e.target for e in batch], device=z.device))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            if config.max_grad_norm is not None:
                torch.nn.utils.clip_grad_norm_(net.parameters(), config.max_grad_norm)
            optimizer.step()
            schedule.step()
            losses.append(float(loss.detach()))
            progress.step(losses[-1])
            if stop is not None and stop.is_set():
                raise JudgeTrainingStopped(f"stopped in epoch {epoch + 1} after step {step + 1}")
        record = {"epoch": epoch + 1, "train_loss": float(np.mean(losses)),
                  "seconds": round(time.perf_counter() - epoch_start, 3)}
        history.append(record)
        progress.log(f"judge epoch {epoch + 1}/{config.epochs}: train loss {record['train_loss']:.4f} "
                     f"({record['seconds']:.0f} s)")
    net.train(False)
    seconds = time.perf_counter() - started
    return {"history": history, "steps": total, "examples_per_epoch": per_epoch,
            "train_seconds": round(seconds, 3),
            "examples_per_second": round(per_epoch * config.epochs / seconds, 2) if seconds > 0 else None}


def temperature_fit(z: np.ndarray, y: np.ndarray) -> float:
    """The temperature T minimising the mean log-loss of ``sigmoid(z / T)`` against ``y`` (grid, then refined).

    A pure search over log T in [-3, 3] (no optimiser state, no randomness): the same inputs give the same T.
    """
    z, y = np.asarray(z, dtype=np.float64), np.asarray(y, dtype=np.float64)

    def loss(log_t: float) -> float:
        s = z / math.exp(log_t)
        return float(np.mean(np.logaddexp(0.0, s) - y * s))  # -log sigmoid(s) if y else -log(1 - sigmoid(s))

    grid = np.linspace(-3.0, 3.0, 121)
    best = float(grid[int(np.argmin([loss(g) for g in grid]))])
    fine = np.linspace(best - 0.05, best + 0.05, 101)
    return float(math.exp(float(fine[int(np.argmin([loss(g) for g in fine]))])))
