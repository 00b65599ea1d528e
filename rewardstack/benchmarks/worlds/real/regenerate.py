"""A fresh real-model pool for one benchmark run: ``rewardstack bench full --regenerate``.

The committed generator (:func:`.generate.generate_pool`, the same code as
``benchmarks/data/generate_real_pool.py``) writes the pool and its provenance into
``OUT/real_pool/`` (work files, reused by a rerun, in ``OUT/real_pool_work/``); the run's
``real_smollm2`` world then reads that folder instead of the committed one
(:func:`pool_builder`). :func:`check_can_regenerate` refuses *before* any model is loaded
or token generated where generation or gold labelling cannot run here: an unknown model, CUDA
asked for without a CUDA device, no code sandbox for the hidden tests.

Decision: ``bench quick`` refuses ``--regenerate`` (the CLI says so): quick is the demo that
must stay within 5 minutes on 2 CPU cores, and regenerating the default pool with
SmolLM2-135M-Instruct takes ~20 minutes there. ``bench full`` and a suite file with a
``real_smollm2`` world (``benchmarks/suites/real.yaml``) regenerate.

>>> config = pool_config(model="tiny-lm", device="cpu", seed=3, prompts=2, candidates=2)
>>> config.counts, config.candidates, config.model
({'coding': 2, 'math': 2, 'medicine': 2}, 2, 'tiny-lm')
>>> pool_config(model="tiny-lm", device="cpu", seed=0, prompts=None, candidates=None).counts
{'coding': 12, 'math': 16, 'medicine': 16}
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rewardstack.benchmarks.pool import WorldPool
from rewardstack.benchmarks.worlds.real.generate import PoolConfig, generate_pool
from rewardstack.benchmarks.worlds.real.prompts import FAMILIES
from rewardstack.core.errors import ConfigError, SandboxUnavailable

__all__ = ["POOL_DIR", "REAL_WORLD", "WORK_DIR", "check_can_regenerate", "pool_builder", "pool_config",
           "regenerate_pool"]

REAL_WORLD = "real_smollm2"
#: Where a regenerated pool and the generator's resumable work files go, inside the run's output folder.
POOL_DIR, WORK_DIR = "real_pool", "real_pool_work"
Builder = Callable[..., WorldPool]


def pool_config(*, model: str, device: str, seed: int, prompts: int | None, candidates: int | None) -> PoolConfig:
    """The generator's config: ``prompts`` per family and ``candidates`` per prompt, else the committed pool's."""
    fields: dict[str, Any] = {"model": model, "device": device, "seed": seed}
    if prompts is not None:
        fields["counts"] = dict.fromkeys(FAMILIES, prompts)
    if candidates is not None:
        fields["candidates"] = candidates
    return PoolConfig(**fields)


def check_can_regenerate(config: PoolConfig) -> None:
    """:class:`ConfigError` saying what is missing and how to fix it, before anything is generated."""
    from rewardstack.models.device import pick_device_dtype
    from rewardstack.models.resolve import resolve_model
    from rewardstack.verifiers.code.sandbox.config import make_backend

    try:
        pick_device_dtype(config.device)
    except ConfigError as exc:
        raise ConfigError(f"--device {config.device}: {exc}") from None
    try:
        resolve_model(config.model)
    except ConfigError as exc:
        raise ConfigError(f"--model {config.model}: {exc}") from None
    if config.counts.get("coding", 0) > 0:
        try:
            make_backend(config.code_sandbox).close()
        except SandboxUnavailable as exc:
            raise ConfigError(
                f"--regenerate: the coding prompts' gold runs every hidden test in the "
                f"{config.code_sandbox['backend']} sandbox, which cannot run here ({exc}); "
                "install it (docs/sandbox.md; 'rewardstack sandbox check' tells what is missing)"
            ) from None


def regenerate_pool(config: PoolConfig, out: Path, *, command: str, log: Callable[[str], None]) -> Path:
    """Generate, label and store a pool in ``out/real_pool``; returns that folder."""
    folder = out / POOL_DIR
    generate_pool(config, folder, work_dir=out / WORK_DIR, command=command, log=log)
    return folder


def pool_builder(folder: Path, fallback: Builder) -> Builder:
    """A world builder that reads the ``real_smollm2`` world from ``folder`` and builds the others as before."""
    from rewardstack.benchmarks.worlds.real.world import build_real

    try:
        takes_progress = "progress" in inspect.signature(fallback).parameters
    except (TypeError, ValueError):  # a builtin or C callable has no signature to read
        takes_progress = False

    def build(name: str, *, seed: int, size: str, workdir: Path, progress: Any = None) -> WorldPool:
        if name == REAL_WORLD:
            return build_real(seed, size, folder=folder)
        if takes_progress:
            return fallback(name, seed=seed, size=size, workdir=workdir, progress=progress)
        return fallback(name, seed=seed, size=size, workdir=workdir)

    return build
