"""``backend: docker``: a warm pool of hardened containers (``sandbox/docker_backend.py``, docs/sandbox_docker.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from rewardstack.verifiers.code.sandbox.base import BackendConfig, SandboxBackend
from rewardstack.verifiers.code.sandbox.registry import register_backend

__all__ = ["DockerConfig"]


@register_backend("docker")
class DockerConfig(BackendConfig):
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

    def build(self) -> SandboxBackend:
        from rewardstack.verifiers.code.sandbox.docker_backend import DockerBackend

        return DockerBackend(self)
