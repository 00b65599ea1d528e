"""Per-worker cgroup v1 groups (memory + pids), created by the trusted host (root).

One group pair per sandbox worker. The host sets the job's limits before each job
and reads the OOM-kill counter after it. Where the hierarchy is not writable
(not root, cgroup v2 only, a container) :func:`open_worker_cgroup` returns None
and the backend falls back to rlimits.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

__all__ = ["WorkerCgroup", "open_worker_cgroup"]

_ROOT = Path("/sys/fs/cgroup")


def _own_path(controller: str) -> Path | None:
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if controller in controllers.split(","):
            return _ROOT / controller / path.lstrip("/")
    return None


@dataclass
class WorkerCgroup:
    memory: Path
    pids: Path
    _mem_limit: int = -1
    _pids_limit: int = -1

    @property
    def paths(self) -> tuple[Path, Path]:
        return self.memory, self.pids

    def set_limits(self, memory_bytes: int, pids: int) -> None:
        if memory_bytes != self._mem_limit:
            (self.memory / "memory.limit_in_bytes").write_text(str(memory_bytes))
            self._mem_limit = memory_bytes
        if pids != self._pids_limit:
            (self.pids / "pids.max").write_text(str(pids))
            self._pids_limit = pids

    def oom_kills(self) -> int:
        try:
            for line in (self.memory / "memory.oom_control").read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
        except OSError:
            pass
        return 0

    def remove(self) -> None:
        for path in (self.memory, self.pids):
            try:
                path.rmdir()
            except OSError:
                pass  # still has (dying) tasks; the kernel frees it when they are gone


def open_worker_cgroup() -> WorkerCgroup | None:
    """A fresh memory+pids group pair under our own groups, or None if not possible here."""
    mem_parent, pids_parent = _own_path("memory"), _own_path("pids")
    if mem_parent is None or pids_parent is None:
        return None
    name = f"rewardstack-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    mem, pids = mem_parent / name, pids_parent / name
    try:
        mem.mkdir()
        pids.mkdir()
    except OSError:
        for path in (mem, pids):
            try:
                path.rmdir()
            except OSError:
                pass
        return None
    return WorkerCgroup(mem, pids)
