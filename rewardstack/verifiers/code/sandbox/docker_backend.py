"""Docker backend: a warm pool of hardened containers, each running the fork server as PID 1.

Every container: ``--network none``, read-only root, size-capped tmpfs ``/tmp`` (the
job's work dir lives in it) and ``/dev/shm``, cgroup memory (no swap) / pids / CPU
limits, uid 65534, ``--cap-drop ALL``, ``no-new-privileges``, Docker's default seccomp
profile (which, with no capabilities, refuses new user namespaces), a private IPC
namespace, no logs. Its PID 1 is ``sandbox/forkserver.py``, reached over a Unix socket
the host bind-mounts read-only (see ``docker_worker``), so a job is a fork inside a
running container -- about as cheap as the bwrap backend -- and never a ``docker run``.

Wall time is enforced twice from outside the job: by the fork server (kills everything
in the container but itself) and by the host (no reply by ``wall_s + host_grace_s``:
the container is force-removed and a replacement starts in the background).

Needs a local daemon and the image: ``make docker`` (scripts/setup_docker.sh, as root)
starts the engine and builds the image; ``rewardstack sandbox build-image`` rebuilds it.

>>> from rewardstack.verifiers.code.sandbox import DockerConfig, Job, make_backend
>>> with make_backend(DockerConfig(workers=2)) as box:  # doctest: +SKIP
...     box.run(Job(runner="python", argv=("m.py",), files={"m.py": b"print(6*7)"})).stdout
b'42\\n'
"""

from __future__ import annotations

import os
import weakref
from typing import Any

from rewardstack.core.errors import SandboxUnavailable
from rewardstack.verifiers.code.sandbox.backends.docker import DockerConfig
from rewardstack.verifiers.code.sandbox.base import IsolationReport, Job, JobResult, SandboxBackend, SandboxError

__all__ = ["DockerBackend", "docker_client", "remove_stale_containers"]

_FIX = "run `make docker` (scripts/setup_docker.sh, as root) to install and start the engine"


def docker_client(config: DockerConfig) -> Any:
    """A connected Docker SDK client, or ``SandboxUnavailable`` saying how to fix it."""
    try:
        import docker
        from docker.errors import DockerException
    except ImportError as exc:
        raise SandboxUnavailable("docker backend needs the Docker SDK: pip install 'rewardstack[docker]'") from exc
    try:
        if config.base_url:
            client = docker.DockerClient(base_url=config.base_url, timeout=60)
        else:
            client = docker.from_env(timeout=60)
        client.ping()
    except (DockerException, OSError) as exc:
        raise SandboxUnavailable(f"no Docker daemon answers ({exc}): {_FIX}") from exc
    try:
        client.images.get(config.image)
    except docker.errors.ImageNotFound as exc:
        raise SandboxUnavailable(
            f"sandbox image {config.image!r} not found: build it with `rewardstack sandbox build-image` "
            f"(no registry needed), or {_FIX}"
        ) from exc
    except (DockerException, OSError) as exc:
        raise SandboxUnavailable(f"cannot inspect image {config.image!r}: {exc}") from exc
    return client


def remove_stale_containers(client: Any) -> int:
    """Remove pool containers whose owning process is gone (a trainer that was killed).

    A container whose owner exits stops by itself (its server sees EOF), but it is not
    removed: ``docker rm`` needs someone alive. Returns how many were removed.
    """
    from docker.errors import DockerException

    from rewardstack.verifiers.code.sandbox.docker_worker import LABEL

    removed = 0
    try:
        containers = client.containers.list(all=True, filters={"label": LABEL})
    except (DockerException, OSError):
        return 0
    for container in containers:
        owner = container.labels.get(f"{LABEL}.owner-pid", "")
        if owner.isdigit() and _pid_alive(int(owner)):
            continue
        try:
            container.remove(force=True)
            removed += 1
        except (DockerException, OSError):
            continue
    return removed


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class DockerBackend(SandboxBackend):
    """Warm pool of hardened containers; see the module docstring."""

    name = "docker"

    def __init__(self, config: DockerConfig | None = None) -> None:
        from rewardstack.verifiers.code.sandbox.docker_pool import ContainerPool
        from rewardstack.verifiers.code.sandbox.docker_worker import ContainerSpec, DockerWorker

        self.config = cfg = config or DockerConfig()
        self._client = docker_client(cfg)
        remove_stale_containers(self._client)
        self.concurrency = cfg.workers or os.cpu_count() or 1
        spec = ContainerSpec(
            image=cfg.image,
            uid=cfg.uid,
            gid=cfg.gid,
            cpus=cfg.cpus,
            tmpfs_mb=cfg.tmpfs_mb,
            shm_mb=cfg.shm_mb,
            memory_mb=cfg.memory_mb,
            pids=cfg.pids,
            start_timeout_s=cfg.start_timeout_s,
        )
        client = self._client
        try:
            self._pool = ContainerPool(lambda: DockerWorker(client, spec), self.concurrency)
        except SandboxError as exc:
            raise SandboxUnavailable(f"docker backend cannot start a sandbox container: {exc}") from exc
        # containers go when the backend is collected or the interpreter exits without close()
        self._finalizer = weakref.finalize(self, self._pool.close)

    def run(self, job: Job) -> JobResult:
        worker = self._pool.acquire(timeout_s=max(120.0, self.config.start_timeout_s * 3))
        try:
            result, reusable = worker.run(job, self.config.host_grace_s)
        except SandboxError:
            self._pool.discard(worker)
            raise
        reusable = reusable and worker.jobs < self.config.max_jobs_per_worker
        self._pool.release(worker, healthy=reusable)
        return result

    def probe(self) -> IsolationReport:
        from rewardstack.verifiers.code.sandbox.probe import probe_backend

        oom_counter = any(w.cgroup is not None for w in self._pool.workers())
        notes = (
            f"image {self.config.image}",
            "memory/pids: container cgroup"
            + ("" if oom_counter else " (no cgroup v1 OOM counter: memory kills may read as killed)"),
            "seccomp: docker default profile",
        )
        return probe_backend(self, memory_limit="cgroup", pids_limit="cgroup", notes=notes)

    def worker_host_pids(self) -> list[int]:
        """Host pids of each pool container's PID 1 (the fork server's zygote): every process a job
        starts is inside one of these trees (host-side leak checks use this)."""
        return [w.host_pid for w in self._pool.workers() if w.host_pid]

    def container_ids(self) -> list[str]:
        """IDs of the live pool containers (tests and diagnostics)."""
        return [w.container.id for w in self._pool.workers() if w.container is not None]

    def close(self) -> None:
        self._finalizer.detach()
        self._pool.close()
        close = getattr(self._client, "close", None)
        if callable(close):
            close()
