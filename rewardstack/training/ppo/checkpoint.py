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
saving leaves the previous state whole. Two renames put it there (``resume-state/`` to
``.resume-state.old/``, then the new one to ``resume-state/``; a folder cannot replace a non-empty one
in one step), so a crash between them leaves the previous state as ``.resume-state.old/`` alone:
:func:`recover_state` (called by :func:`read_state` and :func:`load_checkpoint`) renames it back.

A damaged state (unreadable JSON, a missing or truncated file) is a :class:`ConfigKeyError` on
``output_dir`` naming the file, never a traceback.

A run may record the sha256 of its data files (:func:`file_digests`, ``data_digests`` in the state);
:func:`check_same_data` refuses a resume whose data changed. A state saved before digests were
recorded has none to compare, so it resumes unchecked.

A multi-process run (:mod:`~rewardstack.training.ppo.distributed`) saves the weights
and optimiser once (DDP keeps them identical), and every rank's random state
(``rng_by_rank``) and stack state (``rank_stack_states``); ``world_size`` says how many.
An FSDP run saves the same files from full state dicts gathered to the main rank (``full``):
``model.safetensors`` holds the whole model, ``optimizer.pt`` the whole optimiser state keyed by
parameter name and marked ``"sharding": "fsdp"``; every rank loads them whole and keeps its shard
(:mod:`~rewardstack.training.ppo.fsdp`). A state saved by a DDP run does not resume an FSDP one, nor
the other way round (the optimiser states are keyed differently): named error.
"""

from __future__ import annotations

import json
import pickle
import random
import shutil
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import torch
from pydantic import BaseModel, TypeAdapter

from rewardstack.models.store import sha256_file
from rewardstack.training.ppo.fsdp import is_sharded, load_full_state
from rewardstack.training.rm.config_file import ConfigKeyError

__all__ = ["STATE_DIR", "TrainerState", "capture_rng", "check_same_data", "check_same_run", "file_digests",
           "load_checkpoint", "read_state", "recover_state", "restore_rng", "save_checkpoint"]

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
    data_digests: dict[str, str] | None = None              # sha256 per data file (None: an older state)


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
                    rng_by_rank: list[dict[str, Any]] | None = None,
                    full: tuple[dict[str, torch.Tensor], dict[str, Any]] | None = None) -> None:
    """Write the resume state atomically (see the module docstring).

    ``state``: a dataclass of JSON values (:class:`TrainerState` for PPO); ``rng_by_rank``: every rank's
    random state (multi-process runs); ``full``: an FSDP run's full weights and optimiser state (the
    sharded ``model`` and ``optimizer`` are then not read).
    """
    from safetensors.torch import save_file, save_model

    final, tmp, old = (output_dir / name for name in (STATE_DIR, f".{STATE_DIR}.tmp", f".{STATE_DIR}.old"))
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    if full is None:
        save_model(model, str(tmp / "model.safetensors"))
        optimizer_state = optimizer.state_dict()
    else:
        save_file(full[0], str(tmp / "model.safetensors"))
        optimizer_state = full[1]
    saved: dict[str, Any] = {"optimizer": optimizer_state, "scheduler": scheduler.state_dict(), "rng": capture_rng()}
    if full is not None:
        saved["sharding"] = "fsdp"
    if rng_by_rank is not None:
        saved["rng_by_rank"] = rng_by_rank
    torch.save(saved, tmp / "optimizer.pt")
    (tmp / "trainer_state.json").write_text(json.dumps(state.__dict__, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def recover_state(output_dir: Path) -> bool:
    """Put the previous state back when a save crashed between its two renames; True if it did.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> (out / f".{STATE_DIR}.old").mkdir(); _ = (out / f".{STATE_DIR}.old" / "trainer_state.json").write_text("{}")
    >>> recover_state(out), (out / STATE_DIR / "trainer_state.json").is_file(), recover_state(out)
    (True, True, False)
    """
    final, old = output_dir / STATE_DIR, output_dir / f".{STATE_DIR}.old"
    if final.exists() or not (old / "trainer_state.json").is_file():
        return False
    old.rename(final)  # the new state in .tmp may be whole, but nothing says so: the old one is
    return True


def _damaged(output_dir: Path, name: str, what: str) -> ConfigKeyError:
    return ConfigKeyError(("output_dir",), f"{output_dir / STATE_DIR / name} {what}: the resume state is damaged, "
                          f"so the run cannot be resumed; start a new run in another output_dir, or delete "
                          f"{output_dir / STATE_DIR} and start again with overwrite: true")


def read_state(output_dir: Path) -> dict[str, Any] | None:
    """``trainer_state.json`` as JSON (recovering a crashed save first), or None when there is no state.

    A file that is not a JSON object with a ``config`` is a :class:`ConfigKeyError` on ``output_dir``.
    """
    recover_state(output_dir)
    path = output_dir / STATE_DIR / "trainer_state.json"
    if not path.is_file():
        return None
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise _damaged(output_dir, "trainer_state.json", f"cannot be read ({exc})") from None
    if not isinstance(state, dict) or "config" not in state:
        raise _damaged(output_dir, "trainer_state.json", "is not a trainer state (no config)")
    return state


def load_checkpoint(output_dir: Path, model: torch.nn.Module, optimizer: torch.optim.Optimizer,
                    scheduler: torch.optim.lr_scheduler.LRScheduler, *, rank: int = 0,
                    state_type: type[S] = TrainerState) -> S | None:  # type: ignore[assignment]
    """Restore weights, optimiser, schedule and (``rank``'s) random state; the trainer state (a ``state_type``
    built from ``trainer_state.json``), or None if there is none. A damaged file: :class:`ConfigKeyError`."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file, load_model

    saved_state = read_state(output_dir)
    if saved_state is None:
        return None
    folder = output_dir / STATE_DIR
    try:
        state = state_type(**saved_state)
    except TypeError as exc:
        raise _damaged(output_dir, "trainer_state.json", f"does not fit this trainer ({exc})") from None
    sharded = is_sharded(model)
    errors = (OSError, EOFError, pickle.UnpicklingError, RuntimeError, ValueError, KeyError, IndexError)
    try:
        saved = torch.load(folder / "optimizer.pt", map_location="cpu", weights_only=True)
    except errors as exc:
        raise _damaged(output_dir, "optimizer.pt", _why(exc)) from None
    _check_sharding(output_dir, saved.get("sharding") if isinstance(saved, dict) else None, sharded)
    try:
        weights = load_file(str(folder / "model.safetensors")) if sharded else None
        if weights is None:
            load_model(model, str(folder / "model.safetensors"), device=str(next(model.parameters()).device))
    except (OSError, SafetensorError, RuntimeError) as exc:
        raise _damaged(output_dir, "model.safetensors", _why(exc)) from None
    try:
        if weights is not None:
            load_full_state(model, optimizer, _with_tied(model, weights), saved["optimizer"])
        else:
            optimizer.load_state_dict(saved["optimizer"])
        scheduler.load_state_dict(saved["scheduler"])
        restore_rng(saved["rng_by_rank"][rank] if "rng_by_rank" in saved else saved["rng"])
    except errors as exc:
        raise _damaged(output_dir, "optimizer.pt", _why(exc)) from None
    return state


def _check_sharding(output_dir: Path, saved: str | None, sharded: bool) -> None:
    if (saved == "fsdp") != sharded:
        was, now = ("FSDP", "DDP or one process") if saved == "fsdp" else ("DDP or one process", "FSDP")
        raise ConfigKeyError(("distributed",), f"the resume state in {output_dir / STATE_DIR} was saved by a run "
                             f"with {was}, and this run uses {now}: resume it as it was launched (accelerate launch "
                             "--use_fsdp or distributed: {kind: fsdp} for FSDP)")


def _with_tied(model: torch.nn.Module, weights: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """``weights`` with every name of ``model``'s state dict that
    :func:`~rewardstack.training.ppo.fsdp.full_model_state` left out (a tied weight: the same tensor as the
    kept name it shares its parameter with)."""
    by_param: dict[int, str] = {}
    for name, param in model.named_parameters(remove_duplicate=False):
        by_param.setdefault(id(param), name)
    names = {name: by_param[id(param)] for name, param in model.named_parameters(remove_duplicate=False)}
    return {**{name: weights[first] for name, first in names.items() if name not in weights and first in weights},
            **weights}


def _why(exc: Exception) -> str:
    return "is missing" if isinstance(exc, FileNotFoundError) else f"cannot be read ({type(exc).__name__}: {exc})"


def file_digests(files: Mapping[str, Path | None]) -> dict[str, str]:
    """The sha256 (hex) of each file that is set and exists, by its config key (``data.train``).

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "d.jsonl"; _ = path.write_text("x")
    >>> file_digests({"data.train": path, "data.validation": None})["data.train"][:12]
    '2d711642b726'
    """
    return {key: sha256_file(path) for key, path in files.items() if path is not None and path.is_file()}


def check_same_data(saved: Mapping[str, str] | None, files: Mapping[str, Path | None]) -> None:
    """ConfigKeyError naming the first data file whose content differs from when the run started.

    ``saved``: the state's ``data_digests`` (None: a state from before digests were kept, nothing to
    compare); ``files``: the data files now, by config key.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "d.jsonl"; _ = path.write_text("x")
    >>> saved = file_digests({"data.train": path})
    >>> check_same_data(saved, {"data.train": path}); check_same_data(None, {"data.train": path})
    >>> _ = path.write_text("y")
    >>> check_same_data(saved, {"data.train": path})
    Traceback (most recent call last):
    ...
    rewardstack.training.rm.config_file.ConfigKeyError: data.train: ...d.jsonl changed since the run started ...
    """
    if saved is None:
        return
    now = file_digests(files)
    for key in sorted(saved):
        if now.get(key) != saved[key]:
            path = files.get(key)
            how = "no longer exists" if key not in now else (
                f"changed since the run started (sha256 {saved[key][:12]}... then, {now[key][:12]}... now)")
            raise ConfigKeyError(tuple(key.split(".")), f"{path} {how}; a resumed run must train on the data it "
                                 "started with: restore the file, or start a new run in another output_dir")


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
    >>> class R(BaseModel):
    ...     reference: str | None = None
    >>> check_same_run({"reference": "tiny-lm"}, R(), set())
    Traceback (most recent call last):
    ...
    rewardstack.training.rm.config_file.ConfigKeyError: reference: was 'tiny-lm' when the run started, now not set; ...
    """
    old, new = _flat(saved), _flat(config.model_dump(mode="json"))
    # a key the saved config lacks came with a later release: at its default it changes nothing
    old.update({key: new[key] for key in _added_at_default(saved, config)})
    # a value changed in place names the cause better than the keys that came or went with it
    for key in sorted(set(old) | set(new), key=lambda k: (k not in old or k not in new, k)):
        allowed = key[0] in resumable or ".".join(key) in resumable
        if not allowed and old.get(key) != new.get(key):
            raise ConfigKeyError(key, f"was {_shown(old.get(key))} when the run started, now "
                                 f"{_shown(new.get(key))}; a resumed run may change only "
                                 f"{', '.join(sorted(resumable))} (start a new run in another output_dir instead)")


def _shown(value: Any) -> str:
    """A config value as a user wrote it: ``not set`` for None (or a key that was absent)."""
    return "not set" if value is None else repr(value)


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
