"""Resume state of a PPO run: ``output_dir/resume-state/``, everything an exact continuation needs.

- ``model.safetensors``: the policy and its value head (``save_model``: tied weights kept once);
- ``optimizer.pt``: optimiser and LR schedule, and the random state (torch CPU and CUDA);
- ``trainer_state.json``: the next step, the KL controller, the stack's fusion state
  (running statistics, Lagrange multipliers) and the config the run was started with.

Data order is a function of (seed, step) (:mod:`~rewardstack.training.ppo.data`), so with
the random state restored a resumed run samples, scores and updates exactly as an
uninterrupted one would: on CPU the metrics and weights match bit for bit (tested).

The folder is written beside the old one and renamed into place: a crash while
saving leaves the previous state whole.

A multi-process run (:mod:`~rewardstack.training.ppo.distributed`) saves the weights
and optimiser once (DDP keeps them identical), and every rank's random state
(``rng_by_rank``) and stack state (``rank_stack_states``); ``world_size`` says how many.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

__all__ = ["STATE_DIR", "TrainerState", "capture_rng", "load_checkpoint", "restore_rng", "save_checkpoint"]

STATE_DIR = "resume-state"


@dataclass(frozen=True)
class TrainerState:
    """Where the run stands (``step``: the number of steps done) and the small state beside the weights."""

    step: int
    kl_controller: dict[str, Any]
    stack_state: dict[str, Any]
    config: dict[str, Any]
    monitors: dict[str, Any] = field(default_factory=dict)  # windows, cooldowns, events (empty: no monitors)
    best: dict[str, Any] | None = None                      # {"step", "metric", "value"} of the best policy so far
    world_size: int = 1                                     # processes of the run (a resume needs as many)
    rank_stack_states: list[dict[str, Any]] | None = None   # every rank's stack state (multi-process runs)


def capture_rng() -> dict[str, Any]:
    """Every random state a step draws from."""
    # sampling (generate) and minibatch order draw from torch's global generator; data order is
    # seeded per step and nothing in a step draws from numpy's or Python's global generators
    state: dict[str, Any] = {"torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def restore_rng(state: dict[str, Any]) -> None:
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def save_checkpoint(output_dir: Path, model: torch.nn.Module, optimizer: torch.optim.Optimizer,
                    scheduler: torch.optim.lr_scheduler.LRScheduler, state: TrainerState,
                    rng_by_rank: list[dict[str, Any]] | None = None) -> None:
    """Write the resume state atomically (see the module docstring); ``rng_by_rank``: every rank's random state."""
    from safetensors.torch import save_model

    final, tmp, old = (output_dir / name for name in (STATE_DIR, f".{STATE_DIR}.tmp", f".{STATE_DIR}.old"))
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    save_model(model, str(tmp / "model.safetensors"))
    saved: dict[str, Any] = {"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
                             "rng": capture_rng()}
    if rng_by_rank is not None:
        saved["rng_by_rank"] = rng_by_rank
    torch.save(saved, tmp / "optimizer.pt")
    (tmp / "trainer_state.json").write_text(json.dumps(state.__dict__, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def load_checkpoint(output_dir: Path, model: torch.nn.Module, optimizer: torch.optim.Optimizer,
                    scheduler: torch.optim.lr_scheduler.LRScheduler, *, rank: int = 0) -> TrainerState | None:
    """Restore weights, optimiser, schedule and (``rank``'s) random state; the trainer state, or None if none."""
    from safetensors.torch import load_model

    folder = output_dir / STATE_DIR
    if not (folder / "trainer_state.json").is_file():
        return None
    load_model(model, str(folder / "model.safetensors"), device=str(next(model.parameters()).device))
    saved = torch.load(folder / "optimizer.pt", map_location="cpu", weights_only=True)
    optimizer.load_state_dict(saved["optimizer"])
    scheduler.load_state_dict(saved["scheduler"])
    restore_rng(saved["rng_by_rank"][rank] if "rng_by_rank" in saved else saved["rng"])
    return TrainerState(**json.loads((folder / "trainer_state.json").read_text(encoding="utf-8")))
