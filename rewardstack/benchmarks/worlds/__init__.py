"""Gold worlds: candidate pools with a latent truth, for benchmarking reward signals against gold.

``build_world("synthetic", seed=0, size="quick", workdir=Path(".rewardstack-bench"))`` returns a
:class:`~rewardstack.benchmarks.pool.WorldPool`: for every prompt, N candidates that the real
sources score (``code_tests``, ``math_answer``, ``kb_facts``, ``preference_model``,
``constitutional_critic``), their gold (from latent truth, ``worlds/gold/``), base-policy
log-probabilities and probe features, plus the reward models the world trained on biased
labels (``provenance["artifacts"]``). docs/benchmarks_worlds.md describes every family.
``build_world("real_smollm2", ...)`` reads the stored pool of real SmolLM2-135M-Instruct
generations instead (``worlds/real/``, docs/benchmarks_real.md).

>>> WORLDS
('synthetic', 'real_smollm2')
>>> build_world("nowhere", seed=0, size="quick", workdir=Path("."))
Traceback (most recent call last):
...
rewardstack.core.errors.ConfigError: unknown world 'nowhere': known worlds are synthetic, real_smollm2
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rewardstack.benchmarks.pool import WorldPool
from rewardstack.benchmarks.worlds.config import Size, SyntheticConfig, synthetic_config
from rewardstack.core.errors import ConfigError

__all__ = ["WORLDS", "SyntheticConfig", "build_world", "synthetic_config"]

WORLDS = ("synthetic", "real_smollm2")


def build_world(name: str, *, seed: int, size: Size, workdir: Path, progress: Any = None) -> WorldPool:
    """Build world ``name`` for ``seed`` at ``size`` ("quick" | "full"); models are cached under ``workdir``.

    ``progress``: a ``rewardstack.training.rm`` progress reporter for the reward-model training
    (silent by default).
    """
    if name not in WORLDS:
        raise ConfigError(f"unknown world {name!r}: known worlds are {', '.join(WORLDS)}")
    if size not in ("quick", "full"):
        raise ConfigError(f"unknown world size {size!r}: use 'quick' or 'full'")
    if name == "real_smollm2":
        # the stored pool of SmolLM2-135M-Instruct generations (benchmarks/data/real_smollm2/);
        # nothing is trained, so workdir and progress are unused
        from rewardstack.benchmarks.worlds.real import build_real

        return build_real(seed, size)
    from rewardstack.benchmarks.worlds.synthetic import build_synthetic

    return build_synthetic(seed, size, Path(workdir), progress=progress)
