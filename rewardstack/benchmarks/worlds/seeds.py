"""Stable, named random streams: one world seed, independent streams per family and prompt.

Python's ``hash()`` is salted per process, so stream keys are CRC-32s of their names:
the same ``(seed, names...)`` gives the same stream in every process and on every machine.

>>> a = stream(0, "math", "bench", 3).integers(0, 1000, 3)
>>> b = stream(0, "math", "bench", 3).integers(0, 1000, 3)
>>> bool((a == b).all()), bool((a == stream(1, "math", "bench", 3).integers(0, 1000, 3)).all())
(True, False)
"""

from __future__ import annotations

import zlib

import numpy as np

__all__ = ["stable_int", "stream"]


def stable_int(name: str) -> int:
    """A process-independent 32-bit integer for ``name``."""
    return zlib.crc32(name.encode("utf-8"))


def stream(seed: int, *names: str | int) -> np.random.Generator:
    """A generator keyed by the world seed and a path of names (family, split, index, ...)."""
    key = [seed] + [n if isinstance(n, int) else stable_int(n) for n in names]
    return np.random.default_rng(np.random.SeedSequence(key))
