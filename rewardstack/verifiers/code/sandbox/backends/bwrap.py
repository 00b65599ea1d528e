"""``backend: bwrap``: bubblewrap sandboxes with warm fork servers (Linux; ``sandbox/bwrap_backend.py``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from rewardstack.verifiers.code.sandbox.base import BackendConfig, SandboxBackend
from rewardstack.verifiers.code.sandbox.registry import register_backend

__all__ = ["BwrapConfig"]


@register_backend("bwrap")
class BwrapConfig(BackendConfig):
    """bubblewrap sandboxes with warm fork servers (Linux)."""

    backend: Literal["bwrap"] = "bwrap"
    bwrap_path: str = "bwrap"
    #: interpreter inside the sandbox: a system Python under /usr (no site-packages used)
    python: str = "/usr/bin/python3"
    #: unprivileged uid/gid the sandbox runs as (bwrap launched as root exposes /etc/shadow)
    uid: int = 65534
    gid: int = 65534
    #: size of the sandbox's /tmp (holds the work dir) and /dev/shm tmpfs
    tmpfs_mb: int = Field(default=64, ge=1, le=65536)
    #: "auto" uses cgroup v1 memory+pids controllers when writable, else rlimits only
    cgroups: Literal["auto", "off"] = "auto"
    #: "auto" forks jobs from a C loop compiled for ``python`` when a compiler and its headers exist
    #: (zygote_build.py), else from the same loop in Python; "off" always uses the Python loop
    native_zygote: Literal["auto", "off"] = "auto"
    #: extra read-only binds (host path -> sandbox path), e.g. a toolchain outside /usr
    extra_ro_binds: dict[str, str] = Field(default_factory=dict)
    #: grace seconds added to a job's wall limit before the host kills the whole sandbox
    host_grace_s: float = Field(default=3.0, gt=0)
    #: replace a worker after this many jobs (bounds any slow leak in the server)
    max_jobs_per_worker: int = Field(default=5000, ge=1)

    def build(self) -> SandboxBackend:
        from rewardstack.verifiers.code.sandbox.bwrap_backend import BwrapBackend

        return BwrapBackend(self)
