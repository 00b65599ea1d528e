"""Host-side checks shared by the code tests (process table inspection)."""

from __future__ import annotations

import os
from pathlib import Path

from rewardstack.verifiers.code.sandbox import SandboxBackend


def sandbox_uid_processes(uid: int) -> set[int]:
    """Host pids running as the sandbox uid (bwrap's unprivileged user)."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("Uid:") and int(line.split()[1]) == uid:
                if "\nState:\tZ" not in status:
                    pids.add(int(entry.name))
    return pids


def descendants(pid: int) -> set[int]:
    out, todo = set(), [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                kids = (task / "children").read_text().split()
            except OSError:
                continue
            for kid in map(int, kids):
                if kid not in out:
                    out.add(kid)
                    todo.append(kid)
    return out


def stray_sandbox_processes(backend: SandboxBackend) -> set[int]:
    """Sandbox-uid processes on the host outside the backend's idle worker trees (should be none)."""
    owned: set[int] = set()
    for pid in getattr(backend, "worker_host_pids", lambda: [])():
        owned |= {pid} | descendants(pid)
    uid = getattr(getattr(backend, "config", None), "uid", None)
    if uid is None:  # not a uid-based backend: the docker backend checks its containers itself
        return set()
    return sandbox_uid_processes(uid) - owned - {os.getpid()}
