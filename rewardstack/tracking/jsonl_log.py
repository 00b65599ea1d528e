"""``metrics.jsonl``: one JSON object per step (or event), appended and flushed as it happens."""

from __future__ import annotations

import json
import math
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

__all__ = ["MetricsLog"]


def _finite(value: Any) -> Any:
    if isinstance(value, np.generic):  # numpy scalars (np.float32(1.5), np.int64(3)) as plain numbers
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN; a missing figure is null, never a made-up number
    return value


class MetricsLog:
    """Append-only JSONL; ``resume=True`` keeps lines of steps before the resumed one.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with MetricsLog(folder / "metrics.jsonl") as log:
    ...     log.write({"step": 0, "loss": 1.5})
    >>> (folder / "metrics.jsonl").read_text()
    '{"step": 0, "loss": 1.5}\\n'
    """

    def __init__(self, path: Path, *, resume_from_step: int | None = None):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        if resume_from_step is not None and path.exists():
            kept = [line for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip() and json.loads(line).get("step", -1) < resume_from_step]
            path.write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")
        elif resume_from_step is None:
            path.write_text("", encoding="utf-8")
        self._file = path.open("a", encoding="utf-8")

    def write(self, record: dict[str, Any]) -> None:
        self._file.write(json.dumps({k: _finite(v) for k, v in record.items()}) + "\n")
        self._file.flush()

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> MetricsLog:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
