"""The output of a ``cai`` command: a JSONL file appended one whole line at a time, resumable.

- **Line-atomic**: each finished item is one ``os.write`` of one complete line
  to a file opened with ``O_APPEND``, so Ctrl-C (or a crash) between items
  leaves only whole lines; the file is fsynced when the run ends.
- **Resume**: the ids already in the file are done and skipped. A last line
  without its newline (the process was killed inside a write) is cut off and
  redone, and said so.
- **Same settings**: every line carries its run's settings under
  ``metadata``; resuming with other settings (another seed, model or
  constitution) would mix two runs in one file, so it is an :class:`OutputError`
  naming the line and the setting (``--overwrite`` or another ``--out`` fix it).

>>> import tempfile
>>> from pathlib import Path
>>> path = Path(tempfile.mkdtemp()) / "out.jsonl"
>>> with ResumableJsonl(path, {"seed": 1}) as out:
...     out.append({"id": "a", "metadata": {"seed": 1}})
>>> _ = path.open("ab").write(b'{"id": "b", "meta')       # a write cut short
>>> again = ResumableJsonl(path, {"seed": 1})
>>> sorted(again.done), again.dropped_tail
(['a'], 17)
>>> ResumableJsonl(path, {"seed": 2})
Traceback (most recent call last):
...
rewardstack.cai.output.OutputError: ...out.jsonl:1: metadata.seed is 1, this run has 2; resume with the same ...
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from rewardstack.core.errors import ConfigError

__all__ = ["OutputError", "ResumableJsonl", "dump_line"]


class OutputError(ConfigError):
    """An existing ``--out`` file this run cannot go on from (exit 2, ``file:line: what``)."""


def dump_line(row: Mapping[str, Any]) -> bytes:
    """One JSON line (UTF-8, non-ASCII kept readable, no NaN: a preference file must load anywhere)."""
    return (json.dumps(row, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


class ResumableJsonl:
    """An output file: the ids already done, and ``append`` for new lines (see the module docstring)."""

    def __init__(self, path: Path, settings: Mapping[str, Any], *, overwrite: bool = False):
        self.path = path
        self.settings = dict(settings)
        self.done: set[str] = set()
        self.dropped_tail = 0
        self._fd: int | None = None
        if overwrite:
            self._truncate(0)
        elif path.exists():
            self._read_existing()

    def _truncate(self, size: int) -> None:
        try:
            with self.path.open("ab") as handle:
                handle.truncate(size)
        except OSError as exc:
            raise OutputError(f"--out {self.path}: cannot write it ({exc.strerror or exc})") from None

    def _read_existing(self) -> None:
        try:
            content = self.path.read_bytes()
        except OSError as exc:
            raise OutputError(f"--out {self.path}: cannot read it to resume ({exc.strerror or exc})") from None
        complete = content.rfind(b"\n") + 1
        if complete < len(content):
            self.dropped_tail = len(content) - complete
            self._truncate(complete)
        for number, raw in enumerate(content[:complete].splitlines(), start=1):
            if raw.strip():
                self.done.add(self._check(raw, number))

    def _check(self, raw: bytes, number: int) -> str:
        where = f"{self.path}:{number}"
        fix = "pass --overwrite to start again, or choose another --out"
        try:
            row = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise OutputError(f"{where}: not a JSON line; is this the output of this command? {fix}") from None
        if not isinstance(row, dict) or not isinstance(row.get("id"), str) or not isinstance(row.get("metadata"), dict):
            raise OutputError(f"{where}: a line without an id and metadata, not written by this command; {fix}")
        for key, value in self.settings.items():
            if row["metadata"].get(key) != value:
                raise OutputError(f"{where}: metadata.{key} is {json.dumps(row['metadata'].get(key))}, this run has "
                                  f"{json.dumps(value)}; resume with the same settings, or pass --overwrite or "
                                  "another --out")
        return str(row["id"])

    def append(self, row: Mapping[str, Any]) -> None:
        """Write one finished item as one whole line."""
        data = dump_line(row)
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        written = os.write(self._fd, data)
        if written != len(data):  # a full disk: leave a cut line for resume to drop, and say so now
            raise OSError(f"{self.path}: wrote {written} of {len(data)} bytes (disk full?)")
        self.done.add(str(row["id"]))

    def close(self) -> None:
        """Flush to disk and close; idempotent."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.fsync(fd)
            os.close(fd)

    def __enter__(self) -> ResumableJsonl:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
