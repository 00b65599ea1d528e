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
    """Processes a finished job left behind on the host (should be none).

    A backend may answer itself through a ``leftover_processes()`` method (the docker
    backend knows its containers); for bwrap: processes running as the backend's uid
    outside its idle worker trees (bwrap outer, bwrap init, fork server).
    """
    own = getattr(backend, "leftover_processes", None)
    if callable(own):
        return set(own())
    if backend.name != "bwrap":
        return set()
    owned: set[int] = set()
    for pid in backend.worker_host_pids():  # type: ignore[attr-defined]
        owned |= {pid} | descendants(pid)
    uid = backend.config.uid  # type: ignore[attr-defined]
    return sandbox_uid_processes(uid) - owned - {os.getpid()}
