"""Resume state of one member's training: ``<member folder>/resume-state/``.

Written at the end of every epoch, every ``save_every_steps`` steps, and when
the run is interrupted (Ctrl-C): the weights (``model.safetensors``), the
optimizer and learning-rate schedule with the random-number state
(``optimizer.pt``), and where the run stands (``trainer_state.json``: epoch,
step within it, history). Data order is a function of (seed, epoch), so
resuming at (epoch, step) replays exactly the batches an uninterrupted run
would have seen: on CPU a resumed run ends with the same weights, bit for bit.

The folder is written beside the old one and renamed into place, so a crash
while saving leaves the previous state whole. When a member finishes, the
weights and optimizer files are removed (:func:`trim_state`; they are 3x the
model's size) unless ``keep_resume_state: true``; ``trainer_state.json`` stays,
so a resumed ensemble run knows the member is done and re-reads its history.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch

__all__ = ["STATE_DIR", "Position", "load_state", "read_position", "save_state", "trim_state"]

STATE_DIR = "resume-state"


@dataclass
class Position:
    """Where a member's run stands: the next step to run, and what happened so far."""

    epoch: int = 0
    step: int = 0  # next step within ``epoch``
    global_step: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)
    train_seconds: float = 0.0
    pairs_seen: int = 0
    loss_sum: float = 0.0  # this epoch's losses so far (the epoch's mean train loss survives a resume)
    loss_steps: int = 0


def save_state(folder: Path, model: torch.nn.Module, optimizer: torch.optim.Optimizer,
               scheduler: torch.optim.lr_scheduler.LRScheduler, position: Position,
               rng: dict[str, Any]) -> None:
    """Write the resume state of ``model`` at ``position`` (``rng``: the random state to restore)."""
    import torch
    from safetensors.torch import save_model

    final = folder / STATE_DIR
    tmp = folder / f".{STATE_DIR}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    save_model(model, str(tmp / "model.safetensors"))  # handles tied weights, unlike save_file
    torch.save({"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(), "rng": rng},
               tmp / "optimizer.pt")
    (tmp / "trainer_state.json").write_text(json.dumps(position.__dict__, indent=1) + "\n")
    old = folder / f".{STATE_DIR}.old"
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def load_state(folder: Path, model: torch.nn.Module, optimizer: torch.optim.Optimizer,
               scheduler: torch.optim.lr_scheduler.LRScheduler) -> tuple[Position, dict[str, Any]] | None:
    """Restore weights, optimizer and schedule from ``folder``'s resume state; the position and rng, or None."""
    import torch
    from safetensors.torch import load_model

    state = folder / STATE_DIR
    if not (state / "model.safetensors").is_file():
        return None
    load_model(model, str(state / "model.safetensors"), device=str(next(model.parameters()).device))
    saved = torch.load(state / "optimizer.pt", map_location="cpu", weights_only=True)
    optimizer.load_state_dict(saved["optimizer"])
    scheduler.load_state_dict(saved["scheduler"])
    position = Position(**json.loads((state / "trainer_state.json").read_text()))
    rng: dict[str, Any] = saved["rng"]
    return position, rng


def read_position(folder: Path) -> Position | None:
    """The saved position of a member (also after :func:`trim_state`), or None when there is none."""
    path = folder / STATE_DIR / "trainer_state.json"
    if not path.is_file():
        return None
    return Position(**json.loads(path.read_text()))


def trim_state(folder: Path) -> None:
    """Remove the weights and optimizer files of a finished member's state; keep its position and history."""
    for name in ("model.safetensors", "optimizer.pt"):
        (folder / STATE_DIR / name).unlink(missing_ok=True)
