"""An outcome log in a JSONL file that grows while it is read: an in-memory index, kept exact.

Decisions:

- **Index in memory, updated by appends.** A JSONL file has no index, so the file is parsed
  once into ``join id -> rows`` and, after that, only the bytes appended since. Before the
  appended bytes are trusted, the bytes already read are hashed again and compared (a file
  rewritten, truncated or rotated is re-read from the start): re-hashing runs at C speed
  (0.09 s for 85 MB), parsing at Python speed (4.8 s per million lines), and only the former
  happens on every change. The index costs ~180 bytes per outcome (178 MiB for a million;
  ``benchmarks/perf/outcome_signals.py``): for many millions of outcomes, use SQLite.
- **Complete lines only.** A writer may be half-way through a line. The bytes up to the last
  newline are consumed; a last line without a newline is read only when it is already a whole
  JSON object (an editor saving without a final newline), and re-read on every change;
  otherwise it is pending, not malformed.
- **Fingerprint = SHA-256 of the bytes read** (complete lines plus an accepted last line), the
  very bytes the index holds, so the cache key and the scores always describe one state.
- **Skip the hash when nothing changed**: device, inode, size, mtime and ctime are compared
  first. A file modified just before it was read may change again inside the same timestamp
  tick with the same size (git's "racily clean" problem), so such a stat is not trusted and the
  next call compares the bytes. "Just before" is ``RACY_S`` (2 s) when the file's mtime is a
  whole second (FAT, HFS+, ext3 keep 1-2 s), else ``RACY_FINE_S`` (0.1 s: ext4, xfs, btrfs and
  tmpfs keep nanoseconds and tick every 1-10 ms).
- Malformed lines (not UTF-8, not JSON, not an object, no usable join id) belong to no sample:
  they are kept with their line numbers (:meth:`JsonlOutcomeLog.problems`) and announced once
  as a warning. Lines with a join id but a bad outcome or time are reported on that sample.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
import uuid
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from pydantic_core import from_json

from rewardstack.core.errors import SourceError
from rewardstack.rewards.outcomes.config import JsonlLogConfig
from rewardstack.rewards.outcomes.log import LogRow, LogUnavailable, join_key

__all__ = ["RACY_FINE_S", "RACY_S", "JsonlOutcomeLog"]

RACY_S = 2.0  # the coarsest mtime granularity in common use (FAT)
RACY_FINE_S = 0.1  # file systems with sub-second mtimes tick every 1-10 ms
_CHUNK = 1 << 20
_MAX_PROBLEMS_KEPT = 1000
_ONE_LINE = re.compile(r"at line \d+ column (\d+)$")  # the parser sees one line: its column is enough
_AT_COLUMN = r"at column \1"
Signature = tuple[int, int, int, int, int]


def _signature(st: os.stat_result) -> Signature:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class JsonlOutcomeLog:
    """Rows by join key from a growing JSONL file (thread-safe)."""

    ref_label = "line"

    def __init__(self, config: JsonlLogConfig):
        self.config = config
        self.path = Path(config.path)
        self._lock = threading.Lock()
        if not self.path.exists():
            raise SourceError(
                f"outcome log {self.path} does not exist. Point log.path at the JSONL file the deployment "
                f"appends outcomes to (one object per line: {{\"{config.key_field}\": ..., "
                f"\"{config.outcome_field}\": ..., \"{config.time_field}\": ...}}), or create it empty "
                f"(touch {self.path}) if nothing has been logged yet"
            )
        if not self.path.is_file():
            raise SourceError(f"outcome log {self.path} is not a file; give the path of a JSONL file")
        self._reset()
        try:
            self._refresh()
        except OSError as exc:
            raise SourceError(f"outcome log {self.path} cannot be read ({exc}); check its permissions") from None

    def _reset(self) -> None:
        self._index: dict[str, list[LogRow]] = {}
        self._hasher = hashlib.sha256()  # over exactly the consumed bytes
        self._consumed = 0
        self._lines = 0
        self._problems: list[str] = []
        self._problem_count = 0
        self._tail_rows: dict[str, list[LogRow]] = {}
        self._tail_note: str | None = None
        self._fingerprint = ""
        self._trusted: Signature | None = None  # the stat the index is known to match

    # --- reading ---------------------------------------------------------------------
    def _refresh(self) -> None:
        """Bring the index up to the file's current complete lines (caller holds the lock)."""
        if self._trusted is not None and _signature(os.stat(self.path)) == self._trusted:
            return
        with open(self.path, "rb") as handle:
            before = os.fstat(handle.fileno())
            if not self._prefix_unchanged(handle, before.st_size):
                self._reset()
                handle.seek(0)
            rest = handle.read()
            after = os.fstat(handle.fileno())
        known, kept = self._problem_count, len(self._problems)
        self._consume(rest)
        racy_s = RACY_S if after.st_mtime_ns % 1_000_000_000 == 0 else RACY_FINE_S
        stable = _signature(before) == _signature(after) and time.time() - after.st_mtime > racy_s
        self._trusted = _signature(after) if stable else None
        if self._problem_count > known:
            self._announce(self._problem_count - known, self._problems[kept:kept + 3])

    def _prefix_unchanged(self, handle: BinaryIO, size: int) -> bool:
        """Whether the file still starts with the bytes already consumed (read up to there)."""
        if self._consumed == 0:
            return True
        if size < self._consumed:
            return False
        digest, left = hashlib.sha256(), self._consumed
        while left:
            chunk = handle.read(min(_CHUNK, left))
            if not chunk:
                return False
            digest.update(chunk)
            left -= len(chunk)
        return digest.digest() == self._hasher.digest()

    def _consume(self, data: bytes) -> None:
        cut = data.rfind(b"\n") + 1
        complete, tail = data[:cut], data[cut:]
        for line in complete.split(b"\n")[:-1]:
            self._lines += 1
            self._add(line, self._lines, self._index, record=True)
        self._hasher.update(complete)
        self._consumed += len(complete)
        self._read_tail(tail)

    def _read_tail(self, tail: bytes) -> None:
        """The last line without a newline: read only when it is already a whole JSON object."""
        self._tail_rows, self._tail_note = {}, None
        accepted = b""
        if tail.strip():
            try:
                whole = isinstance(from_json(tail), dict)
            except ValueError:
                whole = False
            if whole:
                self._add(tail, self._lines + 1, self._tail_rows, record=False)
                accepted = tail
            else:
                self._tail_note = f"line {self._lines + 1}: incomplete last line (no newline yet), not read"
        self._fingerprint = "jsonl:" + self._hasher.hexdigest()
        if accepted:
            self._fingerprint += ":" + hashlib.sha256(accepted).hexdigest()

    def _add(self, line: bytes, number: int, index: dict[str, list[LogRow]], *, record: bool) -> None:
        if not line.strip():
            return
        problem, row = self._parse(line, number)
        if problem is not None:
            if record:  # a pending last line is re-read on every change: never counted twice
                self._problem_count += 1
                if len(self._problems) < _MAX_PROBLEMS_KEPT:
                    self._problems.append(problem)
            return
        assert row is not None
        key, entry = row
        index.setdefault(key, []).append(entry)

    def _parse(self, line: bytes, number: int) -> tuple[str | None, tuple[str, LogRow] | None]:
        try:
            obj = from_json(line)  # pydantic-core's parser: 3x json.loads, and strict UTF-8 (no lone surrogates)
        except ValueError as exc:
            return f"line {number}: not JSON ({_ONE_LINE.sub(_AT_COLUMN, str(exc))})", None
        if not isinstance(obj, dict):
            return f"line {number}: a JSON {type(obj).__name__}, not an object", None
        key = join_key(obj.get(self.config.key_field))
        if key is None:
            return f"line {number}: no usable {self.config.key_field!r} (a string or integer)", None
        return None, (key, (number, obj.get(self.config.outcome_field), obj.get(self.config.time_field)))

    def _announce(self, new: int, first: list[str]) -> None:
        shown = f" ({'; '.join(first)}{'; ...' if new > len(first) else ''})" if first else ""
        warnings.warn(f"outcome log {self.path}: {new} malformed line(s) skipped{shown}; "
                      "the source's log_problems() lists them", stacklevel=4)

    # --- the contract ----------------------------------------------------------------
    def fingerprint(self) -> str:
        with self._lock:
            try:
                self._refresh()
            except OSError:
                return f"jsonl-unreadable:{uuid.uuid4().hex}"  # the batch errors; nothing is cached
            return self._fingerprint

    def fetch(self, keys: Sequence[str | int]) -> dict[str, list[LogRow]]:
        with self._lock:
            try:
                self._refresh()
            except OSError as exc:
                raise LogUnavailable(f"outcome log {self.path} cannot be read: {exc}") from None
            found: dict[str, list[LogRow]] = {}
            for key in filter(None, map(join_key, keys)):
                rows = self._index.get(key, []) + self._tail_rows.get(key, [])
                if rows:
                    found[key] = rows
            return found

    def problems(self) -> list[str]:
        with self._lock:
            notes = list(self._problems)
            if self._problem_count > len(self._problems):
                notes.append(f"... and {self._problem_count - len(self._problems)} more")
            return notes + ([self._tail_note] if self._tail_note else [])

    def close(self) -> None:
        """Drop the index (the file is not held open between calls); a later call reads it again."""
        with self._lock:
            self._reset()
