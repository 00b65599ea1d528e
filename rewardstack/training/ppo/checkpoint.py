"""Resume state of a training run: ``output_dir/resume-state/``, everything an exact continuation needs.

PPO (:class:`TrainerState`) and the SFT/DPO loop (:class:`~rewardstack.training.lm.trainer.LMTrainerState`)
write and read it through the same functions here; only the small JSON state differs.

- ``model.safetensors``: the trained model (PPO: the policy and its value head; ``save_model``: tied
  weights kept once);
- ``optimizer.pt``: optimiser and LR schedule, and the random state (Python's, numpy's and torch's
  global generators, CPU and CUDA);
- ``trainer_state.json``: the steps done, the config the run was started with and what else the
  trainer needs (PPO: the KL controller, the stack's fusion state (running statistics, Lagrange
  multipliers), the monitors).

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
import random
import shutil
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import torch
from pydantic import BaseModel, TypeAdapter

from rewardstack.training.rm.config_file import ConfigKeyError

__all__ = ["STATE_DIR", "TrainerState", "capture_rng", "check_same_run", "load_checkpoint", "restore_rng",
           "save_checkpoint"]

S = TypeVar("S")

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
    """Every global random state (torch CPU and CUDA, numpy, Python), as what ``torch.load(weights_only=True)`` reads.

    PPO's sampling and minibatch order draw from torch's generator, its data order is seeded per step;
    numpy's and Python's are kept too, so that a tokenizer, a reward source or a later change that draws
    from them cannot make a resumed run part from the uninterrupted one.
    """
    numpy_state: tuple[Any, ...] = tuple(np.random.get_state(legacy=True))
    name, key, pos, has_gauss, cached = numpy_state
    version, internal, gauss = random.getstate()
    state: dict[str, Any] = {"torch": torch.get_rng_state(),  # uint32 key as int64: a tensor weights_only reads
                             "numpy": [name, torch.from_numpy(np.asarray(key, dtype=np.int64)), pos, has_gauss,
                                       cached],
                             "python": [version, list(internal), gauss]}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def restore_rng(state: dict[str, Any]) -> None:
    """Set the global generators to ``state`` (:func:`capture_rng`); a state saved before numpy's and
    Python's were kept restores torch's alone."""
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])
    if "numpy" in state:
        name, key, pos, has_gauss, cached = state["numpy"]
        np.random.set_state((name, key.numpy().astype(np.uint32), pos, has_gauss, cached))
    if "python" in state:
        version, internal, gauss = state["python"]
        random.setstate((version, tuple(internal), gauss))


def save_checkpoint(output_dir: Path, model: torch.nn.Module, optimizer: torch.optim.Optimizer,
                    scheduler: torch.optim.lr_scheduler.LRScheduler, state: Any,
                    rng_by_rank: list[dict[str, Any]] | None = None) -> None:
    """Write the resume state atomically (see the module docstring).

    ``state``: a dataclass of JSON values (:class:`TrainerState` for PPO); ``rng_by_rank``: every rank's
    random state (multi-process runs).
    """
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
                    scheduler: torch.optim.lr_scheduler.LRScheduler, *, rank: int = 0,
                    state_type: type[S] = TrainerState) -> S | None:  # type: ignore[assignment]
    """Restore weights, optimiser, schedule and (``rank``'s) random state; the trainer state (a ``state_type``
    built from ``trainer_state.json``), or None if there is none."""
    from safetensors.torch import load_model

    folder = output_dir / STATE_DIR
    if not (folder / "trainer_state.json").is_file():
        return None
    load_model(model, str(folder / "model.safetensors"), device=str(next(model.parameters()).device))
    saved = torch.load(folder / "optimizer.pt", map_location="cpu", weights_only=True)
    optimizer.load_state_dict(saved["optimizer"])
    scheduler.load_state_dict(saved["scheduler"])
    restore_rng(saved["rng_by_rank"][rank] if "rng_by_rank" in saved else saved["rng"])
    return state_type(**json.loads((folder / "trainer_state.json").read_text(encoding="utf-8")))


def _flat(value: Any, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in _flat(item, (*prefix, str(key))).items()}
    return {prefix: value}


def check_same_run(saved: dict[str, Any], config: BaseModel, resumable: Collection[str]) -> None:
    """ConfigKeyError naming the first key whose change would make the resumed run another run.

    ``saved``: the config the run started with (as JSON); ``resumable``: top-level keys or dotted paths a
    resumed run may change (how long it runs and how it reports, never what it trains).

    >>> class C(BaseModel):
    ...     lr: float = 0.1
    ...     save_every: int = 10
    >>> check_same_run({"lr": 0.1, "save_every": 10}, C(save_every=5), {"save_every"})   # allowed
    >>> check_same_run({"lr": 0.1}, C(lr=0.2), {"save_every"})
    Traceback (most recent call last):
    ...
    rewardstack.training.rm.config_file.ConfigKeyError: lr: was 0.1 when the run started, now 0.2; ...
    """
    old, new = _flat(saved), _flat(config.model_dump(mode="json"))
    # a key the saved config lacks came with a later release: at its default it changes nothing
    old.update({key: new[key] for key in _added_at_default(saved, config)})
    # a value changed in place names the cause better than the keys that came or went with it
    for key in sorted(set(old) | set(new), key=lambda k: (k not in old or k not in new, k)):
        allowed = key[0] in resumable or ".".join(key) in resumable
        if not allowed and old.get(key) != new.get(key):
            raise ConfigKeyError(key, f"was {old.get(key)!r} when the run started, now {new.get(key)!r}; a resumed "
                                 f"run may change only {', '.join(sorted(resumable))} (start a new run "
                                 "in another output_dir instead)")


def _added_at_default(saved: dict[str, Any], config: BaseModel) -> list[tuple[str, ...]]:
    """Flat keys of ``config`` under a field ``saved`` lacks, where that field still has its default."""
    added: list[tuple[str, ...]] = []
    for name, field_info in type(config).model_fields.items():
        value = getattr(config, name)
        if name not in saved:
            if field_info.is_required():
                continue
            default = field_info.get_default(call_default_factory=True, validated_data={})
            if _dumped(value) == _dumped(default):
                added.extend(_flat({name: _dumped(value)}))
        elif isinstance(value, BaseModel) and isinstance(saved[name], dict):
            added.extend((name, *key) for key in _added_at_default(saved[name], value))
    return added


def _dumped(value: Any) -> Any:
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else TypeAdapter(Any).dump_python(
        value, mode="json")
