"""Where the score job writes: never over its own input, never a half-overwritten earlier file.

Rules (``rewardstack score -o PATH``):

- ``PATH`` is refused (:class:`ConfigError`, exit 2) when it is the same file as
  the input, the stack, the state or the cache file, however it is spelt: through
  a symlink, ``..``, or a hard link (compared by device and inode); also when it
  is a directory or cannot be written.
- Results go to a temporary file in the same folder (``.NAME.<random>.partial``).
  The first batch written replaces ``PATH`` by renaming that file into place
  (atomic), so an earlier output stays whole until this run has results. Later
  batches are appended to the file now at ``PATH``, one write and flush per
  batch: after a crash it holds every batch written before it and at worst a
  cut last line, which ``--resume`` drops. A symlink at ``PATH`` is kept and its
  target replaced.
- A run that writes no result leaves an existing ``PATH`` as it was (and creates
  an empty one if there was none).
- ``--resume`` keeps the complete result lines of an existing ``PATH`` (copied
  first into the new file) and the job skips their ids.
- ``-`` is standard output; an existing file that is not a regular file (a FIFO,
  ``/dev/null``) is written directly, never replaced.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "in.jsonl").write_text("{}\\n")
3
>>> ResultSink.open(folder / "in.jsonl", inputs={"input": folder / "in.jsonl"})
Traceback (most recent call last):
...
rewardstack.core.errors.ConfigError: output .../in.jsonl is the input file ...
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from rewardstack.core.errors import ConfigError
from rewardstack.core.result import StackResult
from rewardstack.jsonl import format_result

__all__ = ["ResultSink", "ResumeState", "STDIO"]

STDIO = "-"
_RESULT_KEYS = {"id", "total", "status"}


@dataclass
class ResumeState:
    """What ``--resume`` found in the existing output."""

    lines: dict[str, list[bytes]] = field(default_factory=dict)  # id -> its result lines, kept in file order
    order: list[str] = field(default_factory=list)
    cut_last_line: bool = False

    @property
    def ids(self) -> set[str]:
        return set(self.lines)

    def drop(self, ids: Iterable[str]) -> int:
        """Forget results (of a group only partly written: it is scored again whole)."""
        dropped = 0
        for sample_id in ids:
            dropped += len(self.lines.pop(sample_id, []))
        return dropped

    def kept_bytes(self) -> Iterable[bytes]:
        done: set[str] = set()
        for sample_id in self.order:
            if sample_id in self.lines and sample_id not in done:
                done.add(sample_id)
                yield from self.lines[sample_id]


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _check_not_an_input(output: Path, inputs: Mapping[str, Path | None]) -> None:
    try:
        out_stat = output.stat()
    except OSError:
        return  # not there yet: it cannot be any existing input
    for what, path in inputs.items():
        if path is None or str(path) == STDIO:
            continue
        try:
            if _same_file(out_stat, Path(path).stat()):
                raise ConfigError(f"output {output} is the {what} file {path} (same file on disk); writing it would "
                                  "destroy it: choose another --output")
        except OSError:
            continue


def read_resume(path: Path) -> ResumeState:
    """Complete result lines of an earlier output; :class:`ConfigError` if it is not one."""
    state = ResumeState()
    with path.open("rb") as handle:
        raw_lines = handle.read().split(b"\n")
    last = len(raw_lines) - 1  # the text after the final newline: empty unless the file was cut
    for number, raw in enumerate(raw_lines, start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            data = None
        if isinstance(data, dict) and _RESULT_KEYS <= data.keys() and isinstance(data["id"], str):
            if number - 1 == last:  # complete JSON but no newline: keep it, add the newline
                raw = raw.rstrip(b"\r")
            state.lines.setdefault(data["id"], []).append(raw + b"\n")
            state.order.append(data["id"])
        elif number - 1 == last:
            state.cut_last_line = True
        else:
            raise ConfigError(f"{path}:{number}: not a rewardstack result line; --resume continues only a file "
                              "written by `rewardstack score` (choose another --output, or drop --resume)")
    return state


class ResultSink:
    """The output of one score run (a file replaced safely, or a stream)."""

    def __init__(self, target: Path | None, stream: IO[bytes], *, temp: Path | None, existed: bool,
                 resume: ResumeState | None, owns_stream: bool = True):
        self.target = target  # None for a stream
        self._owns_stream = owns_stream
        self.existed = existed
        self.resume = resume
        self.written = 0
        self._stream = stream
        self._temp = temp
        self._published = temp is None
        self._good_size = 0

    # --- opening -------------------------------------------------------------------
    @classmethod
    def open(cls, output: str | Path, *, inputs: Mapping[str, Path | None], resume: bool = False) -> ResultSink:
        """Check ``output`` and prepare it; :class:`ConfigError` for a path that must not or cannot be written."""
        if str(output) == STDIO:
            if resume:
                raise ConfigError("--resume needs an output file (it reads the results already there), not -")
            return cls(None, sys.stdout.buffer, temp=None, existed=False, resume=None, owns_stream=False)
        path = Path(output)
        if path.is_dir():
            raise ConfigError(f"output {path} is a directory; give a file path (e.g. {path / 'scores.jsonl'})")
        _check_not_an_input(path, inputs)
        target = Path(os.path.realpath(path))  # a symlink stays; its target is what gets replaced
        try:
            existing = target.stat() if target.exists() else None
            if existing is not None and not stat.S_ISREG(existing.st_mode):
                return cls._direct(path, resume)
            state = read_resume(target) if resume and existing is not None else ResumeState() if resume else None
        except OSError as exc:
            raise ConfigError(f"cannot read output {path}: {exc.strerror}") from None
        temp, stream = cls._temp_file(target, existing)
        return cls(target, stream, temp=temp, existed=existing is not None, resume=state)

    @classmethod
    def _direct(cls, path: Path, resume: bool) -> ResultSink:
        if resume:
            raise ConfigError(f"--resume needs a regular output file; {path} is not one")
        try:
            stream = path.open("ab")
        except OSError as exc:
            raise ConfigError(f"cannot write output {path}: {exc.strerror}") from None
        return cls(None, stream, temp=None, existed=True, resume=None)

    @staticmethod
    def _temp_file(target: Path, existing: os.stat_result | None) -> tuple[Path, IO[bytes]]:
        folder = target.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temp = folder / f".{target.name}.{secrets.token_hex(4)}.partial"
            mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666  # new files: umask applies
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except OSError as exc:
            raise ConfigError(f"cannot write output {target}: {exc.strerror} ({exc.filename})") from None
        if existing is not None:
            os.chmod(temp, stat.S_IMODE(existing.st_mode))  # the umask must not narrow a replaced file's mode
        return temp, os.fdopen(fd, "wb")

    def prefill(self) -> None:
        """Copy the results kept by ``--resume`` into the new file (after :meth:`ResumeState.drop`)."""
        if self.resume is None:
            return
        for raw in self.resume.kept_bytes():
            self._stream.write(raw)
        self._stream.flush()
        self._good_size = self._stream.tell()

    # --- writing ---------------------------------------------------------------------
    def write(self, results: list[StackResult]) -> None:
        """Append results (one write + flush); the first write puts the file in place."""
        if not results:
            return
        payload = "".join(format_result(r) for r in results).encode("utf-8")
        try:
            self._stream.write(payload)
            self._stream.flush()
        except OSError:
            self._cut_back()
            raise
        self._good_size += len(payload)
        self.written += len(results)
        if not self._published:
            self._publish()

    def _cut_back(self) -> None:
        """After a failed write (full disk): leave no cut line behind."""
        if self.target is None:
            return
        try:
            self._stream.flush()
        except OSError:
            pass  # the buffer could not go out either; truncating below removes whatever did
        try:
            os.truncate(self._stream.fileno(), self._good_size)
        except OSError:
            pass  # nothing more can be done about a file that cannot be truncated either

    def _publish(self) -> None:
        assert self.target is not None and self._temp is not None
        os.fsync(self._stream.fileno())  # the content must be on disk before the rename makes it the output
        os.replace(self._temp, self.target)
        self._published = True

    def finish(self) -> str:
        """Close the output; returns what happened to the file in words (for the summary)."""
        if self.target is None:
            self._stream.flush()
            return "written"
        wrote_something = self.written > 0 or (self.resume is not None and self.resume.cut_last_line)
        if not self._published and (wrote_something or not self.existed):
            self._publish()
        self._stream.close()
        if not self._published:
            self.discard()
            return "left unchanged (nothing new to write)"
        if self.resume is not None:
            return "continued"
        if self.existed:
            return "replaced"
        return "written" if self.written else "created empty"

    def discard(self) -> None:
        """Remove the temporary file if it never became the output (an error before any result)."""
        if self._owns_stream and not self._stream.closed:
            try:
                self._stream.close()
            except OSError:
                pass  # a write that failed already was reported; closing only retries its flush
        if not self._published and self._temp is not None:
            try:
                self._temp.unlink()
            except OSError:
                pass  # already gone
