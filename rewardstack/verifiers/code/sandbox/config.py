"""Backend configs (a discriminated union on ``backend``) and the backend factory.

>>> from rewardstack.verifiers.code.sandbox.config import parse_sandbox_config
>>> parse_sandbox_config({"backend": "local", "allow_unsafe": True}).backend
'local'

Each backend module is imported lazily by :func:`make_backend`, so importing this
module never needs bubblewrap or the docker SDK.
"""

from __future__ import annotations

import importlib
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from rewardstack.verifiers.code.sandbox.base import SandboxBackend

__all__ = [
    "BACKEND_TARGETS",
    "BwrapConfig",
    "DockerConfig",
    "LocalConfig",
    "SandboxConfig",
    "make_backend",
    "parse_sandbox_config",
]


class _BackendConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    #: workers (concurrent jobs); None = number of CPUs
    workers: int | None = Field(default=None, ge=1, le=256)


class BwrapConfig(_BackendConfig):
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


class DockerConfig(_BackendConfig):
    """A warm pool of hardened Docker containers, each running the fork server as PID 1.

    ``workers`` is the pool size (containers, = concurrent jobs). Build the image with
    ``rewardstack sandbox build-image``; start the engine with ``make docker``.
    """

    backend: Literal["docker"] = "docker"
    image: str = "rewardstack-sandbox:latest"
    #: Docker daemon URL; None = the environment (DOCKER_HOST, else the local socket). The
    #: daemon must run on this host: each container's control socket is a bind mount.
    base_url: str | None = None
    #: unprivileged uid/gid inside the container (65534 = nobody in the image)
    uid: int = Field(default=65534, ge=1)
    gid: int = Field(default=65534, ge=1)
    #: CPUs each container may use (cgroup quota)
    cpus: float = Field(default=1.0, gt=0, le=256)
    #: size of each container's /tmp (holds the job's work dir) and /dev/shm tmpfs
    tmpfs_mb: int = Field(default=64, ge=1, le=65536)
    shm_mb: int = Field(default=16, ge=1, le=65536)
    #: cgroup limits the containers start with; a job with other ``Limits`` updates them
    memory_mb: int = Field(default=512, ge=16, le=65536)
    pids: int = Field(default=64, ge=1, le=4096)
    #: grace seconds added to a job's wall limit before the host replaces the container
    host_grace_s: float = Field(default=3.0, gt=0)
    #: seconds a new container may take to connect its fork server
    start_timeout_s: float = Field(default=30.0, gt=0)
    #: replace a container after this many jobs (bounds any slow leak in the server)
    max_jobs_per_worker: int = Field(default=5000, ge=1)


class LocalConfig(_BackendConfig):
    """No isolation at all: development only, refuses to start unless ``allow_unsafe``."""

    backend: Literal["local"] = "local"
    allow_unsafe: bool = False
    python: str = "/usr/bin/python3"


SandboxConfig = Annotated[BwrapConfig | DockerConfig | LocalConfig, Field(discriminator="backend")]

_ADAPTER: TypeAdapter[BwrapConfig | DockerConfig | LocalConfig] = TypeAdapter(SandboxConfig)

#: backend name -> "module:Class" (imported on first use)
BACKEND_TARGETS: dict[str, str] = {
    "bwrap": "rewardstack.verifiers.code.sandbox.bwrap_backend:BwrapBackend",
    "docker": "rewardstack.verifiers.code.sandbox.docker_backend:DockerBackend",
    "local": "rewardstack.verifiers.code.sandbox.local_backend:LocalBackend",
}


def parse_sandbox_config(data: Any) -> BwrapConfig | DockerConfig | LocalConfig:
    """Validate a mapping (or pass a config object through)."""
    if isinstance(data, BwrapConfig | DockerConfig | LocalConfig):
        return data
    return _ADAPTER.validate_python(data)


def make_backend(config: BwrapConfig | DockerConfig | LocalConfig | dict[str, Any]) -> SandboxBackend:
    """Build the backend a config names; raises ``SandboxUnavailable`` if it cannot work here."""
    cfg = parse_sandbox_config(config)
    module_name, _, attr = BACKEND_TARGETS[cfg.backend].partition(":")
    cls = getattr(importlib.import_module(module_name), attr)
    backend: SandboxBackend = cls(cfg)
    return backend
